"""The audit trail of one application and the verification of the whole chain (compliance role).

The chain is one for all tenants. A tenant's compliance key gets the verification of the whole
chain, but told in its own terms: how many records its tenant's applications hold, never the chain's
length, record numbers or other tenants' calls (their volume of business). Its trail numbers the
records 1..n within the trail and leaves out the calls of other tenants' keys (refused probes of the
id: the operator's key still sees them, as the evidence of the attempt).

The export (``…/audit/export``) is the same trail signed with the server's Ed25519 key
(``records.audit_export``) for a receiver to check without the server; a tenant's is its view, with
the chain positions withheld."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from underwrite.api.auth import Auditor
from underwrite.api.context import ApiContext, context_of
from underwrite.api.keys import ApiKeyInfo
from underwrite.api.reading import job_of
from underwrite.api.routers import AppId
from underwrite.api.schemas import AuditEntryOut, AuditOut, VerifyOut
from underwrite.api.tenancy import foreign_actors, tenant_applications, tenant_view
from underwrite.records.audit import AuditEntry
from underwrite.records.audit_export import AuditExport, build_export

router = APIRouter(prefix="/v1", tags=["audit"])


def _visible(ctx: ApiContext, application_id: str, key: ApiKeyInfo) -> list[AuditEntry]:
    """The application's records as ``key`` may see them (a tenant: without other tenants' calls)."""
    job_of(ctx.queue(), application_id, key)
    records = ctx.audit.records(application_id)
    if key.tenant is None:
        return records
    foreign = foreign_actors(ctx.queue(), key.tenant)
    return [e for e in records if e.actor not in foreign]


def _trail(ctx: ApiContext, application_id: str, key: ApiKeyInfo) -> AuditOut:
    records = _visible(ctx, application_id, key)
    if key.tenant is not None:
        records = [e.model_copy(update={"seq": place}) for place, e in enumerate(records, start=1)]
    entries = [
        AuditEntryOut.model_validate(e.model_dump(include=set(AuditEntryOut.model_fields))) for e in records
    ]
    return AuditOut(application_id=application_id, entries=entries)


def _verify(ctx: ApiContext, key: ApiKeyInfo) -> VerifyOut:
    result = ctx.audit.verify_chain()  # always the whole chain: a tenant's records are part of it
    if key.tenant is None:
        return VerifyOut.model_validate(result.model_dump(include=set(VerifyOut.model_fields)))
    mine = tenant_applications(ctx.queue(), key.tenant)
    foreign = foreign_actors(ctx.queue(), key.tenant)
    count = sum(1 for e in ctx.audit.records() if e.application_id in mine and e.actor not in foreign)
    return tenant_view(result, count)


@router.get(
    "/applications/{application_id}/audit", response_model=AuditOut, summary="An application's audit trail"
)
async def trail(request: Request, application_id: AppId, key: Auditor) -> AuditOut:
    return await run_in_threadpool(_trail, context_of(request), application_id, key)


def _export(ctx: ApiContext, application_id: str, key: ApiKeyInfo) -> AuditExport:
    records = _visible(ctx, application_id, key)
    status = ctx.audit.verify_chain().status  # a tenant is told the outcome, too (tenant_view)
    return build_export(application_id, records, chain_status=status, tenant_view=key.tenant is not None)


@router.get(
    "/applications/{application_id}/audit/export",
    response_model=AuditExport,
    summary="The audit trail, signed (Ed25519) for a receiver to verify: `underwrite audit verify-export`",
)
async def export(request: Request, application_id: AppId, key: Auditor) -> AuditExport:
    return await run_in_threadpool(_export, context_of(request), application_id, key)


@router.get(
    "/audit/verify", response_model=VerifyOut, summary="Verify the audit chain (hashes, MACs, checkpoints)"
)
async def verify(request: Request, key: Auditor) -> VerifyOut:
    return await run_in_threadpool(_verify, context_of(request), key)
