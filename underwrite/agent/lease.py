"""A lease fence around one workflow run: a queue worker that lost its job's lease writes nothing.

A worker that stalls past its lease (a long GC pause, a frozen VM, a blocked LLM call) is a zombie:
its thread cannot be interrupted, and another worker has taken the job over and resumes the same
run (one checkpoint thread per application). Without a fence the zombie's late checkpoints became
the run's newest state, so the memo a decision was taken on was one nobody published. The queue
worker sets a check of its lease for the run (``fenced``); every checkpoint write of the run and
the draft's audit record ask it first, and raise :class:`LeaseLost` once the lease is gone.

What it does not close: a write whose check passed just before the takeover can still land after
it (the check and the checkpoint write are not one transaction: the checkpoints may live in
another database than the queue); the successor's own later writes then supersede it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from underwrite.agent.errors import WorkflowError

LeaseCheck = Callable[[], None]
"""Raises :class:`LeaseLost` when the run's job is no longer leased to this worker."""
_check: ContextVar[LeaseCheck | None] = ContextVar("uw_lease_check", default=None)


class LeaseLost(WorkflowError):
    """The queue gave this run's job to another worker: this attempt may write nothing more."""


@contextmanager
def fenced(check: LeaseCheck | None) -> Iterator[None]:
    """Run the block (a ``draft_memo`` call) with ``check`` guarding its writes."""
    token = _check.set(check)
    try:
        yield
    finally:
        _check.reset(token)


def check_lease() -> None:
    check = _check.get()
    if check is not None:
        check()


def fence_saver(saver: Any) -> None:
    """Make this run's checkpointer refuse writes once the lease is lost (reads stay open)."""
    check = _check.get()  # captured now: the saver may write from another thread
    if check is None:
        return
    for name in ("put", "put_writes"):
        real = getattr(saver, name)

        def guarded(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            check()
            return _real(*args, **kwargs)

        setattr(saver, name, guarded)
