"""Webhook callbacks: POSTed to a local receiver when the draft is ready; an unreachable receiver is
retried, then marked failed with the error (kept in the database)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from api_support import Keys, MakeClient
from sqlalchemy import select
from webhook_races import callback_row, late_failure_after_delivery, owe_callback, stale_snapshot_sender

from underwrite.api.models import submissions_table
from underwrite.core.db import get_engine
from underwrite.queue import QueueRepository


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def _callback_row(application_id: str) -> Any:
    with get_engine().connect() as conn:
        return conn.execute(
            select(submissions_table).where(submissions_table.c.application_id == application_id)
        ).one()


def _until(predicate: Any, bound_s: float = 60) -> None:
    deadline = time.monotonic() + bound_s
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_callback_is_posted_when_the_draft_is_ready(
    make_client: MakeClient, keys: Keys, receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = receiver
    client = make_client(callback_allow=["127.0.0.0/8"])
    body = {"application_id": "W-1", "facts": {"loan_amount": 12500}, "callback_url": url}
    assert client.post("/v1/applications/facts", json=body, headers=keys.auth("intake")).status_code == 202
    _until(lambda: bool(received))
    assert received == [
        {
            "event": "application.draft_ready",
            "application_id": "W-1",
            "status": "awaiting_review",
            "recommendation": "approve",
            "failure_reason": None,
            "links": {"status": "/v1/applications/W-1", "memo": "/v1/applications/W-1/memo"},
        }
    ]
    _until(lambda: _callback_row("W-1").callback_state == "delivered")
    assert _callback_row("W-1").callback_state == "delivered"


def test_unreachable_callback_is_retried_then_failed_in_words(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(webhook_attempts=2, callback_allow=["127.0.0.0/8"])
    body = {"application_id": "W-2", "facts": {"loan_amount": 1}, "callback_url": "http://127.0.0.1:9/hook"}
    client.post("/v1/applications/facts", json=body, headers=keys.auth("intake"))
    _until(lambda: _callback_row("W-2").callback_state == "failed")
    row = _callback_row("W-2")
    assert row.callback_state == "failed" and row.callback_attempts == 2
    assert "ConnectError" in row.callback_error


def test_a_late_failed_attempt_never_overwrites_a_delivery() -> None:
    queue = QueueRepository()
    owe_callback(queue, "W-RACE")
    by_a, by_b = late_failure_after_delivery(queue, "W-RACE")
    row = callback_row(queue, "W-RACE")
    assert (row.callback_state, by_a, by_b) == ("delivered", 0, 1), row.callback_error
    assert row.callback_attempts == 2  # A's attempt and B's, each counted once


def test_a_sender_with_a_stale_read_does_not_repeat_an_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    queue = QueueRepository()
    owe_callback(queue, "W-STALE")
    assert stale_snapshot_sender(queue, "W-STALE", monkeypatch) == []
    row = callback_row(queue, "W-STALE")
    assert (row.callback_state, row.callback_attempts) == ("pending", 1)
    assert "503" in row.callback_error
