"""A tenant's key trying to reach another tenant's records: by id guessing, through the audit trail,
through a replayed Idempotency-Key, and by claiming the id the API's own call records are kept under."""

from __future__ import annotations

from typing import Any

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


def test_an_id_another_tenant_holds_answers_like_a_free_id(
    idle: TestClient, tenants: dict[str, NewApiKey], keys: Keys
) -> None:
    """Before the fix south's submit of north's id was ``409 application-exists`` and a free id a
    202: an oracle for which ids another tenant has submitted. Now each tenant's chosen ids are its
    own; only its own id taken twice is a 409."""
    north = idle.post(
        "/v1/applications/facts",
        json={"application_id": "N-7", "facts": FACTS},
        headers=_auth(tenants["north"]),
    )
    assert north.status_code == 202, north.text
    taken = idle.post(
        "/v1/applications/facts",
        json={"application_id": "N-7", "facts": {**FACTS, "loan_amount": 6000}},
        headers=_auth(tenants["south"]),
    )
    free = idle.post(
        "/v1/applications/facts",
        json={"application_id": "N-8", "facts": {**FACTS, "loan_amount": 7000}},
        headers=_auth(tenants["south"]),
    )
    assert taken.status_code == free.status_code == 202, (taken.text, free.text)
    assert taken.json()["application_id"].replace("N-7", "N-8") == free.json()["application_id"]
    assert taken.json()["links"]["status"].replace("N-7", "N-8") == free.json()["links"]["status"]
    # Each reads its own N-7, by the id it chose or by the id it was given back.
    for key, amount in (("north", 5000), ("south", 6000)):
        for path_id in ("N-7", f"{key}~N-7"):
            own = idle.get(f"/v1/applications/{path_id}", headers=_auth(tenants[key]))
            assert own.status_code == 200, (key, path_id, own.text)
            assert own.json()["application_id"] == f"{key}~N-7"
        del amount
    other = idle.get("/v1/applications/north~N-7", headers=_auth(tenants["south"]))
    assert other.status_code == 404 and "north~N-7" in other.json()["detail"]
    again = idle.post(
        "/v1/applications/facts",
        json={"application_id": "N-7", "facts": {**FACTS, "loan_amount": 8000}},
        headers=_auth(tenants["south"]),
    )
    assert again.status_code == 409 and again.json()["type"] == "/problems/application-exists"
    everyone = idle.get("/v1/queue", headers=keys.auth("compliance")).json()
    assert sorted(j["application_id"] for j in everyone["jobs"]) == ["north~N-7", "south~N-7", "south~N-8"]


def test_a_tenants_audit_view_does_not_count_other_tenants_activity(
    idle: TestClient, tenants: dict[str, NewApiKey], keys: Keys
) -> None:
    """Before the fix south's compliance key read the shared chain's record count (``records``,
    "N records form one unbroken hash chain") and its trail's global sequence numbers, so it could
    watch north's volume of business grow; and its trail listed north's probes of its id."""
    made = idle.post(
        "/v1/applications/facts",
        json={"application_id": "S-1", "facts": FACTS},
        headers=_auth(tenants["south"]),
    )
    assert made.status_code == 202
    audit = _auth(tenants["south-audit"])

    def view() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        verify = idle.get("/v1/audit/verify", headers=audit).json()
        return verify, idle.get("/v1/applications/S-1/audit", headers=audit).json()["entries"]

    first, quiet = view(), view()  # each trail read is a record of south's own
    operator_before = idle.get("/v1/audit/verify", headers=keys.auth("compliance")).json()
    for n in range(4):  # north's business, and a probe of south's id
        idle.post(
            "/v1/applications/facts",
            json={"application_id": f"N-{n}", "facts": {**FACTS, "loan_amount": 100 + n}},
            headers=_auth(tenants["north"]),
        )
    assert idle.get("/v1/applications/south~S-1", headers=_auth(tenants["north"])).status_code == 404
    busy = view()
    steps = [b[0]["records"] - a[0]["records"] for a, b in ((first, quiet), (quiet, busy))]
    assert steps[0] == steps[1] == 1, steps  # only south's own read in between, north or no north
    assert busy[1][: len(quiet[1])] == quiet[1] and len(busy[1]) == len(quiet[1]) + 1
    verify, trail = busy
    assert verify["status"] == "intact" and verify["ok"], verify
    assert verify["records"] == len(trail)
    assert [e["seq"] for e in trail] == list(range(1, len(trail) + 1))
    # The operator's key still verifies and counts the whole chain, and sees north's probe.
    operator = idle.get("/v1/audit/verify", headers=keys.auth("compliance")).json()
    assert operator["status"] == "intact" and operator["records"] >= operator_before["records"] + 5
    full = idle.get("/v1/applications/south~S-1/audit", headers=keys.auth("compliance")).text
    assert tenants["north"].key_id in full and tenants["north"].key_id not in str(trail)


def test_files_another_tenant_sent_are_not_a_duplicate_for_this_tenant(
    idle: TestClient, tenants: dict[str, NewApiKey], keys: Keys
) -> None:
    """Before the fix the duplicate check was global: south's submit of the very files north had
    sent was ``409 packet-rejected`` ("already submitted as another application"), files nobody had
    sent a 202: an oracle for which documents another tenant holds. Now a tenant is refused only
    for its own tenant's files; the operator's key (no tenant) still sees duplicates across all."""
    files = [
        ("files", ("form.txt", b"Applicant: Erika Mustermann\nRequested amount: EUR 5000\n", "text/plain"))
    ]

    def submit(key: dict[str, str], application_id: str) -> Any:
        return idle.post(
            "/v1/applications", files=files, data={"application_id": application_id}, headers=key
        )

    assert submit(_auth(tenants["north"]), "N-1").status_code == 202
    south = submit(_auth(tenants["south"]), "S-1")
    assert south.status_code == 202, south.text
    assert south.json()["application_id"] == "south~S-1"
    again = submit(_auth(tenants["north"]), "N-2")  # north's own files twice: still one application
    assert again.status_code == 409 and again.json()["type"] == "/problems/packet-rejected", again.text
    assert "this tenant" in again.json()["detail"] and "S-1" not in again.text
    operator = submit(keys.auth("intake"), "OPS-1")  # no tenant: the global scope, as before
    assert operator.status_code == 409 and "duplicate of job 1 (north~N-1)" in operator.json()["detail"]
    assert idle.get("/v1/queue", headers=keys.auth("intake")).json()["total"] == 2
