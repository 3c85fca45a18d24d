"""The audit trail of one application and the verification of the whole chain (compliance role)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from underwrite.api.auth import Auditor
from underwrite.api.context import ApiContext, context_of
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.reading import job_of
from underwrite.api.routers import AppId
from underwrite.api.schemas import AuditEntryOut, AuditOut, VerifyOut

router = APIRouter(prefix="/v1", tags=["audit"])


def _trail(ctx: ApiContext, application_id: str, key: ApiKeyInfo) -> AuditOut:
    job_of(ctx.queue(), application_id, key)
    entries = [
        AuditEntryOut.model_validate(e.model_dump(include=set(AuditEntryOut.model_fields)))
        for e in ctx.audit.records(application_id)
    ]
    return AuditOut(application_id=application_id, entries=entries)


@router.get(
    "/applications/{application_id}/audit", response_model=AuditOut, summary="An application's audit trail"
)
async def trail(request: Request, application_id: AppId, key: Auditor) -> AuditOut:
    return await run_in_threadpool(_trail, context_of(request), application_id, key)


@router.get(
    "/audit/verify", response_model=VerifyOut, summary="Verify the audit chain (hashes, MACs, checkpoints)"
)
async def verify(request: Request, key: Auditor) -> VerifyOut:
    result = await run_in_threadpool(context_of(request).audit.verify_chain)
    return VerifyOut.model_validate(result.model_dump(include=set(VerifyOut.model_fields)))
