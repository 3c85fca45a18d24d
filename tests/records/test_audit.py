from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.db import make_engine
from underwrite.records.audit import AuditLog
from underwrite.records.pii import mask_pii


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(make_engine(f"sqlite:///{tmp_path / 'audit.db'}"))
    for i in range(5):
        audit.append("run", f"app-{i}", {"step": i, "score": {"pd": 0.1 * i}})
    return audit


def test_intact_chain_verifies(log: AuditLog) -> None:
    result = log.verify_chain()
    assert result.ok and result.records == 5


def test_one_byte_edit_is_detected(log: AuditLog) -> None:
    with log.engine.begin() as c:
        payload = c.execute(text("SELECT payload FROM audit_records WHERE seq = 3")).scalar_one()
        assert '"step":2' in payload
        c.execute(
            text("UPDATE audit_records SET payload = :p WHERE seq = 3"),
            {"p": payload.replace('"step":2', '"step":7')},
        )
    result = log.verify_chain()
    assert not result.ok and result.first_bad_seq == 3 and "edited" in (result.problem or "")


def test_deleted_record_is_detected(log: AuditLog) -> None:
    with log.engine.begin() as c:
        c.execute(text("DELETE FROM audit_records WHERE seq = 2"))
    result = log.verify_chain()
    assert not result.ok and result.first_bad_seq == 3


def test_deleted_last_record_is_detected(log: AuditLog) -> None:
    with log.engine.begin() as c:
        c.execute(text("DELETE FROM audit_records WHERE seq = 5"))
    result = log.verify_chain()
    assert not result.ok and "head" in (result.problem or "")


def test_reordering_is_detected(log: AuditLog) -> None:
    with log.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET seq = 100 WHERE seq = 2"))
        c.execute(text("UPDATE audit_records SET seq = 2 WHERE seq = 4"))
        c.execute(text("UPDATE audit_records SET seq = 4 WHERE seq = 100"))
    result = log.verify_chain()
    assert not result.ok and result.first_bad_seq == 2


def test_dedupe_key_makes_append_idempotent(log: AuditLog) -> None:
    a = log.append("decision", "app-1", {"d": 1}, dedupe_key="app-1:decision:1")
    b = log.append("decision", "app-1", {"d": 1}, dedupe_key="app-1:decision:1")
    assert a.seq == b.seq and len(log.records()) == 6


def test_identifiers_are_masked(log: AuditLog) -> None:
    entry = log.append(
        "run",
        "app-9",
        {
            "facts": {"applicant_name": "Erika Mustermann", "loan_amount": 5000},
            "note": "call +49 170 1234567 or pay DE89 3704 0044 0532 0130 00; Erika Mustermann agreed",
        },
        known_identifiers=("Erika Mustermann",),
    )
    dumped = json.dumps(entry.payload)
    assert "Mustermann" not in dumped and "1234567" not in dumped and "DE89" not in dumped
    assert entry.payload["facts"]["loan_amount"] == 5000


def test_mask_leaves_amounts_alone() -> None:
    assert mask_pii({"x": "EUR 12,500.00 over 36 months"}) == {"x": "EUR 12,500.00 over 36 months"}


_WORKER = """
import sys
from underwrite.records.audit import AuditLog
from underwrite.core.db import make_engine
log = AuditLog(make_engine(sys.argv[1]))
for i in range(15):
    log.append("run", f"p{sys.argv[2]}-{i}", {"i": i})
"""


def test_concurrent_processes_keep_the_chain(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    AuditLog(make_engine(url))
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, url, str(k)]) for k in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    result = AuditLog(make_engine(url)).verify_chain()
    assert result.ok and result.records == 45


def test_cli_verify_exit_codes(isolated_home: Path) -> None:
    runner = CliRunner()
    audit = AuditLog()
    audit.append("run", "a", {"x": 1})
    ok = runner.invoke(app, ["audit", "verify", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"] is True
    with audit.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET kind = 'runx' WHERE seq = 1"))
    bad = runner.invoke(app, ["audit", "verify", "--json"])
    assert bad.exit_code == 1 and json.loads(bad.stdout)["first_bad_seq"] == 1


def test_a_hex_digest_is_not_masked_as_a_phone_number() -> None:
    from underwrite.records.pii import mask_text

    digest = "66129508040af3d85240292690e86bcd0239da6e4e053f12decf9037bc22b680"
    assert mask_text(digest) == digest
    assert "[pii:" in mask_text("call +49 170 1234567 today")
