"""Signed checkpoints of the audit chain head, appended to a file outside the database.

The database alone cannot prove that nothing was removed from the end of the chain: whoever can
write the table can also rewind the head row. After every append the head (sequence number and
hash) is written, HMAC-signed, as one JSON line to ``UW_HOME/audit/checkpoints.log`` (or the
``UW_AUDIT_CHECKPOINTS`` path, which should live where the database's writers cannot write).
Verification then demands that every checkpointed record still exists with the checkpointed hash.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from underwrite.core.canonical import canonical_json
from underwrite.core.keys import KeyRing
from underwrite.core.private_files import append_private
from underwrite.core.schemas import utcnow


class Checkpoint(BaseModel):
    seq: int
    hash: str
    at: str
    key_id: str
    mac: str


class CheckpointCheck(BaseModel):
    """What the checkpoint file says about a chain of ``count`` records."""

    checkpoints: int = 0
    latest_seq: int = 0
    first_seq: int = 0
    """The lowest sequence number a checkpoint covers (0: none): records from there on had a MAC."""
    first_bad_seq: int | None = None
    problem: str | None = None


def _message(seq: int, head_hash: str, at: str, key_id: str) -> bytes:
    body = canonical_json({"seq": seq, "hash": head_hash, "at": at, "key_id": key_id})
    return b"uw-audit-checkpoint-v1\x00" + body.encode("utf-8")


def append_checkpoint(path: Path, ring: KeyRing, seq: int, head_hash: str) -> Checkpoint:
    at = utcnow().isoformat()
    key_id, mac = ring.sign(_message(seq, head_hash, at, ring.current))
    cp = Checkpoint(seq=seq, hash=head_hash, at=at, key_id=key_id, mac=mac)
    append_private(path, canonical_json(cp.model_dump()))
    return cp


def read_checkpoints(path: Path, ring: KeyRing) -> tuple[list[Checkpoint], str | None]:
    """The authentic checkpoints in ``path``, or a problem naming the first line that is not."""
    if not path.is_file():
        return [], None
    found: list[Checkpoint] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cp = Checkpoint.model_validate(json.loads(line))
        except (ValueError, ValidationError):
            return found, f"checkpoint file {path}, line {lineno}: not a checkpoint"
        ok = ring.check(cp.key_id, _message(cp.seq, cp.hash, cp.at, cp.key_id), cp.mac)
        if ok is None:
            return found, f"checkpoint file {path}, line {lineno}: signed with unknown key {cp.key_id!r}"
        if not ok:
            return found, f"checkpoint file {path}, line {lineno}: signature does not match (forged line)"
        found.append(cp)
    return found, None


def check_checkpoints(path: Path, ring: KeyRing, hashes: dict[int, str]) -> CheckpointCheck:
    """Compare the chain (``hashes``: seq → hash of every record present) with the checkpoints."""
    cps, problem = read_checkpoints(path, ring)
    result = CheckpointCheck(checkpoints=len(cps), latest_seq=max((c.seq for c in cps), default=0))
    if problem:
        result.problem = problem
        return result
    count = len(hashes)
    result.first_seq = min((c.seq for c in cps if c.seq > 0), default=0)
    bad: list[tuple[int, str]] = []
    beyond = [cp for cp in cps if cp.seq > count]
    if beyond:  # the latest such checkpoint says how far the chain was cut back
        last = max(beyond, key=lambda cp: cp.seq)
        bad.append(
            (
                count + 1,
                f"records removed from the end: a checkpoint signed at {last.at} saw record "
                f"{last.seq}, but the chain ends at record {count} ({last.seq - count} record(s) "
                "missing: truncated, or the database rolled back to an older copy)",
            )
        )
    for cp in cps:
        if 0 < cp.seq <= count and hashes.get(cp.seq) != cp.hash:
            bad.append(
                (
                    cp.seq,
                    f"record {cp.seq} differs from the checkpoint signed at {cp.at} "
                    "(chain rewritten from here on)",
                )
            )
    if bad:
        result.first_bad_seq, result.problem = min(bad)
    return result
