"""Audit keys (files 0600, rotation, settings), legacy records without a MAC, and checkpoints."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.db import make_engine
from underwrite.core.keys import keys_dir, new_key
from underwrite.core.settings import get_settings, reset_settings_cache
from underwrite.records.audit import AuditLog

_OLD_SCHEMA = [
    """CREATE TABLE audit_records (seq INTEGER NOT NULL PRIMARY KEY, record_id VARCHAR(32) UNIQUE,
    kind VARCHAR(40), application_id VARCHAR(200), actor VARCHAR(200), created_at VARCHAR(40),
    dedupe_key VARCHAR(200) UNIQUE, payload TEXT, prev_hash VARCHAR(64), hash VARCHAR(64))""",
    "CREATE TABLE audit_head (id INTEGER NOT NULL PRIMARY KEY, seq INTEGER, hash VARCHAR(64))",
]


def _old_build_db(path: Path, n: int) -> str:
    """A database as the build before MACs left it: old columns, plain sha256 chain."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    prev = "0" * 64
    with engine.begin() as c:
        for stmt in _OLD_SCHEMA:
            c.execute(text(stmt))
        for seq in range(1, n + 1):
            row = {
                "seq": seq, "record_id": f"r{seq}", "kind": "run", "application_id": "old",
                "actor": "system", "created_at": "2026-01-01T00:00:00", "dedupe_key": None,
                "payload": json.dumps({"i": seq}), "prev_hash": prev,
            }  # fmt: skip
            canon = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            row["hash"] = prev = hashlib.sha256(canon.encode()).hexdigest()
            cols = ":seq, :record_id, :kind, :application_id, :actor, :created_at, :dedupe_key"
            c.execute(text(f"INSERT INTO audit_records VALUES ({cols}, :payload, :prev_hash, :hash)"), row)
        c.execute(text("INSERT INTO audit_head VALUES (1, :s, :h)"), {"s": n, "h": prev})
    engine.dispose()
    return url


def test_key_file_is_private_from_creation(isolated_home: Path) -> None:
    AuditLog().append("run", "a", {"x": 1})
    directory = keys_dir()
    key_files = list(directory.glob("audit-*.key"))
    assert len(key_files) == 1
    assert stat.S_IMODE(key_files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(get_settings().audit_checkpoints_path.stat().st_mode) == 0o600


def test_rotation_keeps_old_records_verifiable() -> None:
    log = AuditLog()
    log.append("run", "a", {"x": 1})
    new_key("audit")
    log = AuditLog()
    log.append("run", "a", {"x": 2})
    result = log.verify_chain()
    assert result.status == "intact" and len(result.key_ids) == 2


def test_missing_key_is_reported_not_accepted() -> None:
    log = AuditLog()
    log.append("run", "a", {"x": 1})
    for path in keys_dir().glob("audit-*.key"):
        path.unlink()
    (keys_dir() / "audit.current").unlink()
    result = AuditLog().verify_chain()
    assert result.status == "broken" and result.first_bad_seq == 1
    assert "not available" in (result.problem or "")


def test_key_from_settings_signs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UW_AUDIT_KEY", "ab" * 32)
    monkeypatch.setenv("UW_AUDIT_KEY_ID", "vault-1")
    reset_settings_cache()
    log = AuditLog()
    log.append("run", "a", {"x": 1})
    assert log.verify_chain().key_ids == ["vault-1"]
    monkeypatch.setenv("UW_AUDIT_KEY", "cd" * 32)  # same id, different key: records fail
    reset_settings_cache()
    assert AuditLog().verify_chain().status == "broken"


def test_stripping_the_mac_is_detected() -> None:
    log = AuditLog()
    for i in range(3):
        log.append("run", "a", {"i": i})
    with log.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET mac = NULL, key_id = NULL WHERE seq = 3"))
    result = log.verify_chain()
    assert result.status == "broken" and result.first_bad_seq == 3


def test_forged_checkpoint_line_is_detected() -> None:
    log = AuditLog()
    log.append("run", "a", {"i": 1})
    with log.checkpoint_path.open("a") as fh:
        fh.write(
            json.dumps({"seq": 9, "hash": "0" * 64, "at": "x", "key_id": log.keys.current, "mac": "0" * 64})
            + "\n"
        )
    result = log.verify_chain()
    assert result.status == "broken" and "line 2" in (result.problem or "")


def test_old_build_records_are_reported_as_unauthenticated(tmp_path: Path) -> None:
    url = _old_build_db(tmp_path / "old.db", 3)
    log = AuditLog(make_engine(url))
    result = log.verify_chain()
    assert result.status == "incomplete" and not result.ok and result.legacy_records == 3
    # The upgraded build carries on: its first MAC covers the legacy records from then on.
    log.append("run", "new", {"i": 4})
    result = log.verify_chain()
    assert result.status == "intact" and result.legacy_records == 3
    assert any("older build" in line for line in result.proved)
    assert any("unchanged before record 4" in line for line in result.not_proved)
    with log.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET payload = '{\"i\": 99}' WHERE seq = 2"))
    assert log.verify_chain().first_bad_seq == 2


def test_cli_explains_and_uses_exit_codes() -> None:
    runner = CliRunner()
    log = AuditLog()
    log.append("run", "a", {"x": 1})
    ok = runner.invoke(app, ["audit", "verify", "--json"])
    body = json.loads(ok.stdout)
    assert ok.exit_code == 0 and body["status"] == "intact" and body["proved"] and body["not_proved"]
    get_settings().audit_checkpoints_path.unlink()
    missing = runner.invoke(app, ["audit", "verify", "--json"])
    assert missing.exit_code == 2 and json.loads(missing.stdout)["status"] == "incomplete"
