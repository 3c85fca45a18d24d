from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from agent_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import assemble_memo
from underwrite.agent.memo.model import MemoFlag, NarrativeSource, VerificationStatus, Versions
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
