"""The durable queue as the API shows it: counts per state and every job."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from underwrite.api.auth import Reader
from underwrite.api.context import context_of
from underwrite.api.schemas import QueueJobOut, QueueOut

router = APIRouter(prefix="/v1", tags=["queue"])


@router.get("/queue", response_model=QueueOut, summary="The queue: counts per state and every job")
async def queue(request: Request, key: Reader) -> QueueOut:
    status = await run_in_threadpool(context_of(request).queue().status)
    jobs = [
        QueueJobOut(
            job_id=j.id,
            application_id=j.application_id,
            state=j.state,
            attempts=j.attempts,
            created_at=j.created_at,
            finished_at=j.finished_at,
            recommendation=j.recommendation,
            failure_reason=j.failure_reason,
        )
        for j in status.jobs
    ]
    return QueueOut(counts=status.counts, total=status.total, jobs=jobs)
