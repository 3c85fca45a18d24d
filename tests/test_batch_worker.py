"""Workers in-process with scripted runners, and the real LLM-call runner over loopback HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from batch_support import db_url, make_packets, make_repo

from underwrite.agent.batch.errors import PermanentJobError
from underwrite.agent.batch.policy import RetryPolicy
from underwrite.agent.batch.runners import LLMCallRunner, write_staged_memo
from underwrite.agent.batch.schemas import JobContext, JobOutcome
from underwrite.agent.batch.worker import BatchWorker
from underwrite.core.schemas import Recommendation
from underwrite.evals.fake_chat_server import ThreadedChatServer

__all__ = ["db_url"]

QUICK = RetryPolicy(
    lease_s=5,
    heartbeat_s=0.5,
    error_backoff_base_s=0.05,
    transient_backoff_base_s=0.05,
    transient_backoff_cap_s=0.1,
)


class ScriptedRunner:
    """Fails the listed applications permanently, fails others transiently ``flaky`` times first."""

    def __init__(self, bad: set[str] = frozenset(), flaky: int = 0) -> None:  # type: ignore[assignment]
        self.bad = bad
        self.flaky = flaky
        self.calls: dict[str, int] = {}

    async def run(self, job: JobContext) -> JobOutcome:
        self.calls[job.application_id] = self.calls.get(job.application_id, 0) + 1
        await asyncio.sleep(0.01)
        if job.application_id in self.bad:
            raise PermanentJobError(f"{job.application_id}/form.pdf: not a PDF (starts with b'GIF8')")
        if self.calls[job.application_id] <= self.flaky:
            raise httpx.ConnectError("connection refused")
        path, digest = write_staged_memo(job, f"memo for {job.application_id}")
        return JobOutcome(memo_path=path, memo_sha256=digest, recommendation=Recommendation.approve)

    async def aclose(self) -> None:
        return None


def _run_worker(repo, runner, concurrency: int = 4) -> None:
    asyncio.run(asyncio.wait_for(BatchWorker(repo, runner, concurrency, poll_s=0.05).run(), timeout=60))


def test_bad_packet_fails_alone(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 6))
    _run_worker(repo, ScriptedRunner(bad={"APP-0002"}))
    by_app = {job.application_id: job for job in repo.jobs()}
    assert by_app.pop("APP-0002").failure_reason == (
        "PermanentJobError: APP-0002/form.pdf: not a PDF (starts with b'GIF8')"
    )
    assert {job.state for job in by_app.values()} == {"awaiting_review"}
    assert all(Path(job.memo_path or "").read_text() == f"memo for {app}" for app, job in by_app.items())


def test_packet_that_vanished_or_changed_fails_permanently(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    gone, changed, fine = make_packets(tmp_path, 3)
    repo.add([gone, changed, fine])
    (gone / "application_form.txt").unlink()
    gone.rmdir()
    (changed / "application_form.txt").write_text("edited after queueing")
    _run_worker(repo, ScriptedRunner())
    states = {job.application_id: (job.state, job.failure_reason or "") for job in repo.jobs()}
    assert states[gone.name][0] == "failed" and "no longer exists" in states[gone.name][1]
    assert states[changed.name][0] == "failed" and "changed after it was queued" in states[changed.name][1]
    assert states[fine.name][0] == "awaiting_review"


def test_llm_outage_waits_and_retries_without_burning_attempts(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 3), max_attempts=1)
    runner = ScriptedRunner(flaky=3)
    _run_worker(repo, runner)
    jobs = repo.jobs()
    assert {job.state for job in jobs} == {"awaiting_review"}
    assert all(job.transient_errors == 3 and job.attempts == 1 for job in jobs)
    assert set(runner.calls.values()) == {4}


def test_llm_call_runner_drafts_memos_over_http(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 4))
    with ThreadedChatServer(latency_s=0.05) as url:
        _run_worker(repo, LLMCallRunner(base_url=url, calls_per_job=2, concurrency=4))
        stats = httpx.get(url.removesuffix("/v1") + "/stats").json()
    assert stats["calls"] == 8
    for job in repo.jobs():
        assert job.state == "awaiting_review"
        memo = Path(job.memo_path or "").read_text()
        assert f"Credit memo draft — {job.application_id}" in memo and memo.count("## Section") == 2
        assert job.recommendation in {r.value for r in Recommendation}
    assert list(repo.staging_dir().iterdir()) == []  # every staged memo was published


def test_llm_call_runner_classifies_a_dead_server_as_transient(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK.model_copy(update={"max_transient_errors": 2}))
    repo.add(make_packets(tmp_path, 1))
    _run_worker(repo, LLMCallRunner(base_url="http://127.0.0.1:9/v1", calls_per_job=1))
    (job,) = repo.jobs()
    assert job.state == "failed" and job.attempts == 0
    assert (job.failure_reason or "").startswith("LLM unavailable through 2 retries: ConnectError")
