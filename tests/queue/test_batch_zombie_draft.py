"""Two workers drafting the same job at once: the first stalled past its lease (a zombie whose
thread cannot be interrupted) and the second took the job over. Both finish the graph on the same
checkpoint thread and the same run. Whatever each drafted must be in the audit trail: the memo the
queue publishes and the memo a decision would be taken on must each have its ``memo_drafted``
record, or the trail holds a memo nobody reviewed and lacks the one that was."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from agent_fakes import ScriptedLLM, make_deps, narrative
from batch_support import QUICK, db_url, make_packets, make_repo

from underwrite.agent.workflow import run_view
from underwrite.core.memo import Memo
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.models import utcnow_naive
from underwrite.queue.schemas import JobContext
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


def test_a_zombie_and_its_successor_both_drafting_leave_every_memo_audited(
    db_url: str, tmp_path: Path
) -> None:
    repo = make_repo(db_url, QUICK)
    (packet,) = make_packets(tmp_path, 1)
    repo.add([packet])
    (first,) = repo.claim("zombie", 1)
    later = utcnow_naive() + timedelta(seconds=QUICK.lease_s + 1)
    (second,) = repo.claim("successor", 1, now=later)  # the zombie's lease expired
    both_drafting = threading.Barrier(2, timeout=60)
    zombie_done = threading.Event()

    def context(job: Any) -> JobContext:
        return JobContext(
            job_id=job.id,
            application_id=job.application_id,
            packet_dir=packet,
            attempt=job.attempt,
            run_key=job.run_key,
            staging_dir=repo.staging_dir(),
        )

    zombie = AgentMemoRunner(deps=make_deps(GatedLLM("the zombie", both_drafting.wait)), concurrency=1)

    def successor_gate() -> None:
        both_drafting.wait()
        assert zombie_done.wait(60)  # the zombie records its draft first, then the successor drafts

    successor = AgentMemoRunner(deps=make_deps(GatedLLM("the successor", successor_gate)), concurrency=1)
    outcomes: dict[str, Any] = {}

    def run_zombie() -> None:
        try:
            outcomes["zombie"] = asyncio.run(zombie.run(context(first)))
        finally:
            zombie_done.set()

    thread = threading.Thread(target=run_zombie)
    thread.start()
    outcomes["successor"] = asyncio.run(successor.run(context(second)))
    thread.join(60)

    # The queue publishes the lease holder's memo only.
    assert repo.complete(
        second.id, "successor", outcomes["successor"], second.run_key, second.attempt, packet.name
    )
    assert not repo.complete(
        first.id, "zombie", outcomes["zombie"], first.run_key, first.attempt, packet.name
    )
    published = json.loads(Path(repo.jobs()[0].memo_path or "").read_text())
    assert "Drafted by the successor." in published["narrative"]["summary"]["text"]

    drafted = [e for e in AuditLog().records(packet.name) if e.kind == "memo_drafted"]
    audited = {e.payload["memo_sha256"] for e in drafted}
    state_memo = run_view(packet.name).memo
    assert state_memo is not None
    assert Memo.model_validate(published).content_hash() in audited, (
        "the published memo has no memo_drafted record"
    )
    assert state_memo.content_hash() in audited, "the memo a decision is taken on has no memo_drafted record"
    zombie_memo = Memo.model_validate_json(outcomes["zombie"].memo_path.read_text())
    assert "Drafted by the zombie." in zombie_memo.narrative.summary.text
    assert zombie_memo.content_hash() in audited, "the zombie's draft happened but is not in the trail"
    assert len(drafted) == len(audited)  # one record per distinct memo, no duplicates
    assert AuditLog().verify_chain().ok
