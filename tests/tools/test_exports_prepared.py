"""A memo is a dated document: every export says when it was drafted and by what, and a memo stored
by an earlier build (no such fields) says they were not recorded instead of inventing them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite import __version__
from underwrite.agent.memo import assemble_memo
from underwrite.core.memo import Memo, NarrativeSource, VerificationStatus, Versions
from underwrite.tools.exports import memo_to_markdown, write_memo


def _memo(prepared_at: datetime | None = None) -> Memo:
    return assemble_memo(
        make_evidence(),
        clean_narrative(),
        versions=Versions(score_model="m1", policy="p1", llm="l1"),
        flags=[],
        verification=VerificationStatus(passed=True, narrative_source=NarrativeSource.llm, attempts=1),
        prepared_at=prepared_at,
    )


def test_an_assembled_memo_is_dated_now_and_names_its_preparer() -> None:
    before = datetime.now(UTC)
    memo = _memo()
    assert memo.prepared_at is not None and before <= memo.prepared_at <= datetime.now(UTC)
    assert memo.prepared_by.startswith(f"underwrite {__version__}") and "underwriter" in memo.prepared_by


def test_the_markdown_says_when_and_by_what_right_under_the_title() -> None:
    md = memo_to_markdown(_memo(datetime(2026, 3, 4, 9, 5, tzinfo=UTC))).splitlines()
    assert md[0].startswith("# Credit memo")
    assert md[2].startswith("Prepared 2026-03-04 09:05 UTC by underwrite ")


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_pdf_and_docx_carry_the_date_too(suffix: str, tmp_path: Path) -> None:
    path = write_memo(_memo(datetime(2026, 3, 4, 9, 5, tzinfo=UTC)), tmp_path / f"m{suffix}")
    if suffix == ".pdf":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(path).pages)
    else:
        from docx import Document

        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Prepared 2026-03-04 09:05 UTC" in " ".join(text.split())


def test_a_memo_stored_by_an_earlier_build_says_the_date_was_not_recorded() -> None:
    stored = _memo().model_dump(mode="json")
    del stored["prepared_at"], stored["prepared_by"]
    old = Memo.model_validate(stored)
    md = memo_to_markdown(old)
    assert old.prepared_at is None and "date and preparer not recorded" in md
    assert "Prepared 2" not in md


def test_the_date_round_trips_through_the_json_export(tmp_path: Path) -> None:
    memo = _memo(datetime(2026, 3, 4, 9, 5, tzinfo=UTC))
    back = Memo.model_validate_json(write_memo(memo, tmp_path / "m.json").read_text("utf-8"))
    assert back.prepared_at == memo.prepared_at and back.content_hash() == memo.content_hash()
