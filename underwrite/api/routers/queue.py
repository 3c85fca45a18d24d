"""The durable queue as the API shows it: every job with its application's status, and counts.

The queue table records drafting (queued … awaiting_review, failed); a decision is recorded by the
workflow, so each job's status is read through the run as for a single application.
"""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from underwrite.agent.workflow import run_views
from underwrite.api.auth import Reader
from underwrite.api.context import ApiContext, context_of
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.reading import combined_status
from underwrite.api.schemas import QueueJobOut, QueueOut
from underwrite.api.tenancy import tenant_applications
from underwrite.queue.models import JobState

router = APIRouter(prefix="/v1", tags=["queue"])
_STATES = [s.value for s in JobState]


def _queue(ctx: ApiContext, key: ApiKeyInfo) -> QueueOut:
    jobs = ctx.queue().jobs()
    if key.tenant is not None:  # only this tenant's applications (``tenancy``)
        mine = tenant_applications(ctx.queue(), key.tenant)
        jobs = [j for j in jobs if j.application_id in mine]
    runs = run_views([j.application_id for j in jobs])
    out = [
        QueueJobOut(
            job_id=j.id,
            application_id=j.application_id,
            status=combined_status(runs[j.application_id], j),
            queue_state=j.state,
            attempts=j.attempts,
            created_at=j.created_at,
            finished_at=j.finished_at,
            recommendation=j.recommendation,
            failure_reason=j.failure_reason,
        )
        for j in jobs
    ]
    counts = Counter(job.status for job in out)
    return QueueOut(counts={s: counts.get(s, 0) for s in _STATES}, total=len(out), jobs=out)


@router.get("/queue", response_model=QueueOut, summary="Every job with its status, and counts per status")
async def queue(request: Request, key: Reader) -> QueueOut:
    out = await run_in_threadpool(_queue, context_of(request), key)
    # Reads are audited when the queue's counts change (call_audit): the list names no applicant.
    request.state.observed = " ".join(f"{state}={n}" for state, n in out.counts.items() if n) or "empty"
    return out
