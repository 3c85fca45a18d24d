"""Two workers drafting the same job: the first stalled past its lease (a zombie whose thread
cannot be interrupted) and the second took the job over, on the same checkpoint thread and run.
Whichever returns first, the memo the queue publishes, the memo in the run's state (what a
decision is taken on) and the one ``memo_drafted`` record must all be the successor's: the zombie
writes nothing once its lease is gone (``agent.lease``), and its result is not published.

The contexts come from the real worker (``BatchWorker._context``), which gives the runner its lease
check; the two "workers" are two runners in threads, so the interleaving is certain."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative
from batch_support import QUICK, db_url, make_packets, make_repo

from underwrite.agent.lease import LeaseLost
from underwrite.agent.workflow import run_view
from underwrite.core.memo import Memo
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.models import utcnow_naive
from underwrite.queue.schemas import JobContext
from underwrite.queue.worker import BatchWorker
from underwrite.records.audit import AuditLog

__all__ = ["db_url"]


class GatedLLM(ScriptedLLM):
    """Holds the memo draft call until ``gate`` returns, then answers with this worker's narrative."""

    def __init__(self, text: str, gate: Any) -> None:
        super().__init__(script={"MemoNarrative": [narrative(extra=f" Drafted by {text}.")] * 3})
        self.gate = gate

    def structured(self, messages: list[dict[str, Any]], schema: type[Any], **kw: Any) -> Any:
        if schema.__name__ == "MemoNarrative":
            self.gate()
        return super().structured(messages, schema, **kw)


def _context(repo: Any, job: Any, owner: str) -> JobContext:
    """The job's context as the worker ``owner`` builds it (its lease check included)."""
    return BatchWorker(repo, AgentMemoRunner(deps=object(), concurrency=1), 1, owner=owner)._context(job)


def _take_over(repo: Any, later: datetime) -> Any:
    """Claim the job as the successor. On PostgreSQL a claim skips a job whose run is writing a
    checkpoint at that moment (its row is locked by the lease fence), as a worker's next poll
    would find it again: try again until it is claimed (bounded)."""
    for _ in range(200):
        claimed = repo.claim("successor", 1, now=later)
        if claimed:
            return claimed[0]
        time.sleep(0.05)
    raise AssertionError("the successor never got the job")


@pytest.mark.parametrize("first_back", ["zombie", "successor"])
def test_a_zombie_changes_nothing_whether_it_returns_before_or_after_its_successor(
    db_url: str, tmp_path: Path, first_back: str
) -> None:
    """Before the fix, with the successor back first, the zombie's later checkpoints became the
    run's state: a decision would be taken on the zombie's memo, which nobody published, while the
    queue's file was the successor's (and the zombie's own record was dropped by the run's dedupe
    key, so the trail named a memo the state no longer held). With the zombie back first, its
    draft had a record of its own beside the successor's: a memo nobody reviewed."""
    repo = make_repo(db_url, QUICK)
    (packet,) = make_packets(tmp_path, 1)
    repo.add([packet])
    (first,) = repo.claim("zombie", 1)
    later = utcnow_naive() + timedelta(seconds=QUICK.lease_s + 1)
    zombie_drafting, taken_over, successor_done = threading.Event(), threading.Event(), threading.Event()

    def zombie_gate() -> None:
        zombie_drafting.set()
        assert (successor_done if first_back == "successor" else taken_over).wait(120)

    zombie = AgentMemoRunner(deps=make_deps(GatedLLM("the zombie", zombie_gate)), concurrency=1)
    zombie_context = _context(repo, first, "zombie")
    outcomes: dict[str, Any] = {}

    def run_zombie() -> None:
        try:
            outcomes["zombie"] = asyncio.run(zombie.run(zombie_context))
        except Exception as exc:  # the fence: a worker that lost its lease writes nothing
            outcomes["zombie"] = exc

    thread = threading.Thread(target=run_zombie)
    thread.start()
    assert zombie_drafting.wait(120)
    second = _take_over(repo, later)  # the zombie's lease expired meanwhile
    taken_over.set()
    if first_back == "zombie":
        thread.join(120)
    successor = AgentMemoRunner(deps=make_deps(GatedLLM("the successor", lambda: None)), concurrency=1)
    outcomes["successor"] = asyncio.run(successor.run(_context(repo, second, "successor")))
    assert repo.complete(
        second.id, "successor", outcomes["successor"], second.run_key, second.attempt, packet.name
    )
    drafted_before = [e for e in AuditLog().records(packet.name) if e.kind == "memo_drafted"]
    successor_done.set()
    thread.join(120)
    assert not thread.is_alive()

    zombie_result = outcomes["zombie"]
    assert isinstance(zombie_result, LeaseLost), zombie_result
    assert "taken over by another worker" in str(zombie_result)
    published = Memo.model_validate_json(Path(repo.jobs()[0].memo_path or "").read_text())
    assert "Drafted by the successor." in published.narrative.summary.text
    state_memo = run_view(packet.name).memo
    assert state_memo is not None and "Drafted by the zombie." not in state_memo.narrative.summary.text
    assert state_memo.content_hash() == published.content_hash(), "the run's state is not the published memo"
    drafted = [e for e in AuditLog().records(packet.name) if e.kind == "memo_drafted"]
    assert drafted == drafted_before, "the zombie added or changed memo_drafted records"
    assert [e.payload["memo_sha256"] for e in drafted] == [published.content_hash()]
    assert AuditLog().verify_chain().ok
