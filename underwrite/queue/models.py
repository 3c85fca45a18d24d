"""Queue tables: one row per queued packet (``batch_jobs``) and one per drafted memo (``batch_outputs``).

Times are naive UTC everywhere: SQLite has no time zones, and every process on every database must
compare lease expiries the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from underwrite.core.db import Base


def utcnow_naive() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    retry_wait = "retry_wait"
    awaiting_review = "awaiting_review"
    decided = "decided"
    failed = "failed"


# A job in one of these states still needs a worker; the batch is drained when none is left.
PENDING_STATES = (JobState.queued, JobState.running, JobState.retry_wait)
FINISHED_STATES = (JobState.awaiting_review, JobState.decided, JobState.failed)


class BatchJob(Base):
    __tablename__ = "batch_jobs"
    __table_args__ = (
        # Per scope (a tenant, or '' for everyone else): a tenant is never told another's files.
        UniqueConstraint("dedupe_scope", "content_hash", name="uq_batch_jobs_scope_content_hash"),
        UniqueConstraint("application_id", name="uq_batch_jobs_application_id"),
        Index("ix_batch_jobs_claim", "state", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(String(200), nullable=False)
    packet_dir: Mapped[str] = mapped_column(Text, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # The tenant of the API key that queued the job, '' for keys without one and the CLI. Duplicate
    # detection looks only inside a tenant's own scope; the global scope still sees every job.
    dedupe_scope: Mapped[str] = mapped_column(String(100), nullable=False, default="", server_default="")
    # Fixed when the job is queued and reused by every attempt: the idempotency key of the outputs
    # and the checkpoint thread of the memo graph, so a retry resumes instead of starting anew.
    run_key: Mapped[str] = mapped_column(String(64), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=JobState.queued.value)
    # Attempts that ran and ended badly; released, transient-error and lost-lease attempts are
    # given back (see policy.py for the budget rules).
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    transient_errors: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # When this job first met an unavailable LLM: the start of its bounded wait (see policy.py).
    transient_since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Times a worker vanished holding this job (lease expired): counted apart from attempts so a
    # killed worker never costs a healthy job its retry budget (see policy.py).
    lease_losses: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow_naive)
    lease_owner: Mapped[str | None] = mapped_column(String(120), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failure_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow_naive)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class BatchOutput(Base):
    """The memo a job produced. Unique per (application, run): a retry can never add a second one."""

    __tablename__ = "batch_outputs"
    __table_args__ = (UniqueConstraint("application_id", "run_key", name="uq_batch_outputs_app_run"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("batch_jobs.id"), nullable=False)
    application_id: Mapped[str] = mapped_column(String(200), nullable=False)
    run_key: Mapped[str] = mapped_column(String(64), nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    worker: Mapped[str] = mapped_column(String(120), nullable=False)
    memo_path: Mapped[str] = mapped_column(Text, nullable=False)
    memo_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    recommendation: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow_naive)


# Core handles for the queue's SQL; typed as Table (the ORM attribute is a plain FromClause).
jobs_table = cast(Table, BatchJob.__table__)
outputs_table = cast(Table, BatchOutput.__table__)
