"""A drafted memo is dated by the run that read the documents, and says what prepared it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from agent_fakes import ScriptedLLM, make_deps, narrative, packet_folder

from underwrite.agent.workflow import draft_memo
from underwrite.tools.exports import memo_to_markdown


def test_a_drafted_memo_is_dated_by_its_run_and_names_its_preparer(tmp_path: Path) -> None:
    before = datetime.now(UTC)
    result = draft_memo(packet_folder(tmp_path), make_deps(ScriptedLLM({"MemoNarrative": [narrative()]})))
    memo = result.memo
    assert memo.prepared_at is not None and before <= memo.prepared_at <= datetime.now(UTC)
    assert memo.prepared_by.startswith("underwrite ")
    assert f"Prepared {memo.prepared_at:%Y-%m-%d %H:%M} UTC by underwrite" in memo_to_markdown(memo)
