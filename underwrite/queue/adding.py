"""Queueing one packet folder: validate it, then insert its job unless it is already queued.

Two adders of the same packet may race (two ``underwrite queue add`` runs, two API processes, a
retried submit). SQLite serialises them with ``BEGIN IMMEDIATE``; on PostgreSQL both can pass the
duplicate check before either commits, and the loser's plain INSERT would die on the unique
constraint with an IntegrityError. So the insert is ``INSERT … ON CONFLICT DO NOTHING`` (each
dialect's own): the loser inserts nothing, reads back the winner's row (committed by then:
PostgreSQL makes a conflicting insert wait for the other transaction) and gets the same answer a
later add would get, a rejection that names the queued job. The queue ends with one job either way.

Duplicates are looked for in a scope: a tenant's key (``tenant``) is refused only for files its own
tenant queued, so the refusal never tells it what another tenant sent; the operator, the CLI and keys
without a tenant (scope '') are refused for files anyone queued, as before tenants had scopes. The
unique constraint is per scope, so an operator's and a tenant's concurrent adds of the same files
can both be queued (two applications; no tenant learns anything from it).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Connection, Engine, Insert, select
from sqlalchemy.dialects import postgresql, sqlite

from underwrite.queue.claim import ClaimStrategy
from underwrite.queue.errors import PacketRejected
from underwrite.queue.models import JobState, utcnow_naive
from underwrite.queue.models import jobs_table as _jobs
from underwrite.queue.packets import packet_content_hash, validate_packet_dir
from underwrite.queue.schemas import AddedJob


def add_one(
    engine: Engine, strategy: ClaimStrategy, raw: Path, max_attempts: int, tenant: str | None = None
) -> AddedJob:
    """Queue ``raw`` as one job; PacketRejected (with the clash in words) if it is already queued
    (in ``tenant``'s scope for a tenant, anywhere otherwise)."""
    packet_dir = validate_packet_dir(raw)
    content_hash = packet_content_hash(packet_dir)
    application_id = packet_dir.name
    with strategy.write_transaction(engine) as conn:
        _refuse_clash(conn, raw, application_id, content_hash, tenant)
        values = {
            "application_id": application_id,
            "packet_dir": str(packet_dir),
            "content_hash": content_hash,
            "dedupe_scope": tenant or "",
            "run_key": f"batch-{uuid.uuid4().hex}",
            "state": JobState.queued.value,
            "max_attempts": max_attempts,
            "not_before": utcnow_naive(),
            "created_at": utcnow_naive(),
        }
        job_id = conn.execute(_insert_or_skip(engine).values(**values).returning(_jobs.c.id)).scalar()
        if job_id is None:  # a concurrent add won the unique constraint: answer as if we came second
            _refuse_clash(conn, raw, application_id, content_hash, tenant)
            raise PacketRejected(f"{raw}: a concurrent add of the same packet was refused by the queue")
    return AddedJob(
        id=job_id, application_id=application_id, packet_dir=str(packet_dir), content_hash=content_hash
    )


def _insert_or_skip(engine: Engine) -> Insert:
    if engine.dialect.name == "postgresql":
        return postgresql.insert(_jobs).on_conflict_do_nothing()
    if engine.dialect.name == "sqlite":
        return sqlite.insert(_jobs).on_conflict_do_nothing()
    raise ValueError(f"the batch queue supports SQLite and PostgreSQL, not {engine.dialect.name}")


def _refuse_clash(
    conn: Connection, raw: Path, application_id: str, content_hash: str, tenant: str | None
) -> None:
    """Raise PacketRejected if a job with this application id, or with these files in the scope,
    is already queued (ids are one space: a tenant's chosen ids are kept in its part of it)."""
    same_files = _jobs.c.content_hash == content_hash
    if tenant is not None:
        same_files &= _jobs.c.dedupe_scope == tenant
    clash = conn.execute(
        select(_jobs.c.id, _jobs.c.packet_dir, _jobs.c.content_hash).where(
            same_files | (_jobs.c.application_id == application_id)
        )
    ).first()
    if clash is None:
        return
    if clash.content_hash == content_hash:
        raise PacketRejected(
            f"{raw}: duplicate of job {clash.id} ({clash.packet_dir}): same files, "
            f"content hash {content_hash[:12]}"
        )
    raise PacketRejected(
        f"{raw}: application id {application_id!r} is already queued as job {clash.id} "
        f"({clash.packet_dir}) with different content"
    )
