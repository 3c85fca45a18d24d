"""Webhook callbacks: a POST to the submit's ``callback_url`` once its draft is ready or it failed.

Owed callbacks are rows in ``api_submissions`` (state ``pending``), so a restart delivers what an
earlier process did not; a failed delivery is retried on the next rounds until the attempts run out
(state ``failed``, with the error). Receivers should expect a repeat: delivery is at least once.

Several senders may look at one row at once (the API process's own sender, ``deliver_due`` run by
an operator or a second API process), so every state write is a compare-and-set. A sender first
claims the next attempt number (``attempts = n`` → ``n + 1`` while ``pending``); only the sender
whose claim matched POSTs that attempt. Its failure is written only if the row still holds its
attempt and is still ``pending``, so a late failure never overwrites a ``delivered`` (or a newer
attempt's) state; a success marks any ``pending`` row delivered, since the receiver did get it. A
sender that dies mid-POST leaves the row ``pending`` with that attempt counted: the next round
tries again. No new column: the attempt number is the claim token.
"""

from __future__ import annotations

import logging

import httpx
from sqlalchemy import select, update

from underwrite.api.callback_hosts import CallbackGuard, CallbackRefused
from underwrite.api.models import submissions_table as _subs
from underwrite.queue import QueueRepository
from underwrite.queue.models import JobState

log = logging.getLogger("underwrite.api.webhooks")
_DONE = {JobState.awaiting_review.value, JobState.decided.value, JobState.failed.value}


def notice(
    application_id: str, state: str, recommendation: str | None, failure: str | None
) -> dict[str, object]:
    base = f"/v1/applications/{application_id}"
    return {
        "event": "application.failed" if state == JobState.failed.value else "application.draft_ready",
        "application_id": application_id,
        "status": state,
        "recommendation": recommendation,
        "failure_reason": failure,
        "links": {"status": base, "memo": f"{base}/memo"},
    }


def deliver_due(
    queue: QueueRepository, client: httpx.Client, max_attempts: int, *, guard: CallbackGuard
) -> int:
    """POST every owed callback whose job has finished; returns how many this call delivered.

    The host is resolved and checked again before every attempt (``callback_hosts``): a name that
    pointed at a public address at registration may point at a private one now. Such an attempt
    is a failed one, with the reason as its error; nothing is sent."""
    with queue.engine.connect() as conn:
        owed = conn.execute(select(_subs).where(_subs.c.callback_state == "pending")).all()
    if not owed:
        return 0
    jobs = {j.application_id: j for j in queue.jobs()}
    delivered = 0
    for row in owed:
        job = jobs.get(row.application_id)
        if job is None or job.state not in _DONE:
            continue
        attempt = _claim(queue, row.id, row.callback_attempts)
        if attempt is None:  # another sender took this attempt (or settled the row) since we read it
            continue
        body = notice(row.application_id, job.state, job.recommendation, job.failure_reason)
        try:
            target = guard.target(row.callback_url)
            response = client.post(
                target.url, json=body, headers=target.headers, extensions=target.extensions
            )
            response.raise_for_status()
        except (httpx.HTTPError, CallbackRefused) as exc:
            error = f"{type(exc).__name__}: {exc}"[:2000]
            log.warning(
                "callback for %s failed (%d/%d): %s", row.application_id, attempt, max_attempts, error
            )
            state = "failed" if attempt >= max_attempts else "pending"
            # Only while the row still holds our attempt: a sender that delivered meanwhile wins.
            _write(queue, row.id, attempt, callback_state=state, callback_error=error)
            continue
        delivered += 1
        _write(queue, row.id, None, callback_state="delivered", callback_error=None)
    return delivered


def _claim(queue: QueueRepository, row_id: int, seen_attempts: int) -> int | None:
    """Take attempt ``seen_attempts + 1`` of a pending row; None if another sender got there first."""
    guard = (
        (_subs.c.id == row_id)
        & (_subs.c.callback_state == "pending")
        & (_subs.c.callback_attempts == seen_attempts)
    )
    with queue.engine.begin() as conn:
        moved = conn.execute(update(_subs).where(guard).values(callback_attempts=seen_attempts + 1))
    return seen_attempts + 1 if moved.rowcount == 1 else None


def _write(queue: QueueRepository, row_id: int, attempt: int | None, **values: object) -> bool:
    """Settle a pending row (only at ``attempt`` when given); False when the guard did not match."""
    guard = (_subs.c.id == row_id) & (_subs.c.callback_state == "pending")
    if attempt is not None:
        guard = guard & (_subs.c.callback_attempts == attempt)
    with queue.engine.begin() as conn:
        moved = conn.execute(update(_subs).where(guard).values(**values))
    if moved.rowcount != 1:
        log.info("callback row %s was settled by another sender; this write was dropped", row_id)
    return bool(moved.rowcount == 1)
