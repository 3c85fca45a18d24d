"""The API's tables on a real PostgreSQL (UW_TEST_POSTGRES_URL; .ci/run starts one): migrations
0005+ upgrade a database an older build made, and keys, idempotency (single, concurrent, batch),
webhook bookkeeping and the whole path to a decision work on it."""

from __future__ import annotations

import ipaddress
import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import FORM, Keys, MakeClient, wait_for_status
from pg_schema import private_schema
from sqlalchemy import Engine, inspect, select, text, update
from webhook_races import callback_row, late_failure_after_delivery, owe_callback, stale_snapshot_sender

from underwrite.api.callback_hosts import CallbackGuard
from underwrite.api.keys import ApiRole, KeyStore
from underwrite.api.models import submissions_table
from underwrite.api.submissions import accept
from underwrite.api.webhooks import deliver_due
from underwrite.core.db import clear_engine_cache, get_engine, make_engine
from underwrite.core.migrations import head_revision, upgrade_database
from underwrite.core.settings import reset_settings_cache
from underwrite.queue import QueueRepository

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def postgres(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The product's database on PostgreSQL, in a schema of this test's own (``pg_schema``)."""
    with private_schema() as url:
        engine = make_engine(url)
        monkeypatch.setenv("UW_DATABASE_URL", url)
        reset_settings_cache()
        clear_engine_cache()
        yield engine
        clear_engine_cache()
        engine.dispose()


def _uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_migrations_0005_on_upgrade_a_database_of_an_older_build(postgres: Engine) -> None:
    upgrade_database(postgres)
    with postgres.begin() as c:  # what a build before the API left: no API tables, stamped 0004
        c.exec_driver_sql("DROP TABLE api_batches, api_submissions, api_keys")
        c.execute(text("UPDATE alembic_version SET version_num = '0004_batch_transient_since'"))
    clear_engine_cache()
    engine = get_engine()  # what every command does first
    tables = set(inspect(engine).get_table_names())
    assert {"api_keys", "api_submissions", "api_batches"} <= tables
    uniques = {
        u["name"]
        for t in ("api_submissions", "api_batches")
        for u in inspect(engine).get_unique_constraints(t)
    }
    assert uniques == {"uq_api_submissions_key_idem", "uq_api_batches_key_idem"}
    with engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()


def test_keys_and_idempotency_on_postgres(make_client: MakeClient) -> None:
    store = KeyStore()
    key = store.add("los", ApiRole.intake)
    assert store.check(key.token)[0] is not None
    client = make_client(background=False)
    headers = {"Authorization": f"Bearer {key.token}", "Idempotency-Key": _uid("idem")}
    body = {"application_id": _uid("PG"), "facts": {"loan_amount": 5000}}
    first = client.post("/v1/applications/facts", json=body, headers=headers)
    again = client.post("/v1/applications/facts", json=body, headers=headers)
    assert first.status_code == 202 and again.status_code == 200, again.text
    other = client.post("/v1/applications/facts", json={"facts": {"loan_amount": 1}}, headers=headers)
    assert other.status_code == 422 and other.json()["type"] == "/problems/idempotency-key-reused"

    batch = {
        "applications": [{"application_id": _uid("PB"), "facts": {"loan_amount": 10 + i}} for i in range(3)]
    }
    batch_headers = {**headers, "Idempotency-Key": _uid("batch")}
    made = client.post("/v1/batches", json=batch, headers=batch_headers)
    replay = client.post("/v1/batches", json=batch, headers=batch_headers)
    assert made.status_code == 202 and made.json()["added"] == 3
    assert replay.status_code == 200 and replay.json()["items"] == made.json()["items"]
    assert client.get("/v1/queue", headers=headers).json()["total"] == 4

    store.revoke(key.key_id)
    assert client.get("/v1/queue", headers=headers).status_code == 401


def test_concurrent_retries_queue_one_application_on_postgres() -> None:
    queue = QueueRepository()
    args = {"key_id": "k1", "idempotency_key": _uid("same"), "request_sha256": "h", "callback_url": None}

    def write(folder: Path, _application_id: str) -> None:
        (folder / "form.txt").write_text(f"Loan amount: {uuid.uuid4().hex}\n")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _i: accept(queue, application_id=None, write=write, **args), range(4)))
    assert len({r.application_id for r in results}) == 1 and sum(not r.replay for r in results) == 1
    assert len(queue.jobs()) == 1


LOOPBACK = CallbackGuard(allow=(ipaddress.ip_network("127.0.0.0/8"),))


def test_submit_to_decision_and_the_webhook_row_on_postgres(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(callback_allow=["127.0.0.0/8"])
    application_id = _uid("PGD")
    files = [("files", ("form.txt", FORM + application_id.encode(), "text/plain"))]
    data = {"application_id": application_id, "callback_url": "http://127.0.0.1:9/hook"}
    assert (
        client.post("/v1/applications", files=files, data=data, headers=keys.auth("intake")).status_code
        == 202
    )
    status = wait_for_status(client, application_id, keys.auth("intake"), {"awaiting_review", "failed"})
    assert status["status"] == "awaiting_review", status
    decided = client.post(
        f"/v1/applications/{application_id}/decision",
        json={"decision": "approve", "reviewer": "ulla"},
        headers=keys.auth("underwriter"),
    )
    assert decided.status_code == 200 and decided.json()["status"] == "decided", decided.text
    verify = client.get("/v1/audit/verify", headers=keys.auth("compliance")).json()
    assert verify["ok"], verify

    # The in-process sender tried the unreachable receiver until its attempts ran out.
    row = _until_settled(application_id)
    assert row.callback_state == "failed" and row.callback_attempts == 5
    assert "ConnectError" in row.callback_error
    # Stop the app (and its in-process sender) first: otherwise it picks up the reset row too and its
    # failed attempt can land after deliver_due's success (seen in CI: 'pending' != 'delivered').
    client.__exit__(None, None, None)
    with get_engine().begin() as c:  # owed again (as if the receiver is back): delivered this time
        c.execute(
            update(submissions_table)
            .where(submissions_table.c.application_id == application_id)
            .values(callback_state="pending", callback_attempts=0)
        )
    posted: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(receive)) as http:
        assert deliver_due(QueueRepository(), http, max_attempts=3, guard=LOOPBACK) == 1
    assert json.loads(posted[0].content)["application_id"] == application_id
    assert _row(application_id).callback_state == "delivered"


def test_a_late_failed_attempt_never_overwrites_a_delivery_on_postgres() -> None:
    queue, application_id = QueueRepository(), _uid("PGRACE")
    owe_callback(queue, application_id)
    assert late_failure_after_delivery(queue, application_id) == (0, 1)
    row = callback_row(queue, application_id)
    assert (row.callback_state, row.callback_attempts) == ("delivered", 2), row.callback_error


def test_a_stale_webhook_sender_does_not_repeat_an_attempt_on_postgres(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue, application_id = QueueRepository(), _uid("PGSTALE")
    owe_callback(queue, application_id)
    assert stale_snapshot_sender(queue, application_id, monkeypatch) == []
    assert callback_row(queue, application_id).callback_attempts == 1


def _row(application_id: str) -> Any:
    with get_engine().connect() as c:
        where = submissions_table.c.application_id == application_id
        return c.execute(select(submissions_table).where(where)).one()


def _until_settled(application_id: str, bound_s: float = 180) -> Any:
    deadline = time.monotonic() + bound_s
    while (row := _row(application_id)).callback_state == "pending" and time.monotonic() < deadline:
        time.sleep(0.05)
    return row
