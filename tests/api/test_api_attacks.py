"""Someone trying to break the API: wrong roles, a revoked key, a replayed Idempotency-Key with
another body, oversize and too many uploads, path traversal in file names and ids. Each is refused
with its own problem, nothing is queued or written outside the packet folders, and it is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_support import FORM, Keys, MakeClient
from fastapi.testclient import TestClient

from underwrite.api.keys import KeyStore
from underwrite.api.submissions import packets_root
from underwrite.records.audit import AuditLog

PROBLEM = "application/problem+json"
FACTS = {"facts": {"loan_amount": 5000, "loan_term_months": 12}}


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False, max_files=3)


def _refused(response: object, status: int, slug: str) -> str:
    assert getattr(response, "status_code") == status, getattr(response, "text")  # noqa: B009
    assert getattr(response, "headers")["content-type"] == PROBLEM  # noqa: B009
    body = getattr(response, "json")()  # noqa: B009
    assert body["type"] == f"/problems/{slug}"
    return str(body["detail"])


def _queued(client: TestClient, keys: Keys) -> int:
    total: int = client.get("/v1/queue", headers=keys.auth("compliance")).json()["total"]
    return total


def test_each_role_is_held_to_what_it_may_do(idle: TestClient, keys: Keys) -> None:
    files = [("files", ("form.txt", FORM, "text/plain"))]
    attempts = [
        ("compliance", "post", "/v1/applications", {"files": files}),
        ("compliance", "post", "/v1/applications/facts", {"json": FACTS}),
        ("compliance", "post", "/v1/batches", {"json": {"applications": [FACTS]}}),
        (
            "compliance",
            "post",
            "/v1/applications/X-1/decision",
            {"json": {"decision": "approve", "reviewer": "c"}},
        ),
        ("intake", "get", "/v1/audit/verify", {}),
        ("intake", "get", "/v1/applications/X-1/audit", {}),
        ("underwriter", "get", "/v1/audit/verify", {}),
    ]
    for role, method, path, kwargs in attempts:
        response = getattr(idle, method)(path, headers=keys.auth(role), **kwargs)
        assert f"has role {role}" in _refused(response, 403, "wrong-role"), path
    assert _queued(idle, keys) == 0
    refused = [
        e for e in AuditLog().records("api") + AuditLog().records("X-1") if e.payload.get("status") == 403
    ]
    assert len(refused) == len(attempts)


def test_a_revoked_key_can_neither_submit_nor_replay(idle: TestClient, keys: Keys) -> None:
    headers = {**keys.auth("intake"), "Idempotency-Key": "r-1"}
    assert idle.post("/v1/applications/facts", json=FACTS, headers=headers).status_code == 202
    KeyStore().revoke(keys.ids["intake"])
    assert "revoked" in _refused(
        idle.post("/v1/applications/facts", json=FACTS, headers=headers), 401, "unauthorized"
    )
    other = {"facts": {"loan_amount": 1}}
    assert "revoked" in _refused(
        idle.post("/v1/applications/facts", json=other, headers=headers), 401, "unauthorized"
    )
    assert "revoked" in _refused(idle.get("/v1/queue", headers=headers), 401, "unauthorized")
    assert _queued(idle, keys) == 1


def test_a_replayed_idempotency_key_with_another_upload_is_refused(idle: TestClient, keys: Keys) -> None:
    headers = {**keys.auth("intake"), "Idempotency-Key": "up-1"}
    first = idle.post(
        "/v1/applications", files=[("files", ("form.txt", FORM, "text/plain"))], headers=headers
    )
    assert first.status_code == 202
    swapped = [("files", ("form.txt", FORM.replace(b"12500", b"99000"), "text/plain"))]
    detail = _refused(
        idle.post("/v1/applications", files=swapped, headers=headers), 422, "idempotency-key-reused"
    )
    assert first.json()["application_id"] in detail
    renamed = idle.post(
        "/v1/applications",
        files=[("files", ("form.txt", FORM, "text/plain"))],
        data={"application_id": "OTHER-1"},
        headers=headers,
    )
    _refused(renamed, 422, "idempotency-key-reused")  # same files, another id: another request
    assert _queued(idle, keys) == 1


def test_too_many_and_oversized_uploads(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(background=False, max_files=3, max_upload_bytes=4000)
    many = [("files", (f"doc{i}.txt", FORM, "text/plain")) for i in range(4)]
    detail = _refused(
        client.post("/v1/applications", files=many, headers=keys.auth("intake")), 413, "too-many-files"
    )
    assert detail == "4 files; at most 3"
    big = [("files", ("form.txt", FORM + b"x" * 5000, "text/plain"))]
    _refused(client.post("/v1/applications", files=big, headers=keys.auth("intake")), 413, "too-large")
    assert _queued(client, keys) == 0


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../../escaped.txt", "without a folder"),
        ("..\\..\\escaped.txt", "without a folder"),
        ("/etc/escaped.txt", "without a folder"),
        ("sub/escaped.txt", "without a folder"),
        ("..", "skips files of this name"),
        (".hidden.txt", "skips files of this name"),
        ("truth.json", "skips files of this name"),
        ("x" * 201 + ".txt", "longer than 200 bytes"),
    ],
)
def test_file_names_that_name_a_folder_are_refused(
    idle: TestClient, keys: Keys, isolated_home: Path, name: str, why: str
) -> None:
    files = [("files", (name, FORM, "text/plain"))]
    detail = _refused(
        idle.post("/v1/applications", files=files, headers=keys.auth("intake")), 422, "bad-filename"
    )
    assert why in detail
    assert _queued(idle, keys) == 0
    assert not list(isolated_home.parent.rglob("escaped.txt"))  # nothing landed anywhere
    assert not packets_root().exists() or not any(packets_root().iterdir())


def test_a_control_character_in_a_file_name_is_refused(idle: TestClient, keys: Keys) -> None:
    """Sent as raw multipart bytes: httpx would escape the tab in the header itself."""
    body = (
        b'--b0\r\nContent-Disposition: form-data; name="files"; filename="tab\there.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + FORM + b"\r\n--b0--\r\n"
    )
    headers = {**keys.auth("intake"), "content-type": "multipart/form-data; boundary=b0"}
    detail = _refused(idle.post("/v1/applications", content=body, headers=headers), 422, "bad-filename")
    assert "control characters" in detail and _queued(idle, keys) == 0


@pytest.mark.parametrize("application_id", ["../../x", "..", "a/b", ".hidden", "x" * 101, "a b"])
def test_application_ids_cannot_name_a_path(idle: TestClient, keys: Keys, application_id: str) -> None:
    files = [("files", ("form.txt", FORM, "text/plain"))]
    form = idle.post(
        "/v1/applications", files=files, data={"application_id": application_id}, headers=keys.auth("intake")
    )
    _refused(form, 422, "invalid-request")
    facts = idle.post(
        "/v1/applications/facts",
        json={**FACTS, "application_id": application_id},
        headers=keys.auth("intake"),
    )
    _refused(facts, 422, "invalid-request")
    assert _queued(idle, keys) == 0


@pytest.mark.parametrize("path", ["%2E%2E", "..%2F..%2Fetc", "%2E%2E%2Fqueue", "a%00b"])
def test_encoded_traversal_in_the_url_reaches_no_file(idle: TestClient, keys: Keys, path: str) -> None:
    response = idle.get(f"/v1/applications/{path}/memo/md", headers=keys.auth("intake"))
    assert response.status_code in (404, 422) and response.headers["content-type"] == PROBLEM, response.text
