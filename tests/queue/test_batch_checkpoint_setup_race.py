"""Workers starting at once on a fresh PostgreSQL database: each opens the graph's checkpointer,
whose setup creates its tables. ``CREATE TABLE IF NOT EXISTS`` is not safe against a concurrent
one in PostgreSQL (both pass the check, one fails on the catalog's unique index), so before the
fix one of two workers drafting their first jobs at once failed with
``UniqueViolation … pg_type_typname_nsp_index (checkpoint_migrations)``."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from batch_support import db_url

from underwrite.agent.checkpoints import open_checkpointer

__all__ = ["db_url"]


def test_concurrent_checkpointer_setups_on_a_fresh_database_all_succeed(db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the race is PostgreSQL's (SQLite serialises DDL on its write lock)")
    n = 6
    start = threading.Barrier(n, timeout=60)
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            start.wait()
            with open_checkpointer(db_url) as saver:
                assert saver is not None
        except BaseException as exc:  # collected: the assertion below names them
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [], [f"{type(e).__name__}: {e}" for e in errors]
