"""A PostgreSQL schema of a test's own, so no test ever drops what it did not create.

The PostgreSQL tests used to empty the database behind ``UW_TEST_POSTGRES_URL`` with ``DROP SCHEMA
public CASCADE``: pointed by mistake at a real database, a test run wiped it. Each test now gets a
new schema (``uwtest_<random>``), every connection of the product is sent there by the URL's
``options=-csearch_path=…`` (SQLAlchemy and LangGraph's psycopg saver both pass it to libpq), and
only that schema is dropped afterwards. Nothing outside it is created, changed or dropped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import make_url

from underwrite.core.db import clear_engine_cache, make_engine

SCHEMA_PREFIX = "uwtest_"


def postgres_base_url() -> str:
    """The test server's URL, or skip the test when none is configured."""
    url = os.environ.get("UW_TEST_POSTGRES_URL", "")
    if not url:
        pytest.skip("UW_TEST_POSTGRES_URL is not set")
    return url


def in_schema(url: str, schema: str) -> str:
    """``url`` with every connection's search_path set to ``schema`` (and nothing else)."""
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


@contextmanager
def private_schema(url: str | None = None) -> Iterator[str]:
    """A URL whose connections live in a fresh schema, dropped (with what the test made) on exit."""
    base = url or postgres_base_url()
    schema = f"{SCHEMA_PREFIX}{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield in_schema(base, schema)
    finally:
        clear_engine_cache()  # the product's pooled connections, before their schema goes
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()
