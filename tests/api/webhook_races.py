"""Two webhook senders on one row, sequenced without threads (so the interleaving is certain).

Shared by the SQLite tests (test_api_webhooks.py) and the PostgreSQL ones (test_api_postgres.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from underwrite.api.callback_hosts import CallbackGuard
from underwrite.api.models import submissions_table
from underwrite.api.submissions import accept
from underwrite.api.webhooks import deliver_due
from underwrite.queue import QueueRepository
from underwrite.queue.models import JobState
from underwrite.queue.models import jobs_table as _jobs


def owe_callback(
    queue: QueueRepository, application_id: str, url: str = "http://receiver.example/hook"
) -> None:
    """A finished job whose callback is still owed (state pending, no attempt yet)."""

    def write(folder: Path, _application_id: str) -> None:
        (folder / "form.txt").write_text(f"Loan amount: 1000\nApplication: {application_id}\n")

    accept(
        queue,
        key_id="k1",
        idempotency_key=None,
        request_sha256="h",
        application_id=application_id,
        callback_url=url,
        write=write,
    )
    with queue.engine.begin() as conn:
        conn.execute(
            update(_jobs)
            .where(_jobs.c.application_id == application_id)
            .values(state=JobState.awaiting_review.value)
        )


def callback_row(queue: QueueRepository, application_id: str) -> Any:
    with queue.engine.connect() as conn:
        where = submissions_table.c.application_id == application_id
        return conn.execute(select(submissions_table).where(where)).one()


def late_failure_after_delivery(queue: QueueRepository, application_id: str) -> tuple[int, int]:
    """Sender A's POST hangs, then fails; while it hangs sender B delivers the same callback.

    Returns (delivered by A, delivered by B)."""
    by_b: list[int] = []

    def a_hangs_then_fails(request: httpx.Request) -> httpx.Response:
        with httpx.Client(transport=httpx.MockTransport(lambda _r: httpx.Response(204))) as b:
            by_b.append(deliver_due(queue, b, max_attempts=5, guard=CallbackGuard()))
        raise httpx.ConnectError("receiver went away mid-request", request=request)

    with httpx.Client(transport=httpx.MockTransport(a_hangs_then_fails)) as a:
        by_a = deliver_due(queue, a, max_attempts=5, guard=CallbackGuard())
    return by_a, by_b[0]


def stale_snapshot_sender(
    queue: QueueRepository, application_id: str, monkeypatch: pytest.MonkeyPatch
) -> list[httpx.Request]:
    """Sender A read the row as owed; before it acts, sender B tries the attempt (and fails).

    Returns what A POSTed: nothing, if A's attempt was claimed by B first."""
    real_jobs = queue.jobs
    posted_by_a: list[httpx.Request] = []

    def b_runs_first(*args: Any, **kwargs: Any) -> Any:  # A calls jobs() after reading the rows
        monkeypatch.setattr(queue, "jobs", real_jobs)
        with httpx.Client(transport=httpx.MockTransport(lambda _r: httpx.Response(503))) as b:
            deliver_due(queue, b, max_attempts=5, guard=CallbackGuard())
        return real_jobs(*args, **kwargs)

    def a_receives(request: httpx.Request) -> httpx.Response:
        posted_by_a.append(request)
        return httpx.Response(503)

    monkeypatch.setattr(queue, "jobs", b_runs_first)
    with httpx.Client(transport=httpx.MockTransport(a_receives)) as a:
        deliver_due(queue, a, max_attempts=5, guard=CallbackGuard())
    return posted_by_a
