"""A batch never waits forever on a dead LLM (issue 14, part 3).

The queue's transient-retry policy is bounded by count and by wall time; a job whose LLM stays
dead ends — failed with the reason, or completed with a flagged memo where the workflow falls back
— and while it waits, the queue says in words what for and when it tries again. Small bounds,
fakes and a closed port stand in for a dead server; nothing here asserts on elapsed time.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from agent_fakes import ScriptedLLM, make_deps
from batch_support import QUICK, db_url, make_packets, make_repo, run_worker
from sqlalchemy import Column, MetaData, Table, inspect

from underwrite.core.db import make_engine
from underwrite.llm import LLMClient, LLMUnavailableError
from underwrite.llm.embedded import free_port
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.llm_runner import BATCH_CLIENT_RETRY, LLMCallRunner
from underwrite.queue.models import JobState, jobs_table
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.progress import waiting_note
from underwrite.queue.repository import QueueRepository

__all__ = ["db_url"]

FAST_CLIENT_RETRY = BATCH_CLIENT_RETRY.model_copy(update={"base_delay_s": 0.01, "max_delay_s": 0.02})
# A wait bound far below the count bound: only the time bound can end these jobs.
TIME_BOUNDED = QUICK.model_copy(update={"max_transient_errors": 10_000, "max_transient_wait_s": 0.3})
T0 = datetime(2026, 1, 1, 12, 0, 0)


def _dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"


def _after_transient(
    policy: RetryPolicy, errors: int, since: datetime | None, now: datetime
) -> dict[str, Any]:
    return policy.after_failure(
        "transient",
        attempts=1,
        max_attempts=3,
        transient_errors=errors,
        transient_since=since,
        now=now,
        message="LLMUnavailableError: connection refused",
    )


def test_transient_wait_says_what_it_waits_for_and_never_passes_the_deadline() -> None:
    policy = RetryPolicy(transient_backoff_base_s=100, transient_backoff_cap_s=100, max_transient_wait_s=60)
    first = _after_transient(policy, 0, None, T0)
    assert first["state"] == JobState.retry_wait and first["transient_since"] == T0
    assert first["attempts"] == 0 and first["transient_errors"] == 1
    # The backoff (≥ 50 s) is clipped to the deadline (60 s after the first error).
    later = _after_transient(policy, 1, T0, T0 + timedelta(seconds=30))
    assert later["not_before"] == T0 + timedelta(seconds=60)
    assert later["last_error"].startswith("waiting for the LLM: retry 2/40 at 12:01:00 UTC")
    assert "gives up at 12:01:00 UTC" in later["last_error"]
    assert later["last_error"].endswith("last error: LLMUnavailableError: connection refused")


def test_transient_wait_ends_at_the_time_bound_and_at_the_count_bound() -> None:
    policy = RetryPolicy(max_transient_wait_s=60, max_transient_errors=5)
    by_time = _after_transient(policy, 2, T0, T0 + timedelta(seconds=61))
    assert by_time["state"] == JobState.failed
    assert by_time["failure_reason"].startswith("LLM unavailable through 3 retries over 61 s")
    assert "bound of 60 s" in by_time["failure_reason"]
    by_count = _after_transient(policy, 4, T0, T0 + timedelta(seconds=10))
    assert by_count["state"] == JobState.failed and "bound of 5 retries" in by_count["failure_reason"]


def test_worker_whose_llm_is_dead_ends_its_jobs_at_the_bound(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, TIME_BOUNDED)
    repo.add(make_packets(tmp_path, 3))
    runner = LLMCallRunner(base_url=_dead_url(), calls_per_job=2)
    runner.client.retry = FAST_CLIENT_RETRY
    run_worker(repo, runner, concurrency=2)  # returns only once no job is pending
    jobs = repo.jobs()
    assert {job.state for job in jobs} == {"failed"}
    for job in jobs:
        reason = job.failure_reason or ""
        assert "bound of 0.3 s" in reason and "connection failed" in reason, reason
        assert job.attempts == 0 and job.transient_errors >= 1  # the dead LLM spent no attempt


def test_agent_runner_with_a_dead_llm_ends_every_job(db_url: str, tmp_path: Path) -> None:
    """The memo graph against a dead server: each job ends — completed with a memo that flags the
    missing LLM (once the workflow falls back on its own), or failed with the LLM error at the bound."""
    repo = make_repo(db_url, TIME_BOUNDED)
    repo.add(make_packets(tmp_path, 2))
    deps = make_deps(ScriptedLLM())
    deps.llm = LLMClient(_dead_url(), "fake-model", retry=FAST_CLIENT_RETRY)
    run_worker(repo, AgentMemoRunner(deps=deps, concurrency=2), concurrency=2)
    for job in repo.jobs():
        if job.state == "awaiting_review":
            memo = json.loads(Path(job.memo_path or "").read_text())
            assert memo["flags"], "a memo drafted without the LLM must say so"
        else:
            assert job.state == "failed", job
            assert "LLM unavailable through" in (job.failure_reason or "")
            assert "LLMUnavailableError" in (job.failure_reason or "")


def test_agent_runner_whose_draft_always_meets_a_dead_llm_fails_at_the_bound(
    db_url: str, tmp_path: Path
) -> None:
    repo = make_repo(db_url, TIME_BOUNDED)
    repo.add(make_packets(tmp_path, 2))
    runner = AgentMemoRunner(deps=make_deps(ScriptedLLM()), concurrency=2)

    def dead_draft(packet_dir: Path, deps: Any) -> Any:
        raise LLMUnavailableError("embedded LLM crashed with SIGSEGV", attempts=2)

    runner._draft = dead_draft
    run_worker(repo, runner, concurrency=2)
    assert {job.state for job in repo.jobs()} == {"failed"}
    assert all("crashed with SIGSEGV" in (job.failure_reason or "") for job in repo.jobs())


def test_status_shows_what_waiting_jobs_wait_for_and_when(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK.model_copy(update={"transient_backoff_base_s": 30}))
    repo.add(make_packets(tmp_path, 2))
    (job, _other) = repo.claim("w", 2)
    repo.fail(job.id, "w", "transient", "LLMUnavailableError: connection refused")
    status = repo.status()
    assert status.waiting.jobs == 1 and status.waiting.next_retry_at == repo.job(job.id).not_before
    assert (status.waiting.last_error or "").startswith("waiting for the LLM: retry 1/")
    note = waiting_note(status.waiting)
    assert note.startswith("1 waiting (next retry ") and "connection refused" in note
    assert waiting_note(QueueRepository(repo.engine).waiting()) == note


def test_a_queue_table_from_before_the_bound_gains_its_column(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/old.db")
    old = MetaData()
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in jobs_table.columns]
    Table(jobs_table.name, old, *[c for c in columns if c.name != "transient_since"])
    old.create_all(engine)
    repo = QueueRepository(engine)
    assert "transient_since" in {c["name"] for c in inspect(engine).get_columns(jobs_table.name)}
    assert repo.counts()["queued"] == 0
