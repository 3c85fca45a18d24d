"""Fixtures and helpers shared by the batch-queue tests (imported by those test modules)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from pg_schema import private_schema

from underwrite.core.db import clear_engine_cache, make_engine
from underwrite.core.settings import reset_settings_cache
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.repository import QueueRepository
from underwrite.queue.runners import JobRunner
from underwrite.queue.worker import BatchWorker

# Short lease and near-instant backoffs, so retry paths run in a test's time.
QUICK = RetryPolicy(
    lease_s=5,
    heartbeat_s=0.5,
    error_backoff_base_s=0.05,
    transient_backoff_base_s=0.05,
    transient_backoff_cap_s=0.1,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The queue database: a SQLite file in this test's home, or a schema of this test's own on
    the CI PostgreSQL (``pg_schema``: the queue, the audit trail and LangGraph's checkpoint tables
    start empty, and nothing outside the schema is touched)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{isolated_home}/queue.db"
        else:
            url = stack.enter_context(private_schema())
        monkeypatch.setenv("UW_DATABASE_URL", url)
        reset_settings_cache()
        clear_engine_cache()
        yield url
        clear_engine_cache()


def run_worker(repo: QueueRepository, runner: JobRunner, concurrency: int = 4, timeout_s: float = 60) -> None:
    """One worker in this process until the queue is drained (bounded by ``timeout_s``)."""
    worker = BatchWorker(repo, runner, concurrency, poll_s=0.05)
    asyncio.run(asyncio.wait_for(worker.run(), timeout=timeout_s))


def make_repo(url: str, policy: RetryPolicy | None = None) -> QueueRepository:
    return QueueRepository(make_engine(url), policy=policy)


def make_packets(root: Path, n: int, prefix: str = "APP") -> list[Path]:
    """``n`` small packet folders, each with distinct content."""
    folders = []
    for i in range(n):
        folder = root / f"{prefix}-{i:04d}"
        folder.mkdir(parents=True)
        (folder / "application_form.txt").write_text(f"Applicant {i}\nMonthly income: {2000 + i}\n")
        folders.append(folder)
    return folders


def claim_until_empty(url: str, owner: str, batch: int, barrier: Any, results: Any) -> None:
    """Run in a separate process: once every claimer is connected (barrier), claim until empty."""
    repo = make_repo(url, RetryPolicy(lease_s=600))
    repo.counts()  # connect before the race starts
    barrier.wait(timeout=120)
    claimed: list[int] = []
    for _ in range(1000):  # bounded: 50 jobs need far fewer rounds
        jobs = repo.claim(owner, batch)
        if not jobs:
            break
        claimed.extend(job.id for job in jobs)
        time.sleep(0.005)  # let the other claimers interleave
    repo.engine.dispose()
    results.put((owner, claimed))
