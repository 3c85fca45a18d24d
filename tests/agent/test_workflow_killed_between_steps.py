"""A run SIGKILLed after a step saved its writes but before the next checkpoint resumes.

Found by `underwrite bench batch --mode agent` (issue 14, part 9): a worker killed at that moment
left a thread whose state shows no ``next`` step — LangGraph counts the step as done from its saved
writes — and the retried job failed with "application … has already been decided" though no
decision existed. The kill is reproduced by removing the checkpoints written after that step.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.agent.checkpoints import open_checkpointer
from underwrite.agent.graph import compile_graph
from underwrite.agent.workflow import draft_memo
from underwrite.core.settings import get_settings


def _cut_after(thread: str, keep: int) -> None:
    """Delete the thread's checkpoints (and their writes) after the ``keep``-th; that one's own
    writes stay, as they do when the process dies before the next checkpoint is written."""
    with sqlite3.connect(get_settings().checkpoints_path) as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT checkpoint_id FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id", (thread,)
            )
        ]
        for gone in ids[keep + 1 :]:
            conn.execute("DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?", (thread, gone))
            conn.execute("DELETE FROM writes WHERE thread_id = ? AND checkpoint_id = ?", (thread, gone))


def test_run_killed_after_a_step_saved_its_writes_resumes_instead_of_reporting_decided(
    tmp_path: Path,
) -> None:
    packet = tmp_path / "german-0042"
    packet.mkdir()
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative(), narrative()]}))
    first = draft_memo(packet, deps)
    assert first.status == "awaiting_review"
    with open_checkpointer(None) as saver:
        history = list(compile_graph(saver).get_state_history({"configurable": {"thread_id": packet.name}}))
    _cut_after(packet.name, keep=len(history) - 4)
    with open_checkpointer(None) as saver:
        snap = compile_graph(saver).get_state({"configurable": {"thread_id": packet.name}})
    assert not snap.next and snap.tasks, "the cut must leave a step done by its writes only"

    again = draft_memo(packet, deps)
    assert again.status == "awaiting_review" and again.resumed
    assert again.memo.model_dump() == first.memo.model_dump()
    assert [r.kind for r in deps.audit.records()] == ["memo_drafted"]
