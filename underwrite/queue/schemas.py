"""Pydantic models at the queue's boundaries: what a runner gets and returns, what status reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from underwrite.agent.lease import LeaseFence
from underwrite.core.schemas import Recommendation


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JobContext(_Model):
    """Everything a runner needs to draft one memo."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)  # the lease fence

    job_id: int
    application_id: str
    packet_dir: Path
    attempt: int = Field(ge=1, description="1 for the first run; counts only attempts that used budget")
    run_key: str = Field(description="Stable across retries: idempotency key and checkpoint thread id")
    staging_dir: Path = Field(description="Where the runner writes its memo; the worker publishes it")
    lease: LeaseFence | None = Field(
        default=None, exclude=True, description="The job's lease, fencing the run's writes (agent.lease)"
    )


class JobOutcome(_Model):
    """A drafted memo waiting for review. ``memo_path`` is inside the context's staging dir."""

    memo_path: Path
    memo_sha256: str
    recommendation: Recommendation
    llm_calls: int = 0


class JobView(_Model):
    id: int
    application_id: str
    state: str
    attempts: int
    max_attempts: int
    transient_errors: int
    transient_since: datetime | None = None
    lease_losses: int
    packet_dir: str
    content_hash: str
    run_key: str
    lease_owner: str | None
    lease_expires_at: datetime | None
    not_before: datetime
    last_error: str | None
    failure_reason: str | None
    created_at: datetime
    finished_at: datetime | None
    memo_path: str | None = None
    recommendation: str | None = None


class Waiting(_Model):
    """Jobs in ``retry_wait``: how many, the next retry, and the newest error in words."""

    jobs: int
    next_retry_at: datetime | None
    last_error: str | None


class QueueStatus(_Model):
    counts: dict[str, int]
    total: int
    jobs: list[JobView]
    waiting: Waiting


class AddedJob(_Model):
    id: int
    application_id: str
    packet_dir: str
    content_hash: str


class RejectedPacket(_Model):
    packet_dir: str
    reason: str


class AddReport(_Model):
    added: list[AddedJob] = Field(default_factory=list)
    rejected: list[RejectedPacket] = Field(default_factory=list)
