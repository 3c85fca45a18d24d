"""Alembic migrations for every table the product owns, run on start.

``upgrade_database(engine)`` brings a database to the newest schema this build knows: an empty one
is created, one made by an older build (with or without an ``alembic_version`` table: the first
revisions only add what is missing) is upgraded, and one stamped by a NEWER build is refused with
:class:`SchemaTooNewError` instead of being used with columns this build does not know.

Migrations run under a lock (a file lock beside a SQLite database, an advisory lock in PostgreSQL)
so batch workers starting together do not race to create the same table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from underwrite.core.file_lock import file_lock

_HERE = Path(__file__).parent
_PG_LOCK_ID = 0x75770001  # arbitrary, fixed: "uw" + 1
_done: set[str] = set()
_done_lock = threading.Lock()


class SchemaTooNewError(RuntimeError):
    """The database was upgraded by a newer build; this one must not write to it."""


def script_directory() -> ScriptDirectory:
    return ScriptDirectory(str(_HERE), version_locations=[str(_HERE / "versions")])


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "sqlite":
        db = engine.url.database
        if not db or db == ":memory:":
            yield
            return
        lock_path = Path(db).with_name(Path(db).name + ".migrate.lock")
        with file_lock(lock_path):
            yield
    else:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_ID})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_ID})
                conn.commit()


def _check_known(script: ScriptDirectory, current: str | None, where: str) -> None:
    if current is None:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaTooNewError(
            f"the database {where} has schema revision {current!r}, written by a newer build of "
            f"underwrite (this build knows revisions up to {head_revision()!r}). Use that newer build, "
            "or restore a backup made before the upgrade; this build will not write to it."
        )


def upgrade_database(engine: Engine) -> str:
    """Upgrade ``engine``'s database to the head revision (once per process); returns it."""
    key = engine.url.render_as_string(hide_password=False)
    with _done_lock:
        if key in _done:
            return head_revision()
    script = script_directory()
    head = head_revision()
    where = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        current = current_revision(conn)
    _check_known(script, current, where)
    if current != head:
        with _migration_lock(engine):
            _run_upgrade(engine, script, where)
    with _done_lock:
        _done.add(key)
    return head


def _run_upgrade(engine: Engine, script: ScriptDirectory, where: str) -> None:
    def upgrade(rev: Any, _context: Any) -> Any:
        return script._upgrade_revs("head", rev)

    env = EnvironmentContext(Config(), script, fn=upgrade, destination_rev="head")
    with engine.begin() as conn:
        _check_known(script, current_revision(conn), where)  # another process may have moved it
        env.configure(connection=conn, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()


def forget_upgrades() -> None:
    """Tests that recreate a database under the same URL."""
    with _done_lock:
        _done.clear()
