"""An insider with write access to the audit database (not to the audit key or the checkpoint file)
trying every way to make the trail say something else: cut the tail, delete or renumber a middle
record, reorder, transplant records from another application or another database signed with the
same key, roll the database file back to an older copy, swap key ids, and strip the MACs so the
chain reads as an older build's. Each must be reported as ``broken``, naming the first bad record
and saying in words what happened."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from forgery_support import plain_hash
from sqlalchemy import text
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.db import make_engine
from underwrite.core.keys import new_key
from underwrite.records.audit import AuditLog


def _trail(path: Path, n: int = 8, app_prefix: str = "app") -> AuditLog:
    log = AuditLog(make_engine(f"sqlite:///{path}"))
    for i in range(n):
        payload = {"decision": "decline", "reviewer": "u1"} if i == 3 else {"step": i}
        log.append("decision" if i == 3 else "run", f"{app_prefix}-{i % 3}", payload)
    return log


def _rows(log: AuditLog) -> list[dict[str, object]]:
    with log.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(text("SELECT * FROM audit_records ORDER BY seq"))]


def _rewrite(log: AuditLog, rows: list[dict[str, object]], rechain: bool = True) -> None:
    """Replace the table with ``rows`` (renumbered 1..n), re-linking and re-hashing with plain sha256
    (what anyone can compute), and point the head at the new end: a consistent forgery without the key."""
    prev = "0" * 64
    with log.engine.begin() as c:
        c.execute(text("DELETE FROM audit_records"))
        for seq, row in enumerate(rows, start=1):
            row = dict(row)
            if rechain:
                row["seq"], row["prev_hash"] = seq, prev
                row["hash"] = plain_hash(row)
            prev = str(row["hash"])
            cols = ", ".join(row)
            c.execute(
                text(f"INSERT INTO audit_records ({cols}) VALUES ({', '.join(':' + k for k in row)})"), row
            )
        c.execute(text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": len(rows), "h": prev})


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return _trail(tmp_path / "audit.db")


def _broken(log: AuditLog, seq: int, words: str) -> None:
    result = log.verify_chain()
    assert result.status == "broken" and not result.ok, result
    assert result.first_bad_seq == seq, result
    assert words in (result.problem or ""), result.problem


@pytest.mark.parametrize("cut", [1, 3, 8])
def test_cutting_the_tail_and_rewinding_the_head(log: AuditLog, cut: int) -> None:
    _rewrite(log, _rows(log)[: 8 - cut], rechain=False)
    _broken(
        log, 8 - cut + 1, f"saw record 8, but the chain ends at record {8 - cut} ({cut} record(s) missing"
    )


def test_deleting_a_middle_record_and_renumbering_the_rest(log: AuditLog) -> None:
    rows = _rows(log)
    _rewrite(log, rows[:3] + rows[4:])  # the decision (record 4) is gone, 5..8 become 4..7
    _broken(log, 4, "record MAC does not match")


def test_reordering_with_recomputed_hashes(log: AuditLog) -> None:
    rows = _rows(log)
    rows[2], rows[5] = rows[5], rows[2]
    _rewrite(log, rows)
    _broken(log, 3, "record MAC does not match")


def test_editing_a_record_and_recomputing_only_its_own_hash(log: AuditLog) -> None:
    with log.engine.begin() as c:
        row = dict(c.execute(text("SELECT * FROM audit_records WHERE seq = 4")).one()._mapping)
        row["payload"] = str(row["payload"]).replace("decline", "approve")
        c.execute(
            text("UPDATE audit_records SET payload = :p, hash = :h WHERE seq = 4"),
            {"p": row["payload"], "h": plain_hash(row)},
        )
    _broken(log, 4, "record MAC does not match")


def test_moving_a_record_to_another_application(log: AuditLog) -> None:
    rows = _rows(log)
    rows[3]["application_id"] = "app-2"  # the decline now belongs to someone else
    _rewrite(log, rows)
    _broken(log, 4, "record MAC does not match")


def test_a_record_transplanted_from_another_database_with_the_same_key(tmp_path: Path, log: AuditLog) -> None:
    """Another tenant's database (same UW_HOME, same audit key): its record 4 carries a valid MAC."""
    other = _trail(tmp_path / "other.db", app_prefix="app")
    rows = _rows(log)
    rows[3] = _rows(other)[3]
    _rewrite(log, rows, rechain=False)
    _broken(log, 4, "prev_hash does not match")


