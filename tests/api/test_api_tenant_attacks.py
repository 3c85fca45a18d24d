"""A tenant's key trying to reach another tenant's records: by id guessing, through the audit trail,
through a replayed Idempotency-Key, and by claiming the id the API's own call records are kept under."""

from __future__ import annotations

import pytest
from api_support import Keys, MakeClient
from fastapi.testclient import TestClient

from underwrite.api.keys import ApiRole, KeyStore, NewApiKey

FACTS = {"loan_amount": 5000, "loan_term_months": 12}


def _auth(key: NewApiKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {key.token}"}


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False)


@pytest.fixture
def tenants() -> dict[str, NewApiKey]:
    store = KeyStore()
    return {
        "north": store.add("LOS north", ApiRole.intake, tenant="north"),
        "north-audit": store.add("north compliance", ApiRole.compliance, tenant="north"),
        "south": store.add("LOS south", ApiRole.intake, tenant="south"),
        "south-audit": store.add("south compliance", ApiRole.compliance, tenant="south"),
    }


def test_another_tenants_audit_trail_reads_as_unknown(
    idle: TestClient, tenants: dict[str, NewApiKey]
) -> None:
    made = idle.post(
        "/v1/applications/facts",
        json={"application_id": "N-7", "facts": FACTS},
        headers=_auth(tenants["north"]),
    )
    assert made.status_code == 202
    theirs = idle.get("/v1/applications/N-7/audit", headers=_auth(tenants["south-audit"]))
    nobody = idle.get("/v1/applications/N-8/audit", headers=_auth(tenants["south-audit"]))
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.json()["detail"] == nobody.json()["detail"].replace("N-8", "N-7")
    assert idle.get("/v1/applications/N-7/audit", headers=_auth(tenants["north-audit"])).status_code == 200


def test_the_api_call_records_id_cannot_be_claimed_as_an_application(
    idle: TestClient, tenants: dict[str, NewApiKey], keys: Keys
) -> None:
    """Calls that name no application are audited under the id "api" (queue reads, batches, refused
    submits, by every tenant). Before the fix a tenant could submit an application with that id and
    read every tenant's call records through its audit trail."""
    idle.get("/v1/queue", headers=_auth(tenants["north"]))  # north's call, audited under "api"
    for path, json in (
        ("/v1/applications/facts", {"application_id": "api", "facts": FACTS}),
        ("/v1/batches", {"applications": [{"application_id": "api", "facts": FACTS}]}),
    ):
        claim = idle.post(path, json=json, headers=_auth(tenants["south"]))
        text = claim.text
        assert claim.status_code in (202, 422) and "reserved" in text, text
    trail = idle.get("/v1/applications/api/audit", headers=_auth(tenants["south-audit"]))
    assert trail.status_code == 404, trail.text
    assert tenants["north"].key_id not in trail.text


def test_another_tenants_idempotency_key_is_not_a_replay(
    idle: TestClient, tenants: dict[str, NewApiKey]
) -> None:
    body = {"application_id": "N-9", "facts": FACTS}
    first = idle.post(
        "/v1/applications/facts",
        json=body,
        headers={**_auth(tenants["north"]), "Idempotency-Key": "shared-1"},
    )
    assert first.status_code == 202
    replay = idle.post(
        "/v1/applications/facts",
        json={"facts": FACTS},
        headers={**_auth(tenants["south"]), "Idempotency-Key": "shared-1"},
    )
    # A new application of south's own (or a refusal), never north's N-9 handed back.
    assert replay.headers.get("Idempotent-Replayed") is None
    assert "N-9" not in replay.text


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
        "http://0.0.0.0:8080/",
        "http://224.0.0.1/",
    ],
)
def test_a_callback_to_the_metadata_service_or_nowhere_is_refused(
    idle: TestClient, tenants: dict[str, NewApiKey], url: str
) -> None:
    """Before the fix any http(s) URL was taken: a client could have the server POST to the cloud
    metadata service (169.254.169.254) on every draft."""
    facts = idle.post(
        "/v1/applications/facts", json={"facts": FACTS, "callback_url": url}, headers=_auth(tenants["south"])
    )
    assert facts.status_code == 422 and "link-local, unspecified, multicast or reserved" in facts.text, (
        facts.text
    )
    files = [("files", ("form.txt", b"Requested amount: EUR 5000\n", "text/plain"))]
    form = idle.post(
        "/v1/applications", files=files, data={"callback_url": url}, headers=_auth(tenants["south"])
    )
    assert form.status_code == 422 and form.json()["type"] == "/problems/bad-callback-url", form.text
    assert idle.get("/v1/queue", headers=_auth(tenants["south"])).json()["total"] == 0


def test_a_loopback_or_private_receiver_is_still_accepted(
    idle: TestClient, tenants: dict[str, NewApiKey]
) -> None:
    for url in ("http://127.0.0.1:9000/hook", "https://10.1.2.3/hook", "https://los.example.com/hook"):
        made = idle.post(
            "/v1/applications/facts", json={"facts": {**FACTS, "loan_amount": len(url)}, "callback_url": url},
            headers=_auth(tenants["south"]),
        )  # fmt: skip
        assert made.status_code == 202, made.text
