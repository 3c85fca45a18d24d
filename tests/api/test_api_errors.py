"""Bad input over HTTP: each mistake gets its own RFC 9457 problem with a specific detail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import FORM, Keys, MakeClient, wait_for_status
from fastapi.testclient import TestClient

from underwrite.api.keys import KeyStore
from underwrite.records.audit import AuditLog

PROBLEM = "application/problem+json"


def _problem(response: object, status: int, slug: str) -> dict[str, object]:
    assert getattr(response, "status_code") == status, getattr(response, "text")  # noqa: B009
    assert getattr(response, "headers")["content-type"] == PROBLEM  # noqa: B009
    body: dict[str, object] = getattr(response, "json")()  # noqa: B009
    assert body["type"] == f"/problems/{slug}" and body["status"] == status
    return body


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    """A server without the in-process worker: submitted work stays queued."""
    return make_client(background=False, max_upload_bytes=2000, max_json_bytes=500)


def test_wrong_document_type_is_refused_with_the_readers_reason(idle: TestClient, keys: Keys) -> None:
    gif = b"GIF89a" + b"\x00" * 20
    files = [("files", ("scan.gif", gif, "image/gif"))]
    body = _problem(
        idle.post("/v1/applications", files=files, headers=keys.auth("intake")), 415, "unsupported-document"
    )
    assert "scan.gif" in str(body["detail"]) and "GIF image" in str(body["detail"])
    assert idle.get("/v1/queue", headers=keys.auth("intake")).json()["total"] == 0


def test_wrong_content_type_names_the_one_expected(idle: TestClient, keys: Keys) -> None:
    body = _problem(
        idle.post("/v1/applications", json={"facts": {"a": 1}}, headers=keys.auth("intake")),
        415,
        "unsupported-media-type",
    )
    assert body["detail"] == "/v1/applications takes multipart/form-data, not application/json"


def test_oversized_bodies_are_cut_off(idle: TestClient, keys: Keys) -> None:
    files = [("files", ("form.txt", b"x" * 3000, "text/plain"))]
    body = _problem(idle.post("/v1/applications", files=files, headers=keys.auth("intake")), 413, "too-large")
    assert body["limit_bytes"] == 2000 and "exceeds the limit of 2000 bytes" in str(body["detail"])

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"facts": {"note": "'
        for _ in range(10):
            yield b"y" * 100
        yield b'"}}'

    headers = {**keys.auth("intake"), "content-type": "application/json"}
    chunked = idle.post("/v1/applications/facts", content=chunks(), headers=headers)
    assert _problem(chunked, 413, "too-large")["limit_bytes"] == 500


def test_malformed_json_and_invalid_fields(idle: TestClient, keys: Keys) -> None:
    headers = {**keys.auth("intake"), "content-type": "application/json"}
    body = _problem(
        idle.post("/v1/applications/facts", content=b'{"facts": {', headers=headers), 400, "malformed-json"
    )
    assert str(body["detail"]).startswith("the request body is not valid JSON")
    empty = _problem(
        idle.post("/v1/applications/facts", json={"facts": {}}, headers=headers), 422, "invalid-request"
    )
    assert "body.facts" in str(empty["detail"])
    bad_url = {"facts": {"loan_amount": 1}, "callback_url": "ftp://x"}
    assert "callback_url" in str(
        _problem(idle.post("/v1/applications/facts", json=bad_url, headers=headers), 422, "invalid-request")[
            "detail"
        ]
    )


def test_unknown_application_and_unready_results(idle: TestClient, keys: Keys) -> None:
    read = keys.auth("intake")
    body = _problem(idle.get("/v1/applications/NOPE-1/memo", headers=read), 404, "unknown-application")
    assert body["detail"] == "no application 'NOPE-1' was submitted (list them at /v1/queue)"
    idle.post(
        "/v1/applications/facts", json={"application_id": "Q-1", "facts": {"loan_amount": 1}}, headers=read
    )
    waiting = _problem(idle.get("/v1/applications/Q-1/score", headers=read), 409, "not-ready")
    assert (
        waiting["detail"] == "application 'Q-1' has no score yet (status queued); poll the status and retry"
    )
    again = idle.post(
        "/v1/applications/facts", json={"application_id": "Q-1", "facts": {"loan_amount": 2}}, headers=read
    )
    assert "already submitted" in str(_problem(again, 409, "application-exists")["detail"])
    _problem(idle.get("/v1/nothing-here", headers=read), 404, "not-found")


def test_keys_missing_malformed_revoked_and_wrong_role(idle: TestClient, keys: Keys) -> None:
    missing = _problem(idle.get("/v1/queue"), 401, "unauthorized")
    assert "Authorization: Bearer" in str(missing["detail"])
    assert "malformed" in str(
        _problem(idle.get("/v1/queue", headers={"X-API-Key": "hello"}), 401, "unauthorized")["detail"]
    )
    forged = keys.intake[:-4] + "AAAA"
    assert (
        _problem(idle.get("/v1/queue", headers={"X-API-Key": forged}), 401, "unauthorized")["detail"]
        == "the API key is not valid"
    )
    decide = idle.post(
        "/v1/applications/Q-9/decision",
        json={"decision": "approve", "reviewer": "x"},
        headers=keys.auth("intake"),
    )
    body = _problem(decide, 403, "wrong-role")
    assert f"key {keys.ids['intake']} has role intake" in str(body["detail"]) and "underwriter" in str(
        body["detail"]
    )
    trail = idle.get("/v1/applications/Q-9/audit", headers=keys.auth("underwriter"))
    assert "needs a key with role compliance" in str(_problem(trail, 403, "wrong-role")["detail"])
    KeyStore().revoke(keys.ids["compliance"])
    revoked = _problem(idle.get("/v1/audit/verify", headers=keys.auth("compliance")), 401, "unauthorized")
    assert f"the API key {keys.ids['compliance']} was revoked" in str(revoked["detail"])
    calls = [e for e in AuditLog().records("api") if e.kind == "api_call"]
    assert {"api-key:none", f"api-key:{keys.ids['compliance']}"} <= {e.actor for e in calls}
    assert any(e.payload["status"] == 401 and "revoked" in (e.payload["problem"] or "") for e in calls)


def test_rate_limit_per_key(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(background=False, burst=2, rate_per_s=0.01)
    assert [client.get("/v1/queue", headers=keys.auth("intake")).status_code for _ in range(2)] == [200, 200]
    limited = client.get("/v1/queue", headers=keys.auth("intake"))
    body = _problem(limited, 429, "rate-limited")
    assert int(limited.headers["Retry-After"]) >= 1 and f"key {keys.ids['intake']}" in str(body["detail"])
    assert client.get("/v1/queue", headers=keys.auth("compliance")).status_code == 200  # per key


def test_departing_decision_without_reason_is_refused(client: TestClient, keys: Keys) -> None:
    files = [("files", ("form.txt", FORM, "text/plain"))]
    client.post("/v1/applications", files=files, data={"application_id": "D-1"}, headers=keys.auth("intake"))
    assert (
        wait_for_status(client, "D-1", keys.auth("intake"), {"awaiting_review", "failed"})["status"]
        == "awaiting_review"
    )
    url = "/v1/applications/D-1/decision"
    refused = client.post(
        url, json={"decision": "decline", "reviewer": "ulla"}, headers=keys.auth("underwriter")
    )
    assert "reason" in str(_problem(refused, 422, "reason-required")["detail"]).lower()
    ok = client.post(url, json={"decision": "approve", "reviewer": "ulla"}, headers=keys.auth("underwriter"))
    assert ok.status_code == 200
    twice = client.post(
        url, json={"decision": "approve", "reviewer": "ulla"}, headers=keys.auth("underwriter")
    )
    assert "no draft memo is waiting" in str(_problem(twice, 409, "not-awaiting-review")["detail"])


def test_a_refused_oversized_call_is_audited_with_its_key(idle: TestClient, keys: Keys) -> None:
    files = [("files", ("form.txt", b"x" * 3000, "text/plain"))]
    _problem(idle.post("/v1/applications", files=files, headers=keys.auth("intake")), 413, "too-large")
    calls = [e for e in AuditLog().records("api") if e.kind == "api_call"]
    assert [(c.payload["status"], c.payload["key_id"]) for c in calls] == [(413, keys.ids["intake"])]


def test_the_same_documents_twice_are_one_application(idle: TestClient, keys: Keys) -> None:
    files = [("files", ("form.txt", FORM, "text/plain"))]
    read = keys.auth("intake")
    assert (
        idle.post("/v1/applications", files=files, data={"application_id": "F-1"}, headers=read).status_code
        == 202
    )
    again = idle.post("/v1/applications", files=files, data={"application_id": "F-2"}, headers=read)
    body = _problem(again, 409, "packet-rejected")
    assert str(body["detail"]).startswith("F-2: duplicate of job 1 (F-1): same files")
    facts = {"facts": {"loan_amount": 12500}}
    for application_id in ("J-1", "J-2"):  # equal facts, two applications of the LOS
        made = idle.post(
            "/v1/applications/facts", json={**facts, "application_id": application_id}, headers=read
        )
        assert made.status_code == 202, made.text
