"""A signed export of one application's audit trail, checkable by whoever receives it.

The chain's own protection (a MAC per record with a secret key, checkpoints on the server) can only
be checked on the server. An export carries the application's records as the chain holds them —
fields, ``hash``, ``prev_hash`` and ``seq`` — and an Ed25519 signature over the canonical JSON of all
of it, with the public key and its fingerprint (``core.signing_key``). The receiver checks it with
``underwrite audit verify-export`` (``audit_export_verify``), without the server or its secrets.

A tenant's export is the tenant's view (``api.tenancy``): records of other tenants' keys are left
out and the chain's positions are withheld (``seq`` and ``prev_hash`` would show how long the chain
is and how much other business lies between its records); records are numbered 1..n (``place``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from underwrite.core.canonical import canonical_json
from underwrite.core.schemas import utcnow
from underwrite.core.signing_key import ALGORITHM, encode_key, load_signing_key
from underwrite.records.audit import AuditEntry

FORMAT: Final = "underwrite-audit-export/1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportRecord(_Strict):
    place: int = Field(ge=1, description="1..n within this export")
    seq: int | None = Field(default=None, description="Place in the server's chain; withheld for a tenant")
    record_id: str
    kind: str
    application_id: str
    actor: str
    created_at: str
    dedupe_key: str | None
    payload: dict[str, Any]
    prev_hash: str | None = Field(
        default=None, description="The chain's previous hash; withheld for a tenant"
    )
    hash: str


class ExportBody(_Strict):
    """Everything the signature covers."""

    format: Literal["underwrite-audit-export/1"] = FORMAT
    application_id: str
    exported_at: str
    view: Literal["full", "tenant"]
    chain_status_at_export: Literal["intact", "incomplete", "broken"]
    record_count: int
    signer_fingerprint: str
    records: list[ExportRecord]


class ExportSignature(_Strict):
    algorithm: Literal["Ed25519"] = ALGORITHM
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 public key")
    fingerprint: str
    value: str = Field(description="base64 signature over the canonical JSON of `export`")


class AuditExport(_Strict):
    export: ExportBody
    signature: ExportSignature


def signed_message(body: dict[str, Any]) -> bytes:
    """The bytes signed: the canonical JSON of the export body (sorted keys, no whitespace)."""
    return canonical_json(body).encode("utf-8")


def _record(entry: AuditEntry, place: int, full: bool) -> ExportRecord:
    return ExportRecord(
        place=place,
        seq=entry.seq if full else None,
        record_id=entry.record_id,
        kind=entry.kind,
        application_id=entry.application_id,
        actor=entry.actor,
        created_at=entry.created_at,
        dedupe_key=entry.dedupe_key,
        payload=entry.payload,
        prev_hash=entry.prev_hash if full else None,
        hash=entry.hash,
    )


def build_export(
    application_id: str,
    entries: Sequence[AuditEntry],
    *,
    chain_status: Literal["intact", "incomplete", "broken"],
    tenant_view: bool = False,
) -> AuditExport:
    """Sign ``entries`` (the application's records in chain order, already filtered for a tenant)."""
    key = load_signing_key()
    body = ExportBody(
        application_id=application_id,
        exported_at=utcnow().isoformat(),
        view="tenant" if tenant_view else "full",
        chain_status_at_export=chain_status,
        record_count=len(entries),
        signer_fingerprint=key.fingerprint,
        records=[_record(e, place, not tenant_view) for place, e in enumerate(entries, start=1)],
    )
    value = key.sign(signed_message(body.model_dump(mode="json")))
    signature = ExportSignature(
        public_key=encode_key(key.public_bytes), fingerprint=key.fingerprint, value=encode_key(value)
    )
    return AuditExport(export=body, signature=signature)
