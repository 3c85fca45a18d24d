"""Webhook callbacks: a POST to the submit's ``callback_url`` once its draft is ready or it failed.

Owed callbacks are rows in ``api_submissions`` (state ``pending``), so a restart delivers what an
earlier process did not; a failed delivery is retried on the next rounds until the attempts run out
(state ``failed``, with the error). Receivers should expect a repeat: delivery is at least once.
"""

from __future__ import annotations

import logging

import httpx
from sqlalchemy import select, update

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


def deliver_due(queue: QueueRepository, client: httpx.Client, max_attempts: int) -> int:
    """POST every owed callback whose job has finished; returns how many were delivered."""
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
        body = notice(row.application_id, job.state, job.recommendation, job.failure_reason)
        values: dict[str, object]
        try:
            response = client.post(row.callback_url, json=body)
            response.raise_for_status()
            values = {"callback_state": "delivered", "callback_error": None}
            delivered += 1
        except httpx.HTTPError as exc:
            attempts = row.callback_attempts + 1
            error = f"{type(exc).__name__}: {exc}"[:2000]
            log.warning(
                "callback for %s failed (%d/%d): %s", row.application_id, attempts, max_attempts, error
            )
            state = "failed" if attempts >= max_attempts else "pending"
            values = {"callback_state": state, "callback_error": error}
        with queue.engine.begin() as conn:
            conn.execute(
                update(_subs)
                .where(_subs.c.id == row.id)
                .values(callback_attempts=row.callback_attempts + 1, **values)
            )
    return delivered
