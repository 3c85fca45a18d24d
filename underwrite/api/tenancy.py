"""Which applications a key may see: all, or (a key with a tenant) only its tenant's.

A bank with one loan-origination system gives its keys no tenant, and each sees every application,
as the workbench's staff do. Where several systems or partners call one server, each gets keys of
its own tenant: such a key sees only the applications that keys of the same tenant submitted
(a rotated key keeps the tenant, so it keeps its applications). Another tenant's application reads
as unknown (404, the same words as an id nobody submitted), so its existence is not revealed.

Ids are one space, so an id a tenant's key chooses is kept in the tenant's own part of it,
``<tenant>~<id>`` (``~`` is in neither a tenant's name nor a chosen id): a submit of an id that
another tenant holds is accepted like any free id, and refused (409) only when this tenant holds
it. The key reads it by either form (the auth dependency rewrites the path's id, ``scoped_id``);
applications a tenant submitted before ids were scoped keep their plain id. Files, likewise, are
a duplicate only of files the same tenant sent (``queue.adding``: the queue's dedupe scope).
"""

from __future__ import annotations

from sqlalchemy import select

from underwrite.api.keys import ApiKeyInfo
from underwrite.api.models import api_keys_table as _keys
from underwrite.api.models import submissions_table as _subs
from underwrite.api.schemas import VerifyOut
from underwrite.queue import QueueRepository
from underwrite.records.audit import VerifyResult

SEPARATOR = "~"
SCOPED_ID_PATTERN = r"^(?:[A-Za-z0-9._-]{1,100}~)?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
"""A path's application id: a chosen id, optionally with its tenant's part (``north~LOS-1``)."""


def scope(tenant: str | None, application_id: str) -> str:
    """The stored id of ``application_id`` chosen by a key of ``tenant``."""
    if tenant is None or SEPARATOR in application_id:
        return application_id
    return f"{tenant}{SEPARATOR}{application_id}"


def scoped_id(queue: QueueRepository, key: ApiKeyInfo, application_id: str) -> str:
    """The stored id a key means by a path's id: its tenant's part of the id space, except for an
    application of its tenant stored under the plain id (submitted before ids were scoped)."""
    scoped = scope(key.tenant, application_id)
    if scoped != application_id and not may_see(queue, key, scoped) and may_see(queue, key, application_id):
        return application_id
    return scoped


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


def foreign_actors(queue: QueueRepository, tenant: str) -> set[str]:
    """The audit actors (``api-key:<id>``) of every key that is not of ``tenant``."""
    query = select(_keys.c.key_id).where((_keys.c.tenant != tenant) | _keys.c.tenant.is_(None))
    with queue.engine.connect() as conn:
        return {f"api-key:{row.key_id}" for row in conn.execute(query)}


def tenant_view(result: VerifyResult, records: int) -> VerifyOut:
    """The whole chain's verification as a tenant's key may see it: its own records' count and the
    outcome, without the chain's length, record numbers or where it broke."""
    proved = [
        f"the {records} records of this tenant's applications are part of the one audit chain, and "
        "every record of that chain, its MAC and every signed checkpoint were checked"
    ]
    if result.status == "intact":
        proved.append("nobody without the audit key changed, inserted, reordered or removed its records")
    problem = None
    if result.status != "intact":
        problem = (
            f"the audit chain is {result.status}: its verification did not pass; the operator's "
            "compliance key (without a tenant) sees which record and why"
        )
    return VerifyOut(
        ok=result.ok,
        status=result.status,
        records=records,
        first_bad_seq=None,
        problem=problem,
        proved=proved if result.status != "broken" else [],
        not_proved=[
            "that nothing after the latest checkpoint was removed",
            "that events were recorded at all: the trail shows what was written, not what was omitted",
        ],
    )
