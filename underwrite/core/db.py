"""SQLAlchemy engine factory: SQLite (WAL) under UW_HOME by default, PostgreSQL by URL."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase

from underwrite.core.migrations import forget_upgrades, upgrade_database
from underwrite.core.settings import get_settings


class Base(DeclarativeBase):
    """Declarative base for every table the product owns (audit, queue, reviews, users)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside one writer; busy_timeout makes concurrent local processes wait
    # for the write lock instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """A new engine for ``url`` (default: the configured database). Creates no tables."""
    settings = get_settings()
    url = url or settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.ensure_dirs()
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """One engine per resolved URL per process (follows settings changes, e.g. a new UW_HOME)."""
    return _engine_for(url or get_settings().resolved_database_url)


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    upgrade_database(engine)  # creates or upgrades every table; refuses a newer schema
    return engine


def clear_engine_cache() -> None:
    """Forget cached engines (tests that switch databases)."""
    _engine_for.cache_clear()
    forget_upgrades()
