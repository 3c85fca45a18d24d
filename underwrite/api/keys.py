"""API keys: created by `underwrite apikeys add`, stored as a sha256 of the token, one role each.

A token reads ``uwk_<key id>_<secret>``: the key id (public, in logs and the audit trail) finds the
row, and the hash of the whole token is compared in constant time. A revoked key stays in the table
so the audit trail's key ids keep meaning something.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, select, update

from underwrite.api.models import api_keys_table as _keys
from underwrite.core.db import get_engine
from underwrite.core.migrations import upgrade_database
from underwrite.queue.models import utcnow_naive

PREFIX = "uwk"
TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class ApiRole(StrEnum):
    intake = "intake"
    """A loan-origination system: submits applications and reads their results."""
    underwriter = "underwriter"
    """Everything intake may do, and records decisions."""
    compliance = "compliance"
    """Reads results, the audit trail and its verification; never submits or decides."""


class ApiKeyInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_id: str
    name: str
    role: ApiRole
    created_at: datetime
    revoked_at: datetime | None = None
    tenant: str | None = None
    """Set: the key sees only applications submitted by keys of this tenant (see ``tenancy``)."""


class NewApiKey(ApiKeyInfo):
    token: str
    """Shown once, when the key is created; only its hash is stored."""


class ApiKeyError(ValueError):
    """A key cannot be created or revoked as asked (the message says why)."""


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _info(row: object) -> ApiKeyInfo:
    return ApiKeyInfo.model_validate(row, from_attributes=True)


class KeyStore:
    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or get_engine()
        upgrade_database(self.engine)

    def add(self, name: str, role: ApiRole, tenant: str | None = None) -> NewApiKey:
        name = name.strip()
        if not name or len(name) > 100:
            raise ApiKeyError("a key needs a name of 1-100 characters (who or what uses it)")
        if tenant is not None and not TENANT.fullmatch(tenant):
            raise ApiKeyError(f"tenant {tenant!r}: use 1-100 letters, digits, '.', '_' or '-'")
        # A letter first: an all-digit id (1 in ~280) reads as a phone number to the audit trail's
        # PII masking and would be stored pseudonymised, so calls could not be traced to their key.
        key_id = f"k{secrets.token_hex(6)}"
        token = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        now = utcnow_naive()
        with self.engine.begin() as conn:
            conn.execute(
                _keys.insert().values(
                    key_id=key_id,
                    name=name,
                    role=role.value,
                    secret_sha256=token_sha256(token),
                    created_at=now,
                    tenant=tenant,
                )
            )
        return NewApiKey(key_id=key_id, name=name, role=role, created_at=now, tenant=tenant, token=token)

    def list(self) -> list[ApiKeyInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(_keys).order_by(_keys.c.created_at)).all()
        return [_info(r) for r in rows]

    def revoke(self, key_id: str) -> ApiKeyInfo:
        with self.engine.begin() as conn:
            row = conn.execute(select(_keys).where(_keys.c.key_id == key_id)).first()
            if row is None:
                raise ApiKeyError(f"no API key with id {key_id!r} (see `underwrite apikeys list`)")
            if row.revoked_at is None:
                conn.execute(update(_keys).where(_keys.c.key_id == key_id).values(revoked_at=utcnow_naive()))
            row = conn.execute(select(_keys).where(_keys.c.key_id == key_id)).one()
        return _info(row)

    def check(self, token: str) -> tuple[ApiKeyInfo | None, str]:
        """The key a token belongs to, or None and the reason in words (unknown, malformed, revoked)."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return None, f"the API key is malformed: expected '{PREFIX}_<key id>_<secret>'"
        with self.engine.connect() as conn:
            row = conn.execute(select(_keys).where(_keys.c.key_id == parts[1])).first()
        expected = row.secret_sha256 if row is not None else token_sha256("")
        matches = hmac.compare_digest(token_sha256(token), expected)
        if row is None or not matches:
            return None, "the API key is not valid"
        if row.revoked_at is not None:
            return None, f"the API key {row.key_id} was revoked at {row.revoked_at:%Y-%m-%d %H:%M} UTC"
        return _info(row), ""
