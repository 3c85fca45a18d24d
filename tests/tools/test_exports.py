from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import assemble_memo
from underwrite.core.memo import MemoFlag, NarrativeSource, VerificationStatus, Versions
from underwrite.core.schemas import Recommendation
from underwrite.tools.exports import ExportError, memo_to_markdown, write_memo


@pytest.fixture
def memo():
    return assemble_memo(
        make_evidence(),
        clean_narrative(),
        versions=Versions(score_model="m1", policy="p1", llm="l1", prompts={"memo_draft": "1+abc"}),
        flags=[MemoFlag(code="narrative_fallback", message="deterministic")],
        verification=VerificationStatus(passed=True, narrative_source=NarrativeSource.fallback, attempts=2),
    )


def test_markdown_has_tables_and_flag(memo) -> None:
    md = memo_to_markdown(memo)
    assert "| Debt-to-income | 35.1% |" in md and "Deterministic narrative" in md and "CP-4.2" in md


def test_docx_has_real_tables(memo, tmp_path: Path) -> None:
    from docx import Document

    path = write_memo(memo, tmp_path / "m.docx")
    doc = Document(BytesIO(path.read_bytes()))
    assert len(doc.tables) == 6
    assert any("35.1%" in c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_pdf_text_contains_memo(memo, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = write_memo(memo, tmp_path / "m.pdf")
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "german-0007" in text and "35.1%" in text


def test_unknown_format(memo, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"use \.md"):
        write_memo(memo, tmp_path / "m.xls")


def _edit(memo, markdown: str):
    from datetime import UTC, datetime

    from underwrite.core.canonical import sha256_text
    from underwrite.tools.exports import MemoEdit

    return MemoEdit(
        markdown=markdown,
        editor="erik",
        saved_at=datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
        sha256=sha256_text(markdown),
        original_sha256=memo.content_hash(),
    )


def test_edited_memo_round_trips_through_markdown_into_docx_and_pdf(memo, tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    edited = memo_to_markdown(memo).replace("Debt-to-income", "DTI (checked by hand)")
    edited += "\n## Reviewer note\n\nSalary slip for October **confirmed** by phone.\n"
    edit = _edit(memo, edited)

    doc = Document(BytesIO(write_memo(memo, tmp_path / "e.docx", edit).read_bytes()))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    paragraphs = [p.text for p in doc.paragraphs]
    assert len(doc.tables) == 6 and "DTI (checked by hand)" in cells and "Debt-to-income" not in cells
    assert "Salary slip for October confirmed by phone." in paragraphs  # emphasis markers dropped
    assert any(p.startswith("Edited by erik on 2026-11-22 09:30 UTC") for p in paragraphs)

    pdf = "".join(p.extract_text() for p in PdfReader(write_memo(memo, tmp_path / "e.pdf", edit)).pages)
    assert "checked by hand" in pdf and "Edited by erik" in pdf and memo.content_hash()[:16] in pdf

    md = write_memo(memo, tmp_path / "e.md", edit).read_text(encoding="utf-8").splitlines()
    title, *body = edited.splitlines()
    assert md[0] == title and md[1] == "" and md[3] == ""  # the notice sits right under the title
    assert md[2].startswith("> **Edited by erik on 2026-11-22 09:30 UTC")
    assert memo.content_hash()[:16] in md[2]
    assert "not to the reviewer's changes" in md[2] and md[4:] == body  # the reviewer's text, whole
    record = json.loads(write_memo(memo, tmp_path / "e.json", edit).read_text(encoding="utf-8"))
    assert record["reviewer_edit"]["editor"] == "erik" and record["application_id"] == memo.application_id


def test_markdown_blocks_kinds() -> None:
    from underwrite.tools.exports.blocks import Heading, Paragraph, TableBlock, markdown_blocks

    blocks = markdown_blocks("# T\n\n> note\n\n- a\n- b *c*\n\n| x | y |\n|---|---|\n| 1 |\n\ntext\n")
    assert blocks == [
        Heading("T", 0),
        Paragraph("note", "quote"),
        Paragraph("a", "bullet"),
        Paragraph("b c", "bullet"),
        TableBlock(["x", "y"], [["1", ""]]),
        Paragraph("text"),
    ]


def test_edited_markdown_without_a_title_gets_one_above_the_notice(memo, tmp_path: Path) -> None:
    edit = _edit(memo, "Approve; salary confirmed by phone.\n")
    md = write_memo(memo, tmp_path / "e.md", edit).read_text(encoding="utf-8").splitlines()
    assert md[0] == f"# Credit memo — {memo.application_id}" and md[2].startswith("> **Edited by erik")
    assert md[-1] == "Approve; salary confirmed by phone."


def test_precedent_rows_show_amount_term_and_the_match_they_are_ranked_by() -> None:
    from underwrite.core.precedent import PrecedentHit
    from underwrite.tools.exports import precedent_row

    hit = PrecedentHit(
        case_id="german-1",
        similarity=0.73,
        comparability=0.41,
        decision="approved",
        outcome="repaid",
        metadata={"amount": 7400.0, "term_months": 24, "currency": "DEM"},
    )
    assert precedent_row(hit) == [
        "german-1",
        "7,400 (DEM)",
        "24 months",
        "0.73",
        "0.41",
        "approved",
        "repaid",
    ]
    # An index built before cases carried their currency does not pass the number off as euro.
    older = precedent_row(PrecedentHit(case_id="old", similarity=0.5, metadata={"amount": 900.0}))
    assert older[1] == "900 (currency not stated)"
    bare = precedent_row(PrecedentHit(case_id="old", similarity=0.5))
    assert bare[1:3] == ["", ""] and bare[4] == ""


def test_summary_cells_carry_their_unit(memo) -> None:
    from underwrite.core.fields import FIELDS, FieldKind

    # The label says "Term", the cell must say months; money says its currency (the memo's own facts).
    suffix = {FieldKind.months: ("month", "months"), FieldKind.years: ("year", "years")}
    seen = set()
    for row in [*memo.request_summary, *memo.borrower_summary]:
        kind = FIELDS[str(row.source_id).removeprefix("fact:")].kind
        seen.add(kind)
        if kind is FieldKind.money:
            assert row.value.startswith("EUR "), row
        elif kind in suffix:
            assert row.value.split()[-1] in suffix[kind], row
    assert {FieldKind.money, FieldKind.months} <= seen


def test_policy_findings_read_in_units_and_words(memo) -> None:
    from underwrite.core.schemas import FindingStatus, Severity
    from underwrite.tools.exports.findings import finding_cells

    md = memo_to_markdown(memo)
    # The ratio table says 35.1%; the findings table said "dti = 0.3512 | <= 0.45".
    assert "| AFF-01 | CP-4.2 | Debt-to-income: 35.1% | <= 45.0% | hard | met |" in md
    row = memo.policy_findings[0]
    missing = row.model_copy(
        update={
            "subject": "inquiries_6m",
            "value": None,
            "limit": 4.0,
            "status": FindingStatus.cannot_evaluate,
        }
    )
    assert finding_cells(missing)[2:] == ["Inquiries (6m): not on file", "<= 4", "hard", "cannot evaluate"]
    amount = row.model_copy(update={"subject": "loan_amount", "value": 10477.0, "limit": 50000.0})
    assert finding_cells(amount)[2:4] == ["Loan amount: EUR 10,477", "<= EUR 50,000"]
    stated = row.model_copy(
        update={"subject": "monthly_expenses", "operator": "exists", "limit": None, "severity": Severity.soft}
    )
    assert finding_cells(stated)[3] == "must be stated"


def test_the_borrower_table_shows_what_the_debt_ratios_are_computed_from() -> None:
    ev = make_evidence()
    ev = ev.model_copy(
        update={"facts": {**ev.facts, "monthly_debt_payments": 327.3, "monthly_housing_cost": 0.0}}
    )
    memo = assemble_memo(
        ev,
        clean_narrative(),
        versions=Versions(score_model="m1", policy="p1", llm="l1", prompts={}),
        flags=[],
        verification=VerificationStatus(passed=True, narrative_source=NarrativeSource.llm, attempts=1),
    )
    rows = {r.label: r.value for r in memo.borrower_summary}
    assert rows["Existing debt payments"] == "EUR 327.30/month" and rows["Housing cost"] == "EUR 0.00/month"
    assert rows["Net monthly income"] == "EUR 2,450.00"  # the label already says monthly


def test_recommendation_in_words_and_no_blank_prompt_versions() -> None:
    memo = assemble_memo(
        make_evidence(),
        clean_narrative(),
        versions=Versions(score_model="m1", policy="p1", llm="l1", prompts={}),
        flags=[],
        verification=VerificationStatus(
            passed=True, narrative_source=NarrativeSource.deterministic, attempts=0
        ),
    )
    memo = memo.model_copy(update={"recommendation": Recommendation.approve_with_conditions})
    md = memo_to_markdown(memo)
    assert "- approve with conditions (policy: " in md and "approve_with_conditions" not in md
    assert md.rstrip().endswith("prompts none used")  # it ended "prompts " when no prompt was used