def test_the_whole_chain_of_another_database_with_the_same_key(tmp_path: Path, log: AuditLog) -> None:
    """Every record MAC-valid and correctly chained, only it is not this database's history: the
    checkpoints of this database say so from its first record."""
    other = _trail(tmp_path / "other.db", n=10)
    _rewrite(log, _rows(other), rechain=False)
    _broken(log, 1, "record 1 differs from the checkpoint")


def test_rolling_the_database_file_back_to_an_older_copy(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    log = _trail(path, n=5)
    log.engine.dispose()
    shutil.copy(path, tmp_path / "backup.db")
    log = AuditLog(make_engine(f"sqlite:///{path}"))
    for i in range(20):
        log.append("run", "later", {"i": i})
    log.engine.dispose()
    shutil.copy(tmp_path / "backup.db", path)
    rolled = AuditLog(make_engine(f"sqlite:///{path}"))
    _broken(rolled, 6, "saw record 25, but the chain ends at record 5")
    rolled.append("run", "after-rollback", {"i": 0})  # the application carries on at record 6
    _broken(rolled, 6, "record 6 differs from the checkpoint")


def test_swapping_key_ids_after_a_rotation(tmp_path: Path) -> None:
    log = _trail(tmp_path / "audit.db", n=3)
    new_key("audit")
    log = AuditLog(log.engine)
    log.append("run", "app-0", {"i": 3})
    first, last = _rows(log)[0], _rows(log)[3]
    assert first["key_id"] != last["key_id"]
    with log.engine.begin() as c:  # claim record 4 was signed with the old key
        c.execute(text("UPDATE audit_records SET key_id = :k WHERE seq = 4"), {"k": first["key_id"]})
    _broken(log, 4, "record MAC does not match")
    with log.engine.begin() as c:  # a key id nobody has
        c.execute(text("UPDATE audit_records SET key_id = 'vault-9' WHERE seq = 4"))
    _broken(log, 4, "'vault-9', which is not available")


def test_stripping_every_mac_makes_no_older_build(log: AuditLog) -> None:
    """Before the fix this read as an older build's chain: ``incomplete`` (exit 2), not ``broken``.
    Checkpoints and MACs came in the same build, so a record a checkpoint covers had a MAC."""
    with log.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET mac = NULL, key_id = NULL"))
    _broken(log, 1, "MAC removed")


def test_the_cli_exits_1_for_a_stripped_chain() -> None:
    log = AuditLog()  # the configured database, which `underwrite audit verify` reads
    for i in range(3):
        log.append("run", "a", {"i": i})
    with log.engine.begin() as c:
        c.execute(text("UPDATE audit_records SET mac = NULL, key_id = NULL"))
    result = CliRunner().invoke(app, ["audit", "verify", "--json"])
    body = json.loads(result.stdout)
    assert result.exit_code == 1 and body["status"] == "broken" and "MAC removed" in body["problem"]


def test_stripping_every_mac_then_forging_is_broken(log: AuditLog) -> None:
    rows = _rows(log)
    for row in rows:
        row["mac"] = row["key_id"] = None
    rows[3]["payload"] = str(rows[3]["payload"]).replace("decline", "approve")
    _rewrite(log, rows)
    result = log.verify_chain()
    assert result.status == "broken" and result.first_bad_seq is not None and result.first_bad_seq <= 4
