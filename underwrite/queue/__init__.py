"""Batch memo generation: a durable queue in the database, leased to many async workers."""

from underwrite.queue.errors import PacketRejected, PermanentJobError, TransientJobError
from underwrite.queue.models import BatchJob, BatchOutput, JobState
from underwrite.queue.policy import RetryPolicy
from underwrite.queue.repository import QueueRepository
from underwrite.queue.runners import JobRunner
from underwrite.queue.schemas import JobContext, JobOutcome

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
