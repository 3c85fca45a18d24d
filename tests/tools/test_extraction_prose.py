"""Cue-pattern rules for applications written in sentences (tests/data/prose_sentences.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from underwrite.core.schemas import Document, FactMethod, MediaType, Page
from underwrite.tools.intake.extraction import extract_facts
from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.intake.extraction.prose_numbers import number_mentions

CORPUS = json.loads((Path(__file__).parents[1] / "data" / "prose_sentences.json").read_text(encoding="utf-8"))
REF = date.fromisoformat(CORPUS["reference_date"])


def _same(expected: object, got: object) -> bool:
    if isinstance(expected, str):
        return expected == got
    return isinstance(got, int | float) and abs(float(got) - float(expected)) < 0.011  # type: ignore[arg-type]


def test_corpus_is_big_enough_and_bilingual() -> None:
    langs = [s["lang"] for s in CORPUS["sentences"]]
    assert len(langs) >= 40 and langs.count("en") >= 15 and langs.count("de") >= 15


@pytest.mark.parametrize("case", CORPUS["sentences"], ids=lambda c: c["text"][:48])
def test_rules_read_exactly_the_stated_fields(case: dict) -> None:
    hits = prose_hits(case["text"], REF)
    got = {h.name: h.value for h in hits}
    assert set(got) == set(case["expected"]), got
    for name, value in case["expected"].items():
        assert _same(value, got[name]), (name, got[name])
    for hit in hits:  # every value quotes real text
        assert case["text"][hit.start : hit.end].strip()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.500 €", 12500), ("1.850,00 EUR", 1850), ("1,850.00", 1850), ("9.500,- EUR", 9500),
        ("2,5 Jahre", 2.5), ("15k", 15000), ("12,5 Tsd. Euro", 12500), ("EUR 20 000.", 20000),
        ("fifteen thousand five hundred", 15500), ("twenty-four", 24), ("two and a half", 2.5),
        ("fünfzehntausend", 15000), ("vierundzwanzig", 24), ("zweieinhalb", 2.5), ("anderthalb", 1.5),
        ("dreitausendzweihundert", 3200), ("siebenhundertfünfzig", 750),
    ],
)  # fmt: skip
def test_numbers_in_any_format_and_in_words(text: str, value: float) -> None:
    assert [m.value for m in number_mentions(text)] == [pytest.approx(value)]


def _doc(text: str, kind: str = "cover_letter", media: MediaType = MediaType.text) -> Document:
    return Document(doc_id="e1", filename="mail.txt", media_type=media, sha256="0" * 64, size_bytes=1,
                    pages=[Page(number=1, text=text)], kind=kind)  # fmt: skip


def test_extract_facts_reads_prose_with_quotes_and_since_against_the_letter_date() -> None:
    text = (
        "Date: 14 March 2026\n\nDear Sir or Madam,\n\nI would like to borrow €9,000 over 36 months. "
        "I have worked for Palmer & Sons since 2020 and earn 2.300 € net a month."
    )
    facts = {f.name: f for f in extract_facts([_doc(text)])}
    assert facts["loan_amount"].value == 9000 and facts["loan_amount"].source.quote == "9,000"  # type: ignore[union-attr]
    assert facts["loan_term_months"].value == 36
    assert facts["employment_years"].value == 6  # 2026 - 2020, from the e-mail's date
    assert facts["monthly_net_income"].value == 2300
    read = [facts[n] for n in ("loan_amount", "loan_term_months", "employment_years", "monthly_net_income")]
    assert all(f.method == FactMethod.rule and f.confidence < 1 for f in read)


def test_prose_never_overrides_a_form_and_skips_data_exports() -> None:
    form = _doc("Loan application\nApplicant name: A B\nLoan amount: 5,000.00", kind="application_form")
    letter = _doc("I would like to borrow €9,000 for a used car.")
    facts = extract_facts([form, letter])
    amounts = [f.value for f in facts if f.name == "loan_amount"]
    assert amounts == [5000.0]
    assert [f.value for f in facts if f.name == "loan_purpose"] == ["car (used)"]
    export = _doc("amount,term\nI would like to borrow 9000,12\n", kind="unknown", media=MediaType.csv)
    assert extract_facts([export]) == []
