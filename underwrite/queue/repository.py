"""The queue's only door to the database: add, claim, heartbeat, complete, fail, release, retry.

Every write to a running job is guarded by ``lease_owner = me AND state = 'running'``: a worker
whose lease was taken over (a zombie) changes nothing, and :meth:`complete` publishes the memo only
after that guard matched, inside the same transaction as the output row.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from underwrite.core.db import get_engine
from underwrite.core.migrations import upgrade_database
from underwrite.core.settings import get_settings
from underwrite.queue.adding import add_one
from underwrite.queue.claim import ClaimedJob, claim_jobs, strategy_for
from underwrite.queue.errors import FailureKind, PacketRejected
from underwrite.queue.lease_fence import QueueLeaseFence, held_by
from underwrite.queue.models import PENDING_STATES, JobState, utcnow_naive
from underwrite.queue.models import jobs_table as _jobs
from underwrite.queue.models import outputs_table as _outputs
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.schemas import (
    AddedJob,
    AddReport,
    JobOutcome,
    JobView,
    QueueStatus,
    RejectedPacket,
    Waiting,
)

_MAX_ERROR_CHARS = 2000


class QueueRepository:
    def __init__(
        self, engine: Engine | None = None, policy: RetryPolicy | None = None, outputs_dir: Path | None = None
    ) -> None:
        settings = get_settings()
        # Keyed by the URL, not None: the cache must follow the settings (tests change them).
        self.engine = engine or get_engine(settings.resolved_database_url)
        upgrade_database(self.engine)  # migrations create/upgrade the queue tables
        self.strategy = strategy_for(self.engine)
        self.policy = policy or RetryPolicy()
        outputs_dir = outputs_dir or settings.outputs_dir
        self.memos_dir = outputs_dir / "memos"

    # -- adding -----------------------------------------------------------------------------
    def add(
        self, packet_dirs: Iterable[Path], max_attempts: int = 3, *, tenant: str | None = None
    ) -> AddReport:
        """Queue each folder as one application; reject non-packets and duplicates with the reason
        (for a ``tenant``, duplicates of its own tenant's packets only: see ``adding``)."""
        report = AddReport()
        for raw in packet_dirs:
            try:
                report.added.append(self._add_one(raw, max_attempts, tenant))
            except PacketRejected as exc:
                report.rejected.append(RejectedPacket(packet_dir=str(raw), reason=str(exc)))
        return report

    def _add_one(self, raw: Path, max_attempts: int, tenant: str | None = None) -> AddedJob:
        return add_one(self.engine, self.strategy, raw, max_attempts, tenant)

    # -- working ----------------------------------------------------------------------------
    def claim(self, owner: str, limit: int, now: datetime | None = None) -> list[ClaimedJob]:
        return claim_jobs(
            self.engine,
            self.strategy,
            owner,
            limit,
            self.policy.lease_s,
            now or utcnow_naive(),
            self.policy.max_lease_losses,
        )

    def heartbeat(self, owner: str, job_ids: Iterable[int]) -> set[int]:
        """Renew the leases still held; returns the ids that are still ours (others were lost)."""
        ids = list(job_ids)
        if not ids:
            return set()
        now = utcnow_naive()
        guard = self._held_by(owner, ids)
        with self.strategy.write_transaction(self.engine) as conn:
            conn.execute(
                update(_jobs)
                .where(guard)
                .values(lease_expires_at=now + timedelta(seconds=self.policy.lease_s))
            )
            held = conn.execute(select(_jobs.c.id).where(guard)).scalars().all()
        return set(held)

    def holds(self, owner: str, job_id: int) -> bool:
        """True while ``owner`` holds the job's lease (nobody took it over)."""
        with self.engine.connect() as conn:
            return conn.execute(select(_jobs.c.id).where(self._held_by(owner, [job_id]))).first() is not None

    def lease_fence(self, owner: str, job_id: int, application_id: str) -> QueueLeaseFence:
        """The fence of the run of a job ``owner`` holds: its writes land only under the lease."""
        return QueueLeaseFence(self.engine, self.strategy, owner, job_id, application_id)

    def complete(
        self, job_id: int, owner: str, outcome: JobOutcome, run_key: str, attempt: int, application_id: str
    ) -> bool:
        """Record the memo if the lease is still ours; False (and nothing written) if it is not."""
        final = self.final_memo_path(application_id, run_key, outcome.memo_path.suffix or ".md")
        now = utcnow_naive()
        try:
            with self.strategy.write_transaction(self.engine) as conn:
                moved = conn.execute(
                    update(_jobs)
                    .where(self._held_by(owner, [job_id]))
                    .values(
                        state=JobState.awaiting_review.value,
                        lease_owner=None,
                        lease_expires_at=None,
                        finished_at=now,
                        last_error=None,
                    )
                ).rowcount
                if moved != 1:
                    return False
                conn.execute(
                    _outputs.insert().values(
                        job_id=job_id,
                        application_id=application_id,
                        run_key=run_key,
                        attempt=attempt,
                        worker=owner,
                        memo_path=str(final),
                        memo_sha256=outcome.memo_sha256,
                        recommendation=outcome.recommendation.value,
                        created_at=now,
                    )
                )
                # Published while the row lock / write lock is held: nobody can take the job over
                # between the lease check and the rename. The path is fixed per run, so even a
                # crash before commit followed by a retry leaves exactly one memo file.
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(outcome.memo_path, final)
        except IntegrityError:
            return False
        return True

    def fail(self, job_id: int, owner: str, kind: FailureKind, message: str) -> str | None:
        """Apply the retry policy to a failed attempt; returns the new state, None if lease lost."""
        with self.strategy.write_transaction(self.engine) as conn:
            row = conn.execute(
                select(
                    _jobs.c.attempts, _jobs.c.max_attempts, _jobs.c.transient_errors, _jobs.c.transient_since
                ).where(self._held_by(owner, [job_id]))
            ).first()
            if row is None:
                return None
            values = self.policy.after_failure(
                kind,
                attempts=row.attempts,
                max_attempts=row.max_attempts,
                transient_errors=row.transient_errors,
                transient_since=row.transient_since,
                now=utcnow_naive(),
                message=message[:_MAX_ERROR_CHARS],
            )
            conn.execute(update(_jobs).where(self._held_by(owner, [job_id])).values(**values))
        return str(values["state"])

    def release(self, owner: str, job_ids: Iterable[int] | None = None) -> int:
        """Put jobs leased to ``owner`` back in the queue now, giving the attempt back."""
        guard = (_jobs.c.lease_owner == owner) & (_jobs.c.state == JobState.running.value)
        if job_ids is not None:
            guard = guard & _jobs.c.id.in_(list(job_ids))
        with self.strategy.write_transaction(self.engine) as conn:
            return conn.execute(
                update(_jobs)
                .where(guard)
                .values(
                    state=JobState.queued.value,
                    lease_owner=None,
                    lease_expires_at=None,
                    # Every running job was counted when claimed, so this is never below zero.
                    attempts=_jobs.c.attempts - 1,
                    not_before=utcnow_naive(),
                )
            ).rowcount

    def retry(self, job_id: int) -> JobView:
        """Move a failed job back to queued with a fresh attempt budget."""
        with self.strategy.write_transaction(self.engine) as conn:
            state = conn.execute(select(_jobs.c.state).where(_jobs.c.id == job_id)).scalar_one_or_none()
            if state is None:
                raise LookupError(f"no job with id {job_id}")
            if state != JobState.failed.value:
                raise ValueError(f"job {job_id} is {state}, not failed; only failed jobs can be retried")
            conn.execute(
                update(_jobs)
                .where(_jobs.c.id == job_id)
                .values(
                    state=JobState.queued.value,
                    attempts=0,
                    transient_errors=0,
                    transient_since=None,
                    lease_losses=0,
                    failure_reason=None,
                    finished_at=None,
                    not_before=utcnow_naive(),
                )
            )
        return self.job(job_id)

    # -- reading ----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(_jobs.c.state, func.count()).group_by(_jobs.c.state)).all()
        found = {state: count for state, count in rows}
        return {state.value: int(found.get(state.value, 0)) for state in JobState}

    def pending(self) -> int:
        return sum(self.counts()[s.value] for s in PENDING_STATES)

    def waiting(self) -> Waiting:
        """What the jobs in retry_wait wait for (the newest error) and when the next retry is."""
        in_wait = _jobs.c.state == JobState.retry_wait.value
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(_jobs.c.not_before, _jobs.c.last_error).where(in_wait).order_by(_jobs.c.not_before)
            ).all()
        first, last = (rows[0], rows[-1]) if rows else (None, None)
        return Waiting(jobs=len(rows), next_retry_at=first and first[0], last_error=last and last[1])

    def job_ids_in_state(self, state: JobState) -> set[int]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(_jobs.c.id).where(_jobs.c.state == state.value)).scalars())

    def jobs(self, job_ids: Iterable[int] | None = None) -> list[JobView]:
        stmt = (
            select(_jobs, _outputs.c.memo_path, _outputs.c.recommendation)
            .outerjoin(_outputs, _outputs.c.job_id == _jobs.c.id)
            .order_by(_jobs.c.id)
        )
        if job_ids is not None:
            stmt = stmt.where(_jobs.c.id.in_(list(job_ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [JobView.model_validate({k: row[k] for k in JobView.model_fields}) for row in rows]

    def job(self, job_id: int) -> JobView:
        found = self.jobs([job_id])
        if not found:
            raise LookupError(f"no job with id {job_id}")
        return found[0]

    def status(self) -> QueueStatus:
        jobs, counts = self.jobs(), self.counts()
        return QueueStatus(counts=counts, total=sum(counts.values()), jobs=jobs, waiting=self.waiting())

    def final_memo_path(self, application_id: str, run_key: str, suffix: str = ".md") -> Path:
        return self.memos_dir / application_id / f"{run_key}{suffix}"

    def staging_dir(self) -> Path:
        path = self.memos_dir / ".staging"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @staticmethod
    def _held_by(owner: str, job_ids: list[int]) -> ColumnElement[bool]:
        return held_by(owner, job_ids)
