"""The queue's side of the lease fence (``agent.lease``): checks of one job's lease that a takeover
cannot overtake, because each runs inside a transaction that excludes the takeover's claim.

A claim takes a job over only by writing its row: on SQLite inside ``BEGIN IMMEDIATE`` (the
database's write lock), on PostgreSQL after ``SELECT … FOR UPDATE SKIP LOCKED``. So a transaction
that holds the write lock (SQLite) or the row's lock (PostgreSQL, ``FOR UPDATE``) while it checks
the lease and writes has no takeover in between: a claimer waits (SQLite) or skips the row
(PostgreSQL) until the write is committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, Engine, select

from underwrite.agent.lease import LeaseLost
from underwrite.queue.claim import ClaimStrategy
from underwrite.queue.models import JobState
from underwrite.queue.models import jobs_table as _jobs


def held_by(owner: str, job_ids: list[int]) -> ColumnElement[bool]:
    """The rows of ``job_ids`` that are running under ``owner``'s lease."""
    return (
        _jobs.c.id.in_(job_ids) & (_jobs.c.lease_owner == owner) & (_jobs.c.state == JobState.running.value)
    )


class QueueLeaseFence:
    """The lease of job ``job_id`` held by ``owner``, as the fence of that job's run."""

    def __init__(
        self, engine: Engine, strategy: ClaimStrategy, owner: str, job_id: int, application_id: str
    ) -> None:
        self.engine, self.strategy = engine, strategy
        self.owner, self.job_id, self.application_id = owner, job_id, application_id

    def check_in(self, conn: Connection) -> None:
        """Check inside the writer's transaction on the queue's database. The writer must already
        hold SQLite's write lock (the audit append's first statement takes it)."""
        if conn.engine.url != self.engine.url:
            # Another database cannot share this transaction: check inside a hold of our own,
            # which still excludes a takeover until the check is done (not until the write).
            with self.hold():
                return
        self._refuse_unless_ours(conn)

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self.strategy.write_transaction(self.engine) as conn:  # BEGIN IMMEDIATE on SQLite
            self._refuse_unless_ours(conn)
            yield

    def _refuse_unless_ours(self, conn: Connection) -> None:
        # FOR UPDATE locks the row until the transaction ends (SQLite renders nothing: its write
        # lock, already held, excludes every claimer).
        mine = select(_jobs.c.id).where(held_by(self.owner, [self.job_id])).with_for_update()
        if conn.execute(mine).first() is None:
            raise LeaseLost(
                f"job {self.job_id} ({self.application_id}) was taken over by another worker after "
                "this one stalled past its lease: this attempt's writes are refused, its successor's stand"
            )
