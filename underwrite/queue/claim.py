"""Per-dialect ways to take work off the queue without two workers ever getting the same job.

PostgreSQL locks candidate rows with ``SELECT … FOR UPDATE SKIP LOCKED``: concurrent claimers skip
each other's rows instead of waiting. SQLite has no row locks, so every write transaction starts
with ``BEGIN IMMEDIATE``, which takes the database write lock up front (waiting up to the
busy_timeout) — a read-then-write transaction that started deferred could otherwise fail with
SQLITE_BUSY in WAL mode instead of waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, or_, select, update

from underwrite.queue.models import JobState
from underwrite.queue.models import jobs_table as _jobs


class ClaimedJob(BaseModel):
    id: int
    application_id: str
    packet_dir: str
    content_hash: str
    run_key: str
    attempt: int


class ClaimStrategy(Protocol):
    def write_transaction(self, engine: Engine) -> AbstractContextManager[Connection]:
        """A connection inside a transaction that may read, then write, then commit."""
        ...

    def lock_candidates(self, stmt: Select[tuple[int, str, int, int]]) -> Select[tuple[int, str, int, int]]:
        """Make the candidate query skip rows other claimers hold, where the database can."""
        ...


class SqliteClaim:
    @contextmanager
    def write_transaction(self, engine: Engine) -> Iterator[Connection]:
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def lock_candidates(self, stmt: Select[tuple[int, str, int, int]]) -> Select[tuple[int, str, int, int]]:
        return stmt  # BEGIN IMMEDIATE already serialises every writer


class PostgresClaim:
    @contextmanager
    def write_transaction(self, engine: Engine) -> Iterator[Connection]:
        with engine.begin() as conn:
            yield conn

    def lock_candidates(self, stmt: Select[tuple[int, str, int, int]]) -> Select[tuple[int, str, int, int]]:
        return stmt.with_for_update(skip_locked=True)


def strategy_for(engine: Engine) -> ClaimStrategy:
    if engine.dialect.name == "sqlite":
        return SqliteClaim()
    if engine.dialect.name == "postgresql":
        return PostgresClaim()
    raise ValueError(f"the batch queue supports SQLite and PostgreSQL, not {engine.dialect.name}")


def claimable_condition(now: datetime) -> ColumnElement[bool]:
    """Waiting jobs whose backoff is over, and running jobs whose worker stopped renewing its lease."""
    return or_(
        and_(
            _jobs.c.state.in_([JobState.queued.value, JobState.retry_wait.value]),
            _jobs.c.not_before <= now,
        ),
        and_(_jobs.c.state == JobState.running.value, _jobs.c.lease_expires_at < now),
    )


def claim_jobs(
    engine: Engine,
    strategy: ClaimStrategy,
    owner: str,
    limit: int,
    lease_s: float,
    now: datetime,
    max_lease_losses: int,
) -> list[ClaimedJob]:
    """Lease up to ``limit`` jobs to ``owner``. Jobs whose workers died too often fail instead.

    Reclaiming an expired lease gives back the attempt the vanished worker was charged and counts a
    lease loss instead.
    """
    if limit <= 0:
        return []
    candidates = strategy.lock_candidates(
        select(_jobs.c.id, _jobs.c.state, _jobs.c.lease_losses)
        .where(claimable_condition(now))
        .order_by(_jobs.c.not_before, _jobs.c.id)
        .limit(limit)
    )
    with strategy.write_transaction(engine) as conn:
        rows = conn.execute(candidates).all()
        orphaned = {r.id for r in rows if r.state == JobState.running.value}
        exhausted = [r.id for r in rows if r.id in orphaned and r.lease_losses + 1 >= max_lease_losses]
        take = [r.id for r in rows if r.id not in exhausted]
        if exhausted:
            conn.execute(
                update(_jobs)
                .where(_jobs.c.id.in_(exhausted))
                .values(
                    state=JobState.failed.value,
                    failure_reason=f"worker lost the job {max_lease_losses} times (lease expired each time)",
                    lease_losses=_jobs.c.lease_losses + 1,
                    lease_owner=None,
                    lease_expires_at=None,
                    finished_at=now,
                )
            )
        if not take:
            return []
        reclaimed = [job_id for job_id in take if job_id in orphaned]
        if reclaimed:
            conn.execute(
                update(_jobs)
                .where(_jobs.c.id.in_(reclaimed))
                .values(attempts=_jobs.c.attempts - 1, lease_losses=_jobs.c.lease_losses + 1)
            )
        conn.execute(
            update(_jobs)
            .where(_jobs.c.id.in_(take))
            .values(
                state=JobState.running.value,
                lease_owner=owner,
                lease_expires_at=now + timedelta(seconds=lease_s),
                attempts=_jobs.c.attempts + 1,
                started_at=now,
            )
        )
        claimed = conn.execute(
            select(
                _jobs.c.id,
                _jobs.c.application_id,
                _jobs.c.packet_dir,
                _jobs.c.content_hash,
                _jobs.c.run_key,
                _jobs.c.attempts,
            )
            .where(_jobs.c.id.in_(take))
            .order_by(_jobs.c.id)
        ).all()
    return [
        ClaimedJob(
            id=r.id,
            application_id=r.application_id,
            packet_dir=r.packet_dir,
            content_hash=r.content_hash,
            run_key=r.run_key,
            attempt=r.attempts,
        )
        for r in claimed
    ]
