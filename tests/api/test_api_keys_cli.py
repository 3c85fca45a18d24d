"""`underwrite apikeys add/list/revoke`, keys hashed at rest, and the `api` / `demo` options."""

from __future__ import annotations

import json

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from underwrite.api.keys import ApiRole, KeyStore, token_sha256
from underwrite.api.models import api_keys_table
from underwrite.cli.main import app
from underwrite.core.db import get_engine


def test_apikeys_add_list_revoke_and_only_the_hash_is_stored() -> None:
    runner = CliRunner()
    added = runner.invoke(app, ["apikeys", "add", "LOS production", "--role", "underwriter", "--json"])
    assert added.exit_code == 0, added.output
    key = json.loads(added.stdout)
    assert key["role"] == "underwriter" and key["token"].startswith(f"uwk_{key['key_id']}_")
    with get_engine().connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(api_keys_table))]
    assert len(rows) == 1 and key["token"] not in json.dumps(rows, default=str)
    assert rows[0]["secret_sha256"] == token_sha256(key["token"])
    assert KeyStore().check(key["token"])[0] is not None

    listed = json.loads(runner.invoke(app, ["apikeys", "list", "--json"]).stdout)
    assert [(k["key_id"], k["revoked_at"]) for k in listed] == [(key["key_id"], None)]
    assert "token" not in listed[0]
    assert runner.invoke(app, ["apikeys", "revoke", key["key_id"]]).exit_code == 0
    found, why = KeyStore().check(key["token"])
    assert found is None and why.startswith(f"the API key {key['key_id']} was revoked")
    assert runner.invoke(app, ["apikeys", "revoke", "nope"]).exit_code == 1
    assert runner.invoke(app, ["apikeys", "add", "x", "--role", "admin"]).exit_code == 1


def test_api_and_demo_commands_take_their_addresses() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {p.name for p in commands["api"].params} >= {"host", "port", "workers"}
    assert "api_port" in {p.name for p in commands["demo"].params}


def test_openapi_is_built_from_the_models_and_documents_problems() -> None:
    from underwrite.api import create_app

    spec = create_app(background=False).openapi()
    schemas = spec["components"]["schemas"]
    assert {"FactsSubmission", "DecisionIn", "StatusOut", "MemoOut", "Memo", "Fact"} <= set(schemas)
    decision = spec["paths"]["/v1/applications/{application_id}/decision"]["post"]
    assert decision["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DecisionIn"
    }
    assert "application/problem+json" in decision["responses"]["403"]["content"]
    upload = spec["paths"]["/v1/applications"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    schemes = list(spec["components"]["securitySchemes"].values())
    assert {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer uwk_…"} in schemes
    assert any(s["type"] == "apiKey" and s["in"] == "header" and s["name"] == "X-API-Key" for s in schemes)
    assert len(decision["security"]) == 2  # either scheme


def test_a_key_id_is_never_masked_as_a_phone_number_in_the_audit_trail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An all-digit random id ("341404363059") once came back pseudonymised from the audit trail.
    from underwrite.api import keys as keys_module
    from underwrite.records.pii import mask_pii

    monkeypatch.setattr(keys_module.secrets, "token_hex", lambda _n: "341404363059")
    key = KeyStore().add("LOS digits", ApiRole.intake)
    assert mask_pii({"key_id": key.key_id, "note": f"called by {key.key_id}"}) == {
        "key_id": key.key_id,
        "note": f"called by {key.key_id}",
    }
