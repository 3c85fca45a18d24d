"""Which applications a key may see: all, or (a key with a tenant) only its tenant's.

A bank with one loan-origination system gives its keys no tenant, and each sees every application,
as the workbench's staff do. Where several systems or partners call one server, each gets keys of
its own tenant: such a key sees only the applications that keys of the same tenant submitted
(a rotated key keeps the tenant, so it keeps its applications). Another tenant's application reads
as unknown (404, the same words as an id nobody submitted), so its existence is not revealed.
"""

from __future__ import annotations

from sqlalchemy import select

from underwrite.api.keys import ApiKeyInfo
from underwrite.api.models import api_keys_table as _keys
from underwrite.api.models import submissions_table as _subs
from underwrite.queue import QueueRepository


def tenant_applications(queue: QueueRepository, tenant: str) -> set[str]:
    """The application ids submitted by keys of ``tenant`` (revoked keys' included)."""
    query = (
        select(_subs.c.application_id)
        .join(_keys, _keys.c.key_id == _subs.c.key_id)
        .where(_keys.c.tenant == tenant)
    )
    with queue.engine.connect() as conn:
        return {row.application_id for row in conn.execute(query)}


def may_see(queue: QueueRepository, key: ApiKeyInfo, application_id: str) -> bool:
    if key.tenant is None:
        return True
    query = (
        select(_subs.c.id)
        .join(_keys, _keys.c.key_id == _subs.c.key_id)
        .where((_subs.c.application_id == application_id) & (_keys.c.tenant == key.tenant))
    )
    with queue.engine.connect() as conn:
        return conn.execute(query).first() is not None
