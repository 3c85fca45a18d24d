"""LangGraph checkpointers: SQLite under UW_HOME by default, PostgreSQL when the database is."""

from __future__ import annotations

import sqlite3
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
            saver.setup()
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
