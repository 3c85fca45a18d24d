"""An attacker with write access to the database (but not to the key or the checkpoint file).

These tests use only ``AuditLog(engine)``, ``append`` and ``verify_chain``, so they run against the
build before MACs too, where they fail: an unkeyed hash chain cannot tell a careful forgery from
the real thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from forgery_support import plain_hash
from sqlalchemy import text

from underwrite.core.db import make_engine
from underwrite.records.audit import AuditLog


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(make_engine(f"sqlite:///{tmp_path / 'audit.db'}"))
    for i in range(6):
        kind = "decision" if i == 2 else "run"
        payload = {"decision": "decline", "reviewer": "u1"} if kind == "decision" else {"step": i}
        audit.append(kind, f"app-{i}", payload)
    return audit


def _forge_decision(log: AuditLog) -> int:
    """Rewrite the decision row, then recompute every later hash and the head (no key used)."""
    with log.engine.begin() as c:
        rows = [dict(r._mapping) for r in c.execute(text("SELECT * FROM audit_records ORDER BY seq"))]
        target = next(r for r in rows if r["kind"] == "decision")
        target["payload"] = target["payload"].replace('"decline"', '"approve"')
        prev = rows[target["seq"] - 2]["hash"] if target["seq"] > 1 else "0" * 64
        for row in rows[target["seq"] - 1 :]:
            row["prev_hash"] = prev
            row["hash"] = prev = plain_hash(row)
            c.execute(
                text(
                    "UPDATE audit_records SET payload = :payload, prev_hash = :prev_hash, hash = :hash "
                    "WHERE seq = :seq"
                ),
                row,
            )
        c.execute(text("UPDATE audit_head SET hash = :h WHERE id = 1"), {"h": prev})
    return int(target["seq"])


def test_recompute_everything_forgery_is_detected(log: AuditLog) -> None:
    seq = _forge_decision(log)
    result = log.verify_chain()
    assert not result.ok
    assert result.first_bad_seq == seq


def test_forgery_reads_back_as_the_attacker_wanted(log: AuditLog) -> None:
    # Guards the test above: the forgery really changed the decision and kept the chain consistent.
    _forge_decision(log)
    decision = next(e for e in log.records() if e.kind == "decision")
    assert decision.payload["decision"] == "approve"


def test_truncation_with_rewound_head_is_detected(log: AuditLog) -> None:
    with log.engine.begin() as c:
        c.execute(text("DELETE FROM audit_records WHERE seq > 4"))
        h = c.execute(text("SELECT hash FROM audit_records WHERE seq = 4")).scalar_one()
        c.execute(text("UPDATE audit_head SET seq = 4, hash = :h WHERE id = 1"), {"h": h})
    result = log.verify_chain()
    assert not result.ok
    assert result.first_bad_seq == 5


def test_truncation_then_new_appends_is_detected(log: AuditLog) -> None:
    # The attacker rewinds, and the application carries on writing at the rewound position.
    with log.engine.begin() as c:
        c.execute(text("DELETE FROM audit_records WHERE seq > 3"))
        h = c.execute(text("SELECT hash FROM audit_records WHERE seq = 3")).scalar_one()
        c.execute(text("UPDATE audit_head SET seq = 3, hash = :h WHERE id = 1"), {"h": h})
    for i in range(4):
        log.append("run", f"later-{i}", {"i": i})
    result = log.verify_chain()
    assert not result.ok
    assert result.first_bad_seq == 4
