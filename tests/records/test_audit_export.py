"""A signed export of one application's trail, checked as its receiver would: the CLI end to end,
an untouched export verifying, and each way of tampering with one named in the verdict.

Before this, an exported trail (``GET …/audit``) carried only each record's hash: a receiver could
not tell an edited export from the server's."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.canonical import canonical_json
from underwrite.core.signing_key import KEY_FILE, fingerprint
from underwrite.records.audit import AuditLog


@pytest.fixture
def exported(isolated_home: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """APP-1's four records, interleaved with another application's (a gap in seq) and adjacent."""
    log = AuditLog()
    log.append("memo_drafted", "APP-1", {"memo_sha256": "a" * 64, "amount": 12500.5})
    log.append("memo_drafted", "APP-2", {"memo_sha256": "b" * 64})
    log.append("memo_edited", "APP-1", {"editor": "ulla"}, actor="ulla")
    log.append("decision", "APP-1", {"decision": "approve", "reason": "Ünïcode ok"}, actor="ulla")
    log.append("api_call", "APP-1", {"status": 200})
    out = tmp_path / "APP-1.audit.json"
    result = CliRunner().invoke(app, ["audit", "export", "APP-1", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == 4
    return out, json.loads(out.read_text(encoding="utf-8"))


def _verify(path: Path, bundle: dict[str, Any] | None = None, *extra: str) -> tuple[int, dict[str, Any]]:
    if bundle is not None:
        path.write_text(json.dumps(bundle), encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "verify-export", str(path), "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


def _problems(verdict: dict[str, Any]) -> str:
    return " | ".join(verdict["problems"])


def test_an_untouched_export_verifies_and_says_what_it_proves(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    assert [r["seq"] for r in bundle["export"]["records"]] == [1, 3, 4, 5]
    assert bundle["export"]["records"][0]["prev_hash"] == "0" * 64
    code, verdict = _verify(path)
    assert code == 0 and verdict["ok"] is True and verdict["problems"] == []
    assert verdict["records"] == 4 and verdict["application_id"] == "APP-1"
    assert any("2 pair(s) of records adjacent in the chain link by prev_hash" in p for p in verdict["proved"])
    assert any("never rewritten" in p for p in verdict["not_proved"])
    assert any("1 link(s) across gaps" in p for p in verdict["not_proved"])
    assert any("who signed it" in p for p in verdict["not_proved"]) and not verdict["key_pinned"]


def test_the_signing_key_is_private_and_pinning_it_verifies(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    key_file = Path(os.environ["UW_HOME"]) / "keys" / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    published = CliRunner().invoke(app, ["audit", "public-key", "--json"])
    assert published.exit_code == 0
    public = json.loads(published.stdout)
    assert public["fingerprint"] == bundle["signature"]["fingerprint"]
    for pin in (public["public_key"], public["fingerprint"]):
        code, verdict = _verify(path, None, "--public-key", pin)
        assert code == 0 and verdict["key_pinned"], verdict
        assert not any("who signed it" in p for p in verdict["not_proved"])


def test_an_edited_record_fails(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    bundle["export"]["records"][2]["payload"]["decision"] = "decline"
    code, verdict = _verify(path, bundle)
    assert code == 1 and not verdict["ok"]
    assert "the signature does not match the export" in _problems(verdict)
    assert "record seq 4 (place 3) does not match its hash" in _problems(verdict)
    assert verdict["proved"] == []


def test_a_removed_record_fails(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    del bundle["export"]["records"][1]  # seq 3, the memo edit
    code, verdict = _verify(path, bundle)
    assert code == 1
    assert "the signature does not match the export" in _problems(verdict)
    assert "says it holds 4 records but holds 3" in _problems(verdict)


def test_a_removed_record_renumbered_and_resigned_with_another_key_fails_against_the_pinned_key(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    """The forger who rewrites the whole export signs it with a key of its own. Consistent in
    itself (the cut leaves a gap in seq, which reads like another application's records), it is
    caught only by the pinned key; unpinned, the verdict says it did not prove who signed."""
    path, bundle = exported
    server_fp = bundle["signature"]["fingerprint"]
    body = bundle["export"]
    del body["records"][2]  # seq 4: seq 3 and 5 are now adjacent places, not adjacent in the chain
    for place, record in enumerate(body["records"], start=1):
        record["place"] = place
    body["record_count"] = 3
    forger = Ed25519PrivateKey.generate()
    public = forger.public_key().public_bytes_raw()
    body["signer_fingerprint"] = fingerprint(public)
    bundle["signature"] = {
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(public).decode(),
        "fingerprint": fingerprint(public),
        "value": base64.b64encode(forger.sign(canonical_json(body).encode())).decode(),
    }
    code, verdict = _verify(path, bundle, "--public-key", server_fp)
    assert code == 1
    assert f"not with the expected key {server_fp}" in _problems(verdict)
    code, unpinned = _verify(path)  # the signature itself is the forger's, and it is valid
    assert code == 0 and unpinned["fingerprint"] != server_fp
    assert any("who signed it" in p for p in unpinned["not_proved"])


def test_a_swapped_key_fails(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    bundle["signature"]["public_key"] = base64.b64encode(other).decode()
    bundle["signature"]["fingerprint"] = fingerprint(other)
    code, verdict = _verify(path, bundle)
    assert code == 1
    assert "the key was swapped" in _problems(verdict)
    assert "the signature does not match the export" in _problems(verdict)


def test_an_edited_signature_fails(exported: tuple[Path, dict[str, Any]]) -> None:
    path, bundle = exported
    raw = bytearray(base64.b64decode(bundle["signature"]["value"]))
    raw[0] ^= 0x01
    bundle["signature"]["value"] = base64.b64encode(bytes(raw)).decode()
    code, verdict = _verify(path, bundle)
    assert code == 1 and "the signature does not match the export" in _problems(verdict)


def test_a_file_that_is_no_export_fails_in_words(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    code, verdict = _verify(path, {"export": {"records": []}})
    assert code == 1 and "not an audit export this build can read" in _problems(verdict)
    path.write_text("{", encoding="utf-8")
    code, verdict = _verify(path)
    assert code == 1 and "cannot read" in _problems(verdict)
