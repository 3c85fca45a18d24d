"""Rule-layer extraction: parsers, layouts, provenance spans and accuracy on generated packets."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from underwrite.bench.extraction import evaluate_packets, values_match
from underwrite.core.schemas import Application, Document, FactMethod, MediaType, Page
from underwrite.synth import PacketTruth, generate_packets, load_application
from underwrite.tools.intake import DocumentFailure
from underwrite.tools.intake.extraction import extract_facts, missing_fields
from underwrite.tools.intake.extraction.parse import find_date, money_tokens, parse_money, parse_months


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packets")
    generate_packets("german", 5, root, seed=21)
    generate_packets("sme", 2, root, seed=21)
    return root


@pytest.fixture(scope="module")
def loaded(packets: Path) -> dict[Path, tuple[Application, list[DocumentFailure]]]:
    return {folder: load_application(folder) for folder in sorted(packets.iterdir())}


def _doc(text: str, kind: str = "application_form") -> Document:
    return Document(doc_id="d1", filename="f.txt", media_type=MediaType.text, sha256="0" * 64, size_bytes=1,
                    pages=[Page(number=1, text=text)], kind=kind)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("EUR 1,234", 1234.0),
        ("1 234,50 €", 1234.5),
        ("€1,234.50", 1234.5),
        ("1234.50 EUR", 1234.5),
        ("1.169", 1169.0),
        ("-€45.20", -45.2),
        ("12,50", 12.5),
    ],
)
def test_money_formats(text: str, value: float) -> None:
    assert parse_money(text) == value


def test_money_tokens_keep_adjacent_amounts_apart() -> None:
    values = [t.value for t in money_tokens("Card ref K-48213 45,20 1 234,56 €")]
    assert values == [45.2, 1234.56]


@pytest.mark.parametrize("text", ["2025-03-14", "14.03.2025", "14/03/2025", "14 Mar 2025", "March 14, 2025"])
def test_date_formats(text: str) -> None:
    hit = find_date(f"Date of birth: {text}")
    assert hit is not None and hit[0] == date(2025, 3, 14)


def test_durations() -> None:
    assert parse_months("2 years") == 24
    assert parse_months("3 years 6 months") == 42
    assert parse_months("18 mo.") == 18
    assert parse_months("36") == 36


def test_labels_in_any_layout_with_exact_spans() -> None:
    text = "\n".join(
        [
            "Loan product: small business loan Term: 48 months",
            "Credit amount 48.900,00 €",
            "Telephone registered",
            "Nationality Italian",
            "Net monthly income",
            "2,345.67 EUR",
            "Signature: ________ Date: 14 Apr 2025",
        ]
    )
    facts = {f.name: f for f in extract_facts([_doc(text)])}
    assert facts["product"].value == "sme_term_loan"
    assert facts["loan_term_months"].value == 48
    assert facts["loan_amount"].value == 48900.0
    assert facts["telephone"].value == "yes"
    assert facts["nationality"].value == "Italian"
    assert facts["monthly_net_income"].value == 2345.67
    assert facts["application_date"].value == "2025-04-14"
    for fact in facts.values():
        if fact.source is not None:
            assert text[fact.source.start : fact.source.end] == fact.source.quote
    assert {f.method for f in facts.values()} == {FactMethod.form}


def test_statement_rows_sign_from_balance() -> None:
    text = "\n".join(
        [
            "01.01.2025 Opening balance 100,00",
            "02.01.2025 02.01.2025 Card payment REWE 40,00 60,00",
            "27.01.2025 27.01.2025 Salary ACME 1.000,00 1.060,00",
            "03.02.2025 03.02.2025 Rent standing order 500,00 560,00",
            "27.02.2025 27.02.2025 Salary ACME 1.000,00 1.560,00",
        ]
    )
    facts = {f.name: f for f in extract_facts([_doc(text, "bank_statement")])}
    assert facts["statement_avg_monthly_deposits"].value == 1000.0
    assert facts["statement_avg_closing_balance"].value == (1060.0 + 1560.0) / 2
    assert facts["statement_avg_monthly_deposits"].method == FactMethod.rule
    assert facts["statement_avg_monthly_deposits"].confidence == 1.0
    # An average cites the transaction lines it averages, not one of them.
    span = facts["statement_avg_monthly_deposits"].source
    assert span is not None and span.quote == text[text.index("02.01.2025") :]
    assert facts["statement_avg_closing_balance"].source == span


def test_accuracy_on_generated_packets(packets: Path) -> None:
    report = evaluate_packets(packets, show_progress=False)
    assert report.packets == 7
    assert report.accuracy["form"] >= 0.99, report.mismatches
    assert report.accuracy["rule"] >= 0.99, report.mismatches
    assert report.document_failures == 0
    # A field stated only in the cover letter is either left missing or read by the prose rules
    # with its true value; never read wrong.
    for name, (reported, n) in report.prose_only_reported_missing.items():
        correct, read = report.prose_only_read.get(name, [0, 0])
        assert correct == read and reported + read == n, name


def test_scorer_can_fail(packets: Path, tmp_path: Path) -> None:
    """Red case: a packet whose truth disagrees with its documents must lower the score."""
    folder = next(p for p in sorted(packets.iterdir()) if p.name.startswith("APP-GER"))
    shutil.copytree(folder, tmp_path / folder.name)
    truth = PacketTruth.read(tmp_path / folder.name / "truth.json")
    truth.fields["loan_amount"] = float(truth.fields["loan_amount"]) + 1  # type: ignore[arg-type]
    truth.write(tmp_path / folder.name / "truth.json")
    report = evaluate_packets(tmp_path, show_progress=False)
    assert report.accuracy["form"] < 1.0
    assert [m.field for m in report.mismatches] == ["loan_amount"]
    assert not values_match(1000.0, None) and not values_match("rent", "own")


def test_provenance_spans_quote_the_page(
    loaded: dict[Path, tuple[Application, list[DocumentFailure]]],
) -> None:
    for application, failures in loaded.values():
        assert not failures
        pages = {(d.doc_id, p.number): p.text for d in application.documents for p in d.pages}
        for fact in application.facts:
            assert fact.source is not None, fact.name
            span = fact.source
            assert pages[(span.doc_id, span.page)][span.start : span.end] == span.quote, fact.name


def test_load_application_never_reads_truth(loaded: dict[Path, tuple[Application, list[DocumentFailure]]],
                                            tmp_path: Path) -> None:  # fmt: skip
    folder, (original, _) = next(iter(loaded.items()))
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    (copy / "truth.json").write_text("{ this is not even json")
    tampered, failures = load_application(copy)
    assert failures == []
    assert [(f.name, f.value) for f in tampered.facts] == [(f.name, f.value) for f in original.facts]
    assert tampered.application_id == folder.name
    assert all(d.filename != "truth.json" for d in tampered.documents)


def test_prose_only_fields_are_missing_or_read_correctly(
    loaded: dict[Path, tuple[Application, list[DocumentFailure]]],
) -> None:
    for folder, (application, _) in loaded.items():
        truth = PacketTruth.read(folder / "truth.json")
        missing = set(missing_fields(application.facts, truth.product))
        assert "applicant_statement" in missing  # the letter itself: left to the LLM layer
        for fact in application.facts:  # other letter-only fields: read by the prose rules, correctly
            if fact.name in truth.prose_only:
                assert fact.method == FactMethod.rule and fact.value == truth.fields[fact.name], fact
