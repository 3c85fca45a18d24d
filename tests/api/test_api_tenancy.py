"""Keys scoped to a tenant: one loan-origination system cannot read, decide on or even learn of
another's applications; a rotated key of the same tenant keeps them; unscoped keys see all."""

from __future__ import annotations

import pytest
from api_support import FORM, Keys, MakeClient
from typer.testing import CliRunner

from underwrite.api.keys import ApiKeyError, ApiRole, KeyStore
from underwrite.cli.main import app

FACTS = {"loan_amount": 5000, "loan_term_months": 12}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_tenant_key_sees_only_its_tenants_applications(make_client: MakeClient, keys: Keys) -> None:
    client = make_client(background=False)
    store = KeyStore()
    north = store.add("LOS north", ApiRole.intake, tenant="north")
    south = store.add("LOS south", ApiRole.intake, tenant="south")
    south_reviewer = store.add("south underwriter", ApiRole.underwriter, tenant="south")
    files = [("files", ("form.txt", FORM, "text/plain"))]
    made = client.post(
        "/v1/applications", files=files, data={"application_id": "N-1"}, headers=_auth(north.token)
    )
    assert made.status_code == 202
    own = client.post(
        "/v1/applications/facts", json={"application_id": "S-1", "facts": FACTS}, headers=_auth(south.token)
    )
    assert own.status_code == 202

    unknown = client.get("/v1/applications/NOPE", headers=_auth(south.token)).json()
    for path in ("", "/facts", "/score", "/memo", "/memo/pdf"):
        other = client.get(f"/v1/applications/N-1{path}", headers=_auth(south.token))
        assert other.status_code == 404 and other.json()["type"] == "/problems/unknown-application", path
        assert other.json()["detail"] == unknown["detail"].replace("NOPE", "N-1")  # no hint it exists
    decide = client.post(
        "/v1/applications/N-1/decision",
        json={"decision": "approve", "reviewer": "s"},
        headers=_auth(south_reviewer.token),
    )
    assert decide.status_code == 404
    assert [
        j["application_id"] for j in client.get("/v1/queue", headers=_auth(south.token)).json()["jobs"]
    ] == ["south~S-1"]  # a tenant's chosen ids are kept in its own part of the id space
    assert client.get("/v1/applications/S-1", headers=_auth(south_reviewer.token)).status_code == 200

    # The same documents from another tenant: accepted as any new files (a refusal would tell
    # south that someone sent them; test_api_tenant_attacks has the duplicate cases).
    again = client.post(
        "/v1/applications", files=files, data={"application_id": "S-2"}, headers=_auth(south.token)
    )
    assert again.status_code == 202 and "N-1" not in again.text

    rotated = store.add("LOS north (rotated)", ApiRole.intake, tenant="north")
    store.revoke(north.key_id)
    assert client.get("/v1/applications/N-1", headers=_auth(rotated.token)).status_code == 200
    everyone = client.get("/v1/queue", headers=keys.auth("compliance")).json()  # unscoped: all
    assert sorted(j["application_id"] for j in everyone["jobs"]) == ["north~N-1", "south~S-1", "south~S-2"]


def test_tenants_are_checked_and_shown_by_the_cli() -> None:
    with pytest.raises(ApiKeyError, match=r"tenant '\.\./north'"):
        KeyStore().add("x", ApiRole.intake, tenant="../north")
    result = CliRunner().invoke(app, ["apikeys", "add", "LOS west", "--tenant", "west", "--json"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(app, ["apikeys", "list", "--json"])
    assert '"tenant": "west"' in listed.stdout
