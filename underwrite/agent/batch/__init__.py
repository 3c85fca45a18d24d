"""Batch memo generation: a durable queue in the database, leased to many async workers."""

from underwrite.agent.batch.errors import PacketRejected, PermanentJobError, TransientJobError
from underwrite.agent.batch.models import BatchJob, BatchOutput, JobState
from underwrite.agent.batch.policy import RetryPolicy
from underwrite.agent.batch.repository import QueueRepository
from underwrite.agent.batch.runners import JobRunner
from underwrite.agent.batch.schemas import JobContext, JobOutcome

__all__ = [
    "BatchJob",
    "BatchOutput",
    "JobContext",
    "JobOutcome",
    "JobRunner",
    "JobState",
    "PacketRejected",
    "PermanentJobError",
    "QueueRepository",
    "RetryPolicy",
    "TransientJobError",
]
