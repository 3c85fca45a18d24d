"""A lease fence around one workflow run: a queue worker that lost its job's lease writes nothing.

A worker that stalls past its lease (a long GC pause, a frozen VM, a blocked LLM call) is a zombie:
its thread cannot be interrupted, and another worker has taken the job over and resumes the same
run (one checkpoint thread per application). Without a fence the zombie's late checkpoints became
the run's newest state, so the memo a decision was taken on was one nobody published. The queue
worker gives the run a :class:`LeaseFence` (``fenced``); every checkpoint write of the run and the
draft's audit record go through it, and raise :class:`LeaseLost` once the lease is gone.

The check is not a read before the write (a lease lost between the two still wrote): it sits in a
transaction that excludes a takeover until the write is done. The ``memo_drafted`` record is
written in the same transaction as the check (``check_in``: the job's row locked ``FOR UPDATE`` on
PostgreSQL; on SQLite the append already holds the database's write lock). A checkpoint may live in
another database (SQLite's ``checkpoints.sqlite``) or on the saver's own connection, so it is
written inside ``hold``: a queue transaction that locks the job's row (``BEGIN IMMEDIATE`` on SQLite,
``SELECT … FOR UPDATE`` on PostgreSQL, where claimers skip locked rows) from the check until the
checkpoint is committed. A takeover therefore lands before the check (which then refuses) or after
the write (which the successor then reads and supersedes), never between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection

from underwrite.agent.errors import WorkflowError


@runtime_checkable
class LeaseFence(Protocol):
    """The queue's lease on the run's job, checked where a write cannot be overtaken."""

    def check_in(self, conn: Connection) -> None:
        """Raise :class:`LeaseLost` unless the job is still leased to this worker, inside ``conn``'s
        transaction (the writer's own), so the check and the write commit together."""
        ...

    def hold(self) -> AbstractContextManager[None]:
        """A queue transaction, open for the block, in which the lease was checked (LeaseLost if
        not ours) and no other worker can take the job over until the block's write is done."""
        ...


_fence: ContextVar[LeaseFence | None] = ContextVar("uw_lease_fence", default=None)


class LeaseLost(WorkflowError):
    """The queue gave this run's job to another worker: this attempt may write nothing more."""


@contextmanager
def fenced(fence: LeaseFence | None) -> Iterator[None]:
    """Run the block (a ``draft_memo`` call) with ``fence`` guarding its writes."""
    token = _fence.set(fence)
    try:
        yield
    finally:
        _fence.reset(token)


def current_fence() -> LeaseFence | None:
    """The fence of the run in this context (None outside a queue worker's run)."""
    return _fence.get()


def fence_saver(saver: Any) -> None:
    """Make this run's checkpointer write only inside the lease's hold (reads stay open)."""
    fence = _fence.get()  # captured now: the saver may write from another thread
    if fence is None:
        return
    for name in ("put", "put_writes"):
        real = getattr(saver, name)

        def guarded(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            with fence.hold():
                return _real(*args, **kwargs)

        setattr(saver, name, guarded)
