"""Recording the underwriter's decision: the workflow's own review step, nothing re-implemented."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from underwrite.agent.errors import (
    ExceptionAuthorityRequired,
    NotAwaitingReview,
    ReasonRequired,
    ReviewError,
    WorkflowError,
)
from underwrite.agent.workflow import run_view, submit_review
from underwrite.api.auth import Decider
from underwrite.api.context import ApiContext, context_of
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.problems import ApiProblem
from underwrite.api.reading import job_of
from underwrite.api.routers import AppId
from underwrite.api.schemas import DecisionIn, DecisionOut
from underwrite.core.schemas import Decision
from underwrite.records.memo_edits import bound_to_edit

router = APIRouter(prefix="/v1/applications", tags=["review"])

_REFUSALS: list[tuple[type[WorkflowError], int, str, str]] = [
    (NotAwaitingReview, 409, "not-awaiting-review", "No memo is waiting for review"),
    (ReasonRequired, 422, "reason-required", "A reason is required"),
    (ExceptionAuthorityRequired, 422, "exception-authority-required", "An exception authority is required"),
    (ReviewError, 422, "decision-refused", "Decision refused"),
    (WorkflowError, 409, "workflow-refused", "The workflow refused the decision"),
]


def _decide(ctx: ApiContext, application_id: str, body: DecisionIn, key: ApiKeyInfo) -> DecisionOut:
    job_of(ctx.queue(), application_id, key)  # 404 for an id nobody submitted (or another tenant)
    decision = Decision(
        application_id=application_id,
        decision=body.decision,
        reviewer=body.reviewer,
        reason=body.reason,
        conditions=body.conditions,
        exception_authority=body.exception_authority,
        authenticated_as=f"api-key:{key.key_id}",  # ``reviewer`` is what the client wrote
    )
    memo = run_view(application_id).memo
    if memo is not None:  # taken on the text the underwriter left: the edit's hash when there is one
        decision = bound_to_edit(decision, memo)
    deps = ctx.deps()
    try:
        result = submit_review(application_id, decision, deps)
    except WorkflowError as exc:
        for kind, status, slug, title in _REFUSALS:
            if isinstance(exc, kind):
                raise ApiProblem(status, slug, title, str(exc)) from exc
        raise
    decided = [e for e in deps.audit.records(application_id) if e.kind == "decision"]
    return DecisionOut(
        application_id=application_id,
        status=result.status,
        decision=decision.decision,
        recommendation=result.memo.recommendation,
        departs_from_recommendation=decision.decision != result.memo.recommendation,
        memo_sha256=result.memo.content_hash(),
        memo_edit_sha256=decision.memo_edit_sha256,
        audit_record_id=decided[-1].record_id if decided else None,
    )


@router.post(
    "/{application_id}/decision",
    response_model=DecisionOut,
    summary="Record the underwriter's decision (underwriter role)",
)
async def decide(request: Request, application_id: AppId, body: DecisionIn, key: Decider) -> DecisionOut:
    return await run_in_threadpool(_decide, context_of(request), application_id, body, key)
