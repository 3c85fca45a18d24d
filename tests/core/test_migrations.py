"""Alembic migrations: every table, an older build's database upgraded on start, a newer refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pg_schema import private_schema
from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.db import Base, clear_engine_cache, get_engine, make_engine
from underwrite.core.migrations import SchemaTooNewError, head_revision, upgrade_database
from underwrite.core.settings import reset_settings_cache
from underwrite.records.audit import AuditLog

# An older build's tables, as create_all made them: batch_jobs before lease_losses (a19b918),
# audit_records before MACs (4a935c7).
PREVIOUS_SCHEMA = [
    """CREATE TABLE batch_jobs (id INTEGER NOT NULL, application_id VARCHAR(200) NOT NULL,
    packet_dir TEXT NOT NULL, content_hash VARCHAR(64) NOT NULL, run_key VARCHAR(64) NOT NULL,
    state VARCHAR(20) NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
    transient_errors INTEGER NOT NULL, not_before TIMESTAMP NOT NULL, lease_owner VARCHAR(120),
    lease_expires_at TIMESTAMP, last_error TEXT, failure_reason TEXT, created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP, finished_at TIMESTAMP, PRIMARY KEY (id),
    CONSTRAINT uq_batch_jobs_content_hash UNIQUE (content_hash),
    CONSTRAINT uq_batch_jobs_application_id UNIQUE (application_id))""",
    "CREATE INDEX ix_batch_jobs_claim ON batch_jobs (state, not_before)",
    """CREATE TABLE batch_outputs (id INTEGER NOT NULL, job_id INTEGER NOT NULL,
    application_id VARCHAR(200) NOT NULL, run_key VARCHAR(64) NOT NULL, attempt INTEGER NOT NULL,
    worker VARCHAR(120) NOT NULL, memo_path TEXT NOT NULL, memo_sha256 VARCHAR(64) NOT NULL,
    recommendation VARCHAR(40) NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (id),
    CONSTRAINT uq_batch_outputs_app_run UNIQUE (application_id, run_key),
    FOREIGN KEY(job_id) REFERENCES batch_jobs (id))""",
    """CREATE TABLE audit_records (seq INTEGER NOT NULL, record_id VARCHAR(32) NOT NULL,
    kind VARCHAR(40) NOT NULL, application_id VARCHAR(200) NOT NULL, actor VARCHAR(200) NOT NULL,
    created_at VARCHAR(40) NOT NULL, dedupe_key VARCHAR(200), payload TEXT NOT NULL,
    prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL, PRIMARY KEY (seq),
    UNIQUE (record_id), UNIQUE (dedupe_key))""",
    "CREATE INDEX ix_audit_records_application_id ON audit_records (application_id)",
    """CREATE TABLE audit_head (id INTEGER NOT NULL, seq INTEGER NOT NULL, hash VARCHAR(64) NOT NULL,
    PRIMARY KEY (id))""",
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(
    request: pytest.FixtureRequest, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """An empty database: a SQLite file, or a PostgreSQL schema of this test's own (``pg_schema``)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            engine = make_engine(f"sqlite:///{isolated_home}/t.db")
        else:
            engine = make_engine(stack.enter_context(private_schema()))
        monkeypatch.setenv("UW_DATABASE_URL", engine.url.render_as_string(hide_password=False))
        reset_settings_cache()
        clear_engine_cache()
        yield engine
        clear_engine_cache()
        engine.dispose()


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        # Only our tables: LangGraph's checkpoint tables may share the PostgreSQL database.
        def ours(name: str | None, type_: str, parent: object) -> bool:
            return type_ != "table" or name in Base.metadata.tables

        ctx = MigrationContext.configure(conn, opts={"include_name": ours})
        return list(compare_metadata(ctx, Base.metadata))


def test_migrations_create_every_table_as_the_models_define_it(empty_db: Engine) -> None:
    upgrade_database(empty_db)
    assert _diff(empty_db) == []
    assert set(Base.metadata.tables) <= set(inspect(empty_db).get_table_names())


def test_previous_schema_is_upgraded_on_start(empty_db: Engine) -> None:
    with empty_db.begin() as c:
        for stmt in PREVIOUS_SCHEMA:  # create_all wrote DATETIME on SQLite, TIMESTAMP on PostgreSQL
            sqlite = empty_db.dialect.name == "sqlite"
            c.execute(text(stmt.replace("TIMESTAMP", "DATETIME") if sqlite else stmt))
        c.execute(
            text(
                "INSERT INTO batch_jobs (id, application_id, packet_dir, content_hash, run_key, state, "
                "attempts, max_attempts, transient_errors, not_before, created_at) VALUES "
                "(1, 'A-1', '/p', 'h', 'r', 'queued', 0, 3, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    engine = get_engine()  # what any command does first: upgrades the configured database
    assert _diff(engine) == []
    with engine.connect() as c:
        assert c.execute(text("SELECT lease_losses FROM batch_jobs WHERE id = 1")).scalar_one() == 0
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    log = AuditLog(engine)
    log.append("run", "A-1", {"x": 1})
    assert log.verify_chain().ok


def test_newer_schema_is_refused_with_a_clear_message(empty_db: Engine) -> None:
    upgrade_database(empty_db)
    with empty_db.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    clear_engine_cache()
    with pytest.raises(SchemaTooNewError, match="newer build"):
        get_engine()
    result = CliRunner().invoke(app, ["audit", "verify", "--json"])
    assert result.exit_code == 1
    assert not result.stdout.strip() or "ok" not in json.loads(result.stdout)
    assert isinstance(result.exception, SystemExit)
