"""The signed audit export over the API (compliance role): the operator's key gets the trail as the
chain holds it, a tenant's key its own view (other tenants' calls left out, chain positions
withheld), and both verify as a receiver would check them."""

from __future__ import annotations

from typing import Any

from api_support import Keys, MakeClient

from underwrite.api.keys import ApiRole, KeyStore, NewApiKey
from underwrite.records.audit_export_verify import verify_export

FACTS = {"loan_amount": 5000, "loan_term_months": 12}


def _auth(key: NewApiKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {key.token}"}


def test_the_export_is_signed_and_a_tenant_gets_its_own_view(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(background=False)
    store = KeyStore()
    north = store.add("LOS north", ApiRole.intake, tenant="north")
    north_audit = store.add("north compliance", ApiRole.compliance, tenant="north")
    south_audit = store.add("south compliance", ApiRole.compliance, tenant="south")
    made = client.post(
        "/v1/applications/facts", json={"application_id": "N-7", "facts": FACTS}, headers=_auth(north)
    )
    assert made.status_code == 202, made.text
    probe = client.get("/v1/applications/north~N-7/audit", headers=_auth(south_audit))  # recorded under N-7
    assert probe.status_code == 404
    assert (
        client.get("/v1/applications/north~N-7/audit/export", headers=_auth(south_audit)).status_code == 404
    )
    assert client.get("/v1/applications/N-7/audit/export", headers=_auth(north)).status_code == 403

    full: dict[str, Any] = client.get(
        "/v1/applications/north~N-7/audit/export", headers=keys.auth("compliance")
    ).json()
    assert full["export"]["view"] == "full"
    actors = [r["actor"] for r in full["export"]["records"]]
    assert f"api-key:{south_audit.key_id}" in actors  # the operator sees the probe
    assert all(r["seq"] is not None and r["prev_hash"] is not None for r in full["export"]["records"])
    assert verify_export(full).ok

    mine = client.get("/v1/applications/N-7/audit/export", headers=_auth(north_audit))
    assert mine.status_code == 200, mine.text
    tenant: dict[str, Any] = mine.json()
    records = tenant["export"]["records"]
    assert tenant["export"]["view"] == "tenant" and tenant["export"]["application_id"] == "north~N-7"
    assert f"api-key:{south_audit.key_id}" not in mine.text
    assert records and [r["place"] for r in records] == list(range(1, len(records) + 1))
    assert all(r["seq"] is None and r["prev_hash"] is None for r in records)  # no chain length or gaps
    verdict = verify_export(tenant, tenant["signature"]["fingerprint"])
    assert verdict.ok, verdict.problems
    assert any("withholds their chain positions" in p for p in verdict.not_proved)
    tenant["export"]["records"][0]["actor"] = "someone else"
    assert "the signature does not match the export" in " ".join(verify_export(tenant).problems)
