"""Accepting an application: its packet folder under UW_HOME/api-packets, a queue job, and the
submission row that makes a retried submit (same key, same Idempotency-Key) return the first result.

The row is written before the packet is queued, under a unique (key, Idempotency-Key) constraint, so
two concurrent retries cannot both queue; a server that died between the row and the queue finishes
the enqueue on the retry (the request is the same, by its hash).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from underwrite.api.call_audit import AUDIT_APPLICATION
from underwrite.api.models import submissions_table as _subs
from underwrite.api.problems import ApiProblem
from underwrite.api.staging import staging_dir
from underwrite.api.tenancy import scope
from underwrite.core.settings import get_settings
from underwrite.queue import QueueRepository
from underwrite.queue.models import utcnow_naive

RESERVED_APPLICATION_IDS = frozenset({AUDIT_APPLICATION})
"""Ids no application may take: whoever could read such an application's audit trail would read the
records kept under that id (every tenant's calls that name no application)."""
MAX_APPLICATION_ID = 200
"""The queue's and the submissions' column width."""
WriteFiles = Callable[[Path, str], None]
"""Writes a packet's documents into a folder (a staging one: not named after the application)."""


class Accepted(BaseModel):
    application_id: str
    job_id: int
    replay: bool


def packets_root() -> Path:
    return get_settings().home / "api-packets"


def new_application_id() -> str:
    return f"API-{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _job_id(queue: QueueRepository, application_id: str) -> int | None:
    return next((j.id for j in queue.jobs() if j.application_id == application_id), None)


def _enqueue(queue: QueueRepository, application_id: str, write: WriteFiles, tenant: str | None) -> int:
    """Publish the packet folder (written aside, renamed into place: never seen half-written) and
    queue it; a concurrent retry of the same request that got there first is returned, not doubled.
    A tenant's packet is refused as a duplicate only of its own tenant's packets (``queue.adding``)."""
    packet_dir = packets_root() / application_id
    if not packet_dir.is_dir():
        staging = staging_dir(packets_root(), application_id)  # swept at start-up if we die here
        staging.mkdir(parents=True)
        write(staging, application_id)
        try:
            staging.rename(packet_dir)
        except OSError:  # another attempt of this same request published it first
            shutil.rmtree(staging, ignore_errors=True)
    report = queue.add(
        [packet_dir], tenant=tenant
    )  # a concurrent add of it is refused in words, never raised
    if report.added:
        return report.added[0].id
    job_id = _job_id(queue, application_id)
    if job_id is not None:  # that other attempt queued it, too
        return job_id
    shutil.rmtree(packet_dir, ignore_errors=True)
    # In the client's terms: application ids, not this server's folders.
    reason = report.rejected[0].reason.replace(str(packet_dir.resolve()), application_id)
    reason = reason.replace(f"{packets_root().resolve()}{os.sep}", "")
    raise ApiProblem(409, "packet-rejected", "The queue refused this packet", reason)


def _replay(
    queue: QueueRepository,
    row: Any,
    request_sha256: str,
    idempotency_key: str,
    write: WriteFiles,
    tenant: str | None,
) -> Accepted:
    if row.request_sha256 != request_sha256:
        raise ApiProblem(
            422,
            "idempotency-key-reused",
            "Idempotency-Key reused for a different request",
            f"Idempotency-Key {idempotency_key!r} was first used at {row.created_at:%Y-%m-%d %H:%M:%S} "
            f"UTC for a different request (application {row.application_id}); "
            "use a new key for a new application",
        )
    application_id = str(row.application_id)
    job_id = _job_id(queue, application_id)
    if job_id is None:  # the first attempt died before queueing: finish it now
        job_id = _enqueue(queue, application_id, write, tenant)
    return Accepted(application_id=application_id, job_id=job_id, replay=True)


def accept(
    queue: QueueRepository,
    *,
    key_id: str,
    idempotency_key: str | None,
    request_sha256: str,
    application_id: str | None,
    callback_url: str | None,
    write: WriteFiles,
    tenant: str | None = None,
) -> Accepted:
    """Queue one application (or return the one this Idempotency-Key already queued); an id a key
    of ``tenant`` chose is stored in that tenant's part of the id space (``tenancy.scope``)."""
    by_key = (_subs.c.key_id == key_id) & (_subs.c.idempotency_key == idempotency_key)
    if idempotency_key is not None:
        with queue.engine.connect() as conn:
            row = conn.execute(select(_subs).where(by_key)).first()
        if row is not None:
            return _replay(queue, row, request_sha256, idempotency_key, write, tenant)
    if application_id in RESERVED_APPLICATION_IDS:
        raise ApiProblem(
            422,
            "reserved-application-id",
            "Application id reserved",
            f"application id {application_id!r} is reserved: the audit trail keeps the API's own call "
            "records under it; choose another id",
        )
    if application_id is not None:
        application_id = scope(tenant, application_id)
        if len(application_id) > MAX_APPLICATION_ID:
            raise ApiProblem(
                422,
                "invalid-request",
                "Application id too long",
                f"application id {application_id!r} (the tenant's name, '~', the chosen id) is longer "
                f"than {MAX_APPLICATION_ID} characters; choose a shorter id",
            )
    chosen = application_id or new_application_id()
    if application_id is not None:
        with queue.engine.connect() as conn:
            taken = conn.execute(select(_subs.c.id).where(_subs.c.application_id == chosen)).first()
        if taken is not None or _job_id(queue, chosen) is not None:
            raise ApiProblem(
                409,
                "application-exists",
                "Application id already in use",
                f"application {chosen!r} was already submitted; read it at /v1/applications/{chosen}",
            )
    try:
        with queue.engine.begin() as conn:
            conn.execute(
                _subs.insert().values(
                    key_id=key_id,
                    idempotency_key=idempotency_key,
                    request_sha256=request_sha256,
                    application_id=chosen,
                    callback_url=callback_url,
                    callback_state="pending" if callback_url else None,
                    callback_attempts=0,
                    created_at=utcnow_naive(),
                )
            )
    except IntegrityError:  # a concurrent retry with the same key got there first
        with queue.engine.connect() as conn:
            row = conn.execute(select(_subs).where(by_key)).one()
        assert idempotency_key is not None
        return _replay(queue, row, request_sha256, idempotency_key, write, tenant)
    try:
        job_id = _enqueue(queue, chosen, write, tenant)
    except ApiProblem:
        with queue.engine.begin() as conn:
            conn.execute(delete(_subs).where(_subs.c.application_id == chosen))
        raise
    return Accepted(application_id=chosen, job_id=job_id, replay=False)


def release_abandoned(queue: QueueRepository, older_than_s: float) -> list[str]:
    """Forget the submits a crash cut off between their row and the queue that no retry can finish.

    A row without an Idempotency-Key whose application never reached the queue would hold its id
    forever (``application-exists``) although nothing was queued and the client got no 202. Rows
    with a key stay: their retry finishes the submit. A folder published for such a row (never
    queued) goes too, so a new submit of that id writes its own documents. Returns the ids freed."""
    cutoff = utcnow_naive() - timedelta(seconds=older_than_s)
    queued = {j.application_id for j in queue.jobs()}
    with queue.engine.connect() as conn:
        rows = conn.execute(
            select(_subs.c.id, _subs.c.application_id).where(
                _subs.c.idempotency_key.is_(None) & (_subs.c.created_at < cutoff)
            )
        ).all()
    abandoned = [r for r in rows if r.application_id not in queued]
    for row in abandoned:
        with queue.engine.begin() as conn:
            conn.execute(delete(_subs).where(_subs.c.id == row.id))
        shutil.rmtree(packets_root() / row.application_id, ignore_errors=True)
    return [r.application_id for r in abandoned]
