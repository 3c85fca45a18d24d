"""What the audit trail keeps of API calls: every read of applicant data, every write and refusal;
status polls and queue reads when their answer changes, with the count of identical ones between."""

from __future__ import annotations

import time
from typing import Any

from api_support import FORM, Keys
from fastapi.testclient import TestClient
from live_app import scripted_deps

from underwrite.api import create_app
from underwrite.api.context import ApiConfig
from underwrite.records.audit import AuditLog


def _records(application_id: str, path: str) -> list[Any]:
    return [
        e
        for e in AuditLog().records(application_id)
        if e.kind in ("api_call", "api_polls") and e.payload["path"] == path
    ]


def test_polls_are_recorded_when_the_status_changes_and_counted_between(keys: Keys) -> None:
    read = keys.auth("intake")
    polls, seen = 0, []
    with TestClient(create_app(ApiConfig(poll_s=0.05), scripted_deps)) as client:
        files = [("files", ("form.txt", FORM, "text/plain"))]
        client.post("/v1/applications", files=files, data={"application_id": "P-1"}, headers=read)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            polls += 1
            status = client.get("/v1/applications/P-1", headers=read).json()["status"]
            if not seen or seen[-1] != status:
                seen.append(status)
            if status in ("awaiting_review", "failed"):
                break
        for _ in range(3):  # the same answer again: counted, not recorded one by one
            polls += 1
            client.get("/v1/applications/P-1", headers=read)
        for _ in range(3):  # applicant data: one record per read
            client.get("/v1/applications/P-1/facts", headers=read)
        for _ in range(2):  # refused: one record per call
            client.get("/v1/applications/P-1", headers={"X-API-Key": "uwk_nobody_x"})
    assert seen[-1] == "awaiting_review"
    calls = [
        e for e in _records("P-1", "/v1/applications/P-1") if e.payload.get("key_id") == keys.ids["intake"]
    ]
    recorded = [e for e in calls if e.kind == "api_call"]
    assert [e.payload["observed"] for e in recorded] == seen  # one record per status seen
    assert polls > len(recorded)  # the repeats were not one record each ...
    unrecorded = sum(e.payload["polls_unrecorded"] for e in calls)
    assert len(recorded) + unrecorded == polls  # ... and none is lost from the count
    assert [e.kind for e in calls][-1] == "api_polls"  # the repeats pending at shutdown
    assert len([e for e in _records("P-1", "/v1/applications/P-1/facts") if e.kind == "api_call"]) == 3
    refused = [e for e in AuditLog().records("P-1") if e.kind == "api_call" and e.payload["status"] == 401]
    assert len(refused) == 2


def test_queue_reads_are_recorded_when_the_counts_change(keys: Keys) -> None:
    read = keys.auth("compliance")
    with TestClient(create_app(ApiConfig(), scripted_deps, background=False)) as client:
        for _ in range(4):
            assert client.get("/v1/queue", headers=read).status_code == 200
        client.post("/v1/applications/facts", json={"facts": {"loan_amount": 1}}, headers=keys.auth("intake"))
        for _ in range(2):
            client.get("/v1/queue", headers=read)
    reads = [e for e in _records("api", "/v1/queue")]
    assert [(e.kind, e.payload["observed"], e.payload["polls_unrecorded"]) for e in reads] == [
        ("api_call", "empty", 0),
        ("api_call", "queued=1", 3),
        ("api_polls", "queued=1", 1),
    ]
