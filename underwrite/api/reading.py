"""Reading an application's results for the API: the queue job, the run's view, its progress.

Only the workflow API (``agent.workflow``, ``agent.progress``) and the queue are read; an id the
queue does not know (or the key's tenant did not submit) is a 404, a result its run has not
produced yet a 409 naming the status.
"""

from __future__ import annotations

from underwrite.agent.progress import run_progress
from underwrite.agent.workflow import RunView, run_view
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.problems import ApiProblem
from underwrite.api.schemas import StatusOut
from underwrite.api.tenancy import may_see
from underwrite.core.schemas import Recommendation
from underwrite.queue import QueueRepository
from underwrite.queue.schemas import JobView


def job_of(queue: QueueRepository, application_id: str, key: ApiKeyInfo) -> JobView:
    """The application's queue job, if ``key`` may see it (``tenancy``); a 404 otherwise."""
    if may_see(queue, key, application_id):
        for job in queue.jobs():
            if job.application_id == application_id:
                return job
    raise ApiProblem(
        404,
        "unknown-application",
        "No such application",
        f"no application {application_id!r} was submitted (list them at /v1/queue)",
    )


def combined_status(run: RunView, job: JobView) -> str:
    """The run's own status once it has a draft; before that (and on failure) the queue's: a run
    the queue still holds reads "running" or "retry_wait", not the checkpoint's "interrupted"."""
    if job.state == "failed" or run.status in ("new", "interrupted"):
        return job.state
    return run.status


def status_of(queue: QueueRepository, application_id: str, key: ApiKeyInfo) -> StatusOut:
    job = job_of(queue, application_id, key)
    run = run_view(application_id)
    return StatusOut(
        application_id=application_id,
        status=combined_status(run, job),
        queue_state=job.state,
        attempts=job.attempts,
        failure_reason=job.failure_reason,
        last_error=job.last_error,
        steps=run_progress(application_id) if run.started else [],
        recommendation=run.memo.recommendation if run.memo else None,
        decision=run.review.decision.decision if run.review else None,
    )


def ready_run(
    queue: QueueRepository, application_id: str, key: ApiKeyInfo, field: str, what: str | None = None
) -> RunView:
    """The run's view once its ``field`` is filled; otherwise a 409 that says where the run stands."""
    what = what or field
    job = job_of(queue, application_id, key)
    run = run_view(application_id)
    value = getattr(run, field)
    # Findings may rightly be empty: they are ready once the step after evaluate_rules has begun.
    has = value is not None if field != "findings" else run.memo is not None or bool(value)
    if run.started and has:
        return run
    state = combined_status(run, job)
    hint = f"; failure: {job.failure_reason}" if job.failure_reason else "; poll the status and retry"
    raise ApiProblem(
        409,
        "not-ready",
        "Result not available yet",
        f"application {application_id!r} has no {what} yet (status {state}){hint}",
        application_status=state,
    )


def recommendation_of(run: RunView) -> Recommendation:
    assert run.memo is not None
    return run.memo.recommendation
