"""A second call on an application id shows the pending draft only if the folder still holds the
documents it was drafted from; otherwise it is refused in words (no stale memo for new papers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative, packet_folder

from underwrite.agent.errors import PacketChanged
from underwrite.agent.workflow import draft_memo


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    folder = packet_folder(tmp_path)
    (folder / "payslip.txt").write_text("Net pay: 2,450.00 EUR", "utf-8")
    return folder


def test_unchanged_documents_show_the_pending_draft_without_running_a_step(packet: Path) -> None:
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    first = draft_memo(packet, deps)
    steps: list[str] = []
    again = draft_memo(packet, deps, on_step=steps.append)
    assert again.reused and not first.reused and steps == []
    assert again.memo.content_hash() == first.memo.content_hash()


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_changed_documents_are_refused_in_words(packet: Path, change: str) -> None:
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    draft_memo(packet, deps)
    slip = packet / "payslip.txt"
    if change == "edit":
        slip.write_text("Net pay: 4,450.00 EUR", "utf-8")
    elif change == "add":
        (packet / "statement.csv").write_text("date;amount\n2025-01-31;2450", "utf-8")
    elif change == "remove":
        slip.unlink()
        (packet / "letter.txt").write_text("I ask for a loan.", "utf-8")
    else:
        slip.rename(packet / "payslip-march.txt")
    with pytest.raises(PacketChanged, match="other documents") as err:
        draft_memo(packet, deps)
    assert "new name" in str(err.value)
    assert len(deps.audit.records()) == 1  # nothing recorded for the refused call


def test_answer_keys_and_os_junk_are_no_change(packet: Path) -> None:
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    draft_memo(packet, deps)
    (packet / "answer_key.json").write_text("{}", "utf-8")
    (packet / ".DS_Store").write_bytes(b"\0")
    assert draft_memo(packet, deps).reused
