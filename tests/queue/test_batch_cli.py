"""`underwrite queue …` and `underwrite batch` as an operator runs them, signals included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_support import db_url, make_packets, make_repo
from typer.testing import CliRunner

from underwrite.queue.policy import RetryPolicy
from underwrite.testing.fake_openai import FakeOpenAIServer

__all__ = ["db_url"]
runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str):
    from underwrite.cli.main import app

    return runner.invoke(app, list(args))


def _wait_for(predicate, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _env(url: str, llm_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(UW_DATABASE_URL=url, UW_LLM_URL=llm_url, PYTHONPATH=str(ROOT))
    return env


def test_queue_add_status_retry(db_url: str, tmp_path: Path) -> None:
    first, second = make_packets(tmp_path / "in", 2)
    result = _cli("queue", "add", str(first), str(second), "--json")
    assert result.exit_code == 0, result.output
    assert [job["application_id"] for job in json.loads(result.stdout)["added"]] == [first.name, second.name]

    again = _cli("queue", "add", str(first))
    assert again.exit_code == 1
    assert "duplicate of job 1" in again.stderr

    status = _cli("queue", "status", "--json")
    data = json.loads(status.stdout)
    assert data["counts"]["queued"] == 2 and data["total"] == 2 and len(data["jobs"]) == 2

    repo = make_repo(db_url)
    (job,) = repo.claim("w", 1)
    repo.fail(job.id, "w", "permanent", "unreadable")
    retried = _cli("queue", "retry", str(job.id), "--json")
    assert retried.exit_code == 0 and json.loads(retried.stdout)["state"] == "queued"
    not_failed = _cli("queue", "retry", str(job.id))
    assert not_failed.exit_code == 1 and "only failed jobs can be retried" in not_failed.stderr


def test_ctrl_c_releases_running_jobs(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url)
    repo.add(make_packets(tmp_path, 4))
    # A server this slow keeps every job in flight until we interrupt.
    with FakeOpenAIServer(latency_s=120) as llm:
        proc = subprocess.Popen(
            [sys.executable, "-m", "underwrite.cli.main", "batch", "--workers", "2", "--concurrency", "2",
             "--runner", "llm-calls", "--json"],
            env=_env(db_url, llm.url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            _wait_for(lambda: repo.counts()["running"] == 4, 60, "4 running jobs")
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, stderr.decode()
    summary = json.loads(stdout)
    assert summary["interrupted"] is True and summary["released_on_shutdown"] == 4
    for job in repo.jobs():
        assert (job.state, job.attempts, job.lease_owner) == ("queued", 0, None)


def test_sigkilled_worker_loses_nothing(db_url: str, tmp_path: Path) -> None:
    repo = make_repo(db_url, RetryPolicy.for_lease(2.0))
    repo.add(make_packets(tmp_path, 3))
    with FakeOpenAIServer(latency_s=120) as slow:
        doomed = subprocess.Popen(
            [sys.executable, "-m", "underwrite.queue.worker", "--runner", "llm-calls",
             "--concurrency", "3", "--lease-seconds", "2"],
            env=_env(db_url, slow.url), stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_for(lambda: repo.counts()["running"] == 3, 60, "3 running jobs")
        finally:
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
    assert repo.counts()["running"] == 3  # nobody released them: the leases must expire
    with FakeOpenAIServer(latency_s=0.05) as fast:
        rescuer = subprocess.run(
            [sys.executable, "-m", "underwrite.queue.worker", "--runner", "llm-calls",
             "--concurrency", "3", "--lease-seconds", "2", "--poll-seconds", "0.2"],
            env=_env(db_url, fast.url), capture_output=True, timeout=90,
        )  # fmt: skip
    assert rescuer.returncode == 0, rescuer.stderr.decode()
    jobs = repo.jobs()
    assert {job.state for job in jobs} == {"awaiting_review"}
    # The killed attempt is given back and recorded as a lease loss instead.
    assert all(job.attempts == 1 and job.lease_losses == 1 for job in jobs)
    assert len({job.memo_path for job in jobs}) == 3
