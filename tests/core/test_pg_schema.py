"""The PostgreSQL test fixtures work in a schema of their own and drop only that schema.

Before, ``batch_support.db_url`` ran ``DROP SCHEMA public CASCADE`` on whatever database
``UW_TEST_POSTGRES_URL`` named (and the API and migration tests dropped the product's tables
there): a mis-set URL wiped a real database. The sentinel table stands for such a database's data;
it is made before the fixture runs, and must be there, untouched, after the test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from batch_support import db_url
from pg_schema import SCHEMA_PREFIX, postgres_base_url
from sqlalchemy import Engine, inspect, text

from underwrite.core.db import make_engine
from underwrite.records.audit import AuditLog

__all__ = ["db_url"]


@pytest.fixture
def public_data() -> Iterator[tuple[Engine, str]]:
    """A table with one row in the server's public schema, as a real database would have."""
    base = make_engine(postgres_base_url())
    table = f"bank_data_{uuid.uuid4().hex[:8]}"
    with base.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE public.{table} (id INTEGER)")
        conn.exec_driver_sql(f"INSERT INTO public.{table} VALUES (1)")
    yield base, table
    with base.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS public.{table}")
    base.dispose()


def _schemas(base: Engine) -> set[str]:
    with base.connect() as conn:
        return set(conn.execute(text("SELECT schema_name FROM information_schema.schemata")).scalars())


@pytest.mark.parametrize("db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_the_queue_fixture_leaves_public_alone_and_works_in_its_own_schema(
    public_data: tuple[Engine, str], db_url: str
) -> None:
    base, table = public_data
    engine = make_engine(db_url)
    AuditLog(engine).append("memo_drafted", "APP-1", {"x": 1})  # the product's tables, made here
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    engine.dispose()
    assert schema.startswith(SCHEMA_PREFIX) and schema in _schemas(base)
    with base.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM public.{table}")).scalar_one() == 1
    assert "audit_records" not in inspect(base).get_table_names(schema="public")
