"""The `agent` runner: the memo graph in a batch worker, over HTTP to the fake OpenAI server.

The graph's tools are the agent tests' doubles (no score model or index to build); the LLM is the
real client against the fake server, the queue, checkpoints and audit trail are real.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from agent_fakes import ScriptedLLM, make_deps, narrative
from batch_support import QUICK, db_url, make_packets, make_repo, run_worker
from sqlalchemy import select

from underwrite.llm import LLMClient
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.llm_runner import BATCH_CLIENT_RETRY
from underwrite.queue.schemas import JobContext
from underwrite.records.audit import AuditLog, AuditRecordRow
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

__all__ = ["db_url"]

FACTS = Reply.say(json.dumps({"facts": []}))
GOOD_NARRATIVE = Reply.say(narrative().model_dump_json())


def _deps(url: str) -> Any:
    deps = make_deps(ScriptedLLM())
    deps.llm = LLMClient(
        url,
        "fake-model",
        retry=BATCH_CLIENT_RETRY.model_copy(update={"base_delay_s": 0.01, "max_delay_s": 0.02}),
    )
    return deps


def _audit_kinds(application_id: str) -> Counter[str]:
    log = AuditLog()
    with log.engine.connect() as conn:
        kinds = conn.execute(
            select(AuditRecordRow.kind).where(AuditRecordRow.application_id == application_id)
        ).scalars()
        return Counter(kinds)


def _steps(server: FakeOpenAIServer) -> list[str]:
    """Which prompt each chat request carried (first words of the system message)."""
    return [str((r.body or {})["messages"][0]["content"])[:40] for r in server.chat_requests]


def test_llm_outage_mid_run_ends_with_a_flagged_deterministic_memo(db_url: str, tmp_path: Path) -> None:
    """Issue 14: a job whose LLM stays down past the client's retries does not cycle through the
    queue; it ends with the deterministic narrative and an ``llm_unavailable`` flag, once."""
    repo = make_repo(db_url, QUICK)
    (packet,) = make_packets(tmp_path, 1)
    repo.add([packet])
    # Fact extraction answers, then the draft call meets a server that is down (503 on the try and
    # on the client's retries).
    replies = [FACTS, *[Reply.error(503, "down")] * 8]
    with FakeOpenAIServer(replies, default=Reply.error(503, "down")) as server:
        run_worker(repo, AgentMemoRunner(deps=_deps(server.url)), concurrency=2)
        steps = _steps(server)
    (job,) = repo.jobs()
    assert job.state == "awaiting_review", job.last_error
    assert (job.transient_errors, job.attempts) == (0, 1)
    assert steps.count(steps[0]) == 1 and len(steps) >= 2  # extraction once, then the failed draft
    memo = json.loads(Path(job.memo_path or "").read_text())
    assert memo["application_id"] == packet.name
    assert memo["recommendation"] == job.recommendation
    assert memo["verification"]["narrative_source"] == "fallback"
    assert "llm_unavailable" in {f["code"] for f in memo["flags"]}
    memo_files = [p for p in repo.memos_dir.glob("*/*") if p.parent.name != ".staging"]
    assert len(memo_files) == 1
    kinds = _audit_kinds(packet.name)
    assert kinds["memo_drafted"] == 1, kinds
    assert AuditLog().verify_chain().ok


def test_a_retried_job_after_the_draft_finished_writes_nothing_twice(db_url: str, tmp_path: Path) -> None:
    """A worker that drafted the memo but died before the queue recorded it: the next attempt must
    get the same memo back without calling the LLM or appending to the audit trail again."""
    repo = make_repo(db_url, QUICK)
    (packet,) = make_packets(tmp_path, 1)
    repo.add([packet])
    (claimed,) = repo.claim("w1", 1)

    def context(attempt: int) -> JobContext:
        return JobContext(
            job_id=claimed.id,
            application_id=claimed.application_id,
            packet_dir=packet,
            attempt=attempt,
            run_key=claimed.run_key,
            staging_dir=repo.staging_dir(),
        )

    with FakeOpenAIServer([FACTS], default=GOOD_NARRATIVE) as server:
        runner = AgentMemoRunner(deps=_deps(server.url))
        first = asyncio.run(runner.run(context(1)))
        calls_after_first = len(server.chat_requests)
        audit_after_first = _audit_kinds(packet.name)
        second = asyncio.run(runner.run(context(2)))
        assert len(server.chat_requests) == calls_after_first
    assert _audit_kinds(packet.name) == audit_after_first and audit_after_first["memo_drafted"] == 1
    assert first.memo_sha256 == second.memo_sha256 and first.memo_path != second.memo_path
    assert repo.complete(claimed.id, "w1", second, claimed.run_key, 2, claimed.application_id)
    assert not repo.complete(claimed.id, "w1", first, claimed.run_key, 1, claimed.application_id)
    assert len([p for p in repo.memos_dir.glob("*/*") if p.parent.name != ".staging"]) == 1


def test_runs_get_their_own_threads_beyond_asyncios_default_pool(tmp_path: Path) -> None:
    """40 runs that each block until all 40 are running: asyncio's default pool (≤ 32 threads)
    could never hold them all, and would starve the worker's heartbeats meanwhile."""
    n = 40
    barrier = threading.Barrier(n, timeout=30)
    runner = AgentMemoRunner(deps=make_deps(ScriptedLLM()), concurrency=n)

    def blocking_draft(packet_dir: Path, deps: Any) -> Any:
        barrier.wait()
        return SimpleNamespace(
            memo=SimpleNamespace(model_dump_json=lambda indent: "{}", recommendation="refer"), llm_calls=[]
        )

    runner._draft = blocking_draft
    jobs = [
        JobContext(
            job_id=i,
            application_id=f"A{i}",
            packet_dir=tmp_path,
            attempt=1,
            run_key=f"k{i}",
            staging_dir=tmp_path / "s",
        )
        for i in range(n)
    ]

    async def run_all() -> list[Any]:
        try:
            return await asyncio.wait_for(asyncio.gather(*(runner.run(j) for j in jobs)), timeout=60)
        finally:
            await runner.aclose()

    outcomes = asyncio.run(run_all())
    assert len({o.memo_path for o in outcomes}) == n
