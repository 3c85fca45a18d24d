"""A tenant's key trying to reach another tenant's records: by id guessing, through the audit trail,
through a replayed Idempotency-Key, and by claiming the id the API's own call records are kept under."""

from __future__ import annotations

import pytest
from conftest import Keys, MakeClient
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
