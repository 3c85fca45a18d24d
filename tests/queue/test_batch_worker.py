"""Workers in-process with scripted runners (the LLM-call runner over HTTP: test_batch_llm_runner.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from batch_support import QUICK, db_url, make_packets, make_repo, run_worker

from underwrite.core.schemas import Recommendation
from underwrite.queue.errors import PermanentJobError
from underwrite.queue.schemas import JobContext, JobOutcome
from underwrite.queue.staging import write_staged_memo

__all__ = ["db_url"]


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


def test_bad_packet_fails_alone(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 6))
    run_worker(repo, ScriptedRunner(bad={"APP-0002"}))
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
    run_worker(repo, ScriptedRunner())
    states = {job.application_id: (job.state, job.failure_reason or "") for job in repo.jobs()}
    assert states[gone.name][0] == "failed" and "no longer exists" in states[gone.name][1]
    assert states[changed.name][0] == "failed" and "changed after it was queued" in states[changed.name][1]
    assert states[fine.name][0] == "awaiting_review"


def test_llm_outage_waits_and_retries_without_burning_attempts(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, QUICK)
    repo.add(make_packets(tmp_path, 3), max_attempts=1)
    runner = ScriptedRunner(flaky=3)
    run_worker(repo, runner)
    jobs = repo.jobs()
    assert {job.state for job in jobs} == {"awaiting_review"}
    assert all(job.transient_errors == 3 and job.attempts == 1 for job in jobs)
    assert set(runner.calls.values()) == {4}
