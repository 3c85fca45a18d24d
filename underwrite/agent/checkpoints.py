"""LangGraph checkpointers: SQLite under UW_HOME by default, PostgreSQL when the database is."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.encrypted import EncryptedSerializer
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from underwrite.agent.memo import evidence, verifier
from underwrite.agent.state import Flag, LLMCall, ReviewInput
from underwrite.core import memo as model
from underwrite.core import schemas
from underwrite.core.checkpoint_cipher import checkpoint_cipher
from underwrite.core.precedent import Precedent, PrecedentHit
from underwrite.core.settings import get_settings
from underwrite.tools.checks.ratios import Ratios


def _state_types() -> list[type]:
    """Every class stored in the state, allow-listed for deserialisation (nothing else is revived)."""
    types: list[type] = [Flag, LLMCall, ReviewInput, Ratios, Precedent, PrecedentHit]
    for module in (schemas, model, evidence, verifier):
        types += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type) and obj.__module__ == module.__name__
        ]
    return types


_SETUP_LOCK = 0x75775F636B7074  # "uw_ckpt": the advisory lock serialising checkpoint table setup
_SETUP_WAIT_S = 120.0
# (module, class) paths that older checkpoints name; each still resolves (see the alias's comment).
_OLD_STATE_TYPES: list[tuple[str, ...]] = [("underwrite.agent.memo.evidence", "PrecedentEvidence")]


def serializer() -> EncryptedSerializer:
    """State types allow-listed, every blob sealed with the home's checkpoint key. Checkpoints
    written before encryption (type without ``+cipher``) still load as they were."""
    plain = JsonPlusSerializer(allowed_msgpack_modules=[*_state_types(), *_OLD_STATE_TYPES])
    return EncryptedSerializer(checkpoint_cipher(), plain)


@contextmanager
def open_checkpointer(target: str | Path | None = None) -> Iterator[BaseCheckpointSaver[Any]]:
    """A ready checkpointer, closed on exit: ``target`` is a PostgreSQL URL, a SQLite file path, or
    None for the configured database (PostgreSQL URL → Postgres saver, else SQLite under UW_HOME)."""
    settings = get_settings()
    url = str(target) if isinstance(target, str) else ("" if target is not None else settings.database_url)
    if url.startswith("postgresql"):
        from langgraph.checkpoint.postgres import PostgresSaver

        conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
        with PostgresSaver.from_conn_string(conninfo) as saver:
            saver.serde = serializer()
            _setup_one_at_a_time(saver)
            yield saver
        return
    from langgraph.checkpoint.sqlite import SqliteSaver

    settings.ensure_dirs()
    path = target if isinstance(target, Path) else settings.checkpoints_path
    conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        sqlite_saver = SqliteSaver(conn, serde=serializer())
        sqlite_saver.setup()
        yield sqlite_saver
    finally:
        conn.close()


def _setup_one_at_a_time(saver: Any) -> None:
    """``PostgresSaver.setup`` under a session advisory lock, one process at a time per database.

    Its ``CREATE TABLE IF NOT EXISTS`` is not safe against a concurrent one (both pass the check,
    one fails on the catalog: UniqueViolation on pg_type), so workers starting together on a fresh
    database lost a job attempt. The lock is polled, not waited on: a session blocked in
    ``pg_advisory_lock`` holds a transaction open, and the migrations' ``CREATE INDEX
    CONCURRENTLY`` waits for every open transaction, which deadlocked.
    """
    conn = saver.conn
    deadline = time.monotonic() + _SETUP_WAIT_S
    # The saver's connection returns rows as dicts.
    while not conn.execute("SELECT pg_try_advisory_lock(%s) AS held", (_SETUP_LOCK,)).fetchone()["held"]:
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"another process has held the checkpoint setup lock for {_SETUP_WAIT_S:.0f} s "
                "(a stuck migration of LangGraph's checkpoint tables?)"
            )
        time.sleep(0.05)
    try:
        saver.setup()
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
