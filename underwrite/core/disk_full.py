"""Recognise "the disk is full" however it arrives, and say it in words.

A full data directory reaches the code in several shapes: ``OSError`` with ``ENOSPC`` (or a quota's
``EDQUOT``) from a file write, SQLite's "database or disk is full" (``SQLITE_FULL``) wrapped by
SQLAlchemy, PostgreSQL's ``disk_full`` (SQLSTATE 53100), or any of those as the cause of another
library's exception (LangGraph's checkpointer, a writer thread). Retrying a job cannot help and
spending its attempts would fail every job left in the queue, so callers stop and say so.
"""

from __future__ import annotations

import errno

DISK_FULL_EXIT = 28
"""Exit code of a process (a batch worker) that stopped because the disk is full (ENOSPC's errno)."""

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_FULL_TEXTS = ("database or disk is full", "no space left on device", "could not extend file")
_PG_DISK_FULL = "53100"


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` or anything in its cause/context chain means the disk is full."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_full_one(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _is_full_one(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    # psycopg / SQLAlchemy carry the SQLSTATE on the driver error (``sqlstate`` / ``pgcode``).
    if getattr(exc, "sqlstate", None) == _PG_DISK_FULL or getattr(exc, "pgcode", None) == _PG_DISK_FULL:
        return True
    text = str(exc).lower()
    return any(marker in text for marker in _FULL_TEXTS)


def disk_full_message(where: object) -> str:
    """The sentence a person reads: what happened, where, and what to do."""
    return (
        f"disk full: no space left to write under {where}; nothing finished was lost. "
        "Free some space (or point UW_HOME at a larger disk) and run the command again"
    )
