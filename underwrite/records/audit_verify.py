"""Verification of the audit trail: the hash chain, each record's HMAC, and the checkpoints.

The result says in words what was proved (and what could not be), and names the first record that
does not fit. Three outcomes: ``intact`` (every check passed), ``incomplete`` (nothing contradicts
the chain, but part of it cannot be authenticated: records from a build without MACs, or no
checkpoint file), ``broken``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from underwrite.core.canonical import canonical_json, sha256_text
from underwrite.core.keys import KeyRing
from underwrite.records.audit_checkpoint import check_checkpoints

if TYPE_CHECKING:
    from underwrite.records.audit import AuditRecordRow

GENESIS_HASH = "0" * 64


class VerifyResult(BaseModel):
    ok: bool
    status: Literal["intact", "incomplete", "broken"] = "intact"
    records: int
    head_seq: int
    first_bad_seq: int | None = None
    problem: str | None = None
    legacy_records: int = 0
    checkpoints: int = 0
    latest_checkpoint_seq: int = 0
    key_ids: list[str] = []
    proved: list[str] = []
    not_proved: list[str] = []


HASHED_FIELDS = (
    "seq",
    "record_id",
    "kind",
    "application_id",
    "actor",
    "created_at",
    "dedupe_key",
    "payload",
    "prev_hash",
)
"""The columns a record's hash covers (``payload`` as its stored canonical JSON text)."""


def hash_of_fields(fields: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of a record's hashed columns: the chain's one hashing rule,
    used when a record is written and by whoever checks an exported record."""
    return sha256_text(canonical_json({name: fields[name] for name in HASHED_FIELDS}))


def record_mac_message(key_id: str, record_hash: str) -> bytes:
    # The record hash already covers every column and the previous hash, so the MAC over it
    # authenticates the record and its place in the chain.
    return b"uw-audit-record-v1\x00" + key_id.encode("ascii") + b"\x00" + record_hash.encode("ascii")


def _row_problem(
    row: AuditRecordRow,
    expected_seq: int,
    prev_hash: str,
    seen_mac: bool,
    ring: KeyRing,
    record_hash: Callable[[AuditRecordRow], str],
) -> str | None:
    if row.seq != expected_seq:
        return f"sequence gap: expected record {expected_seq}, found {row.seq} (deleted record?)"
    if row.prev_hash != prev_hash:
        return "prev_hash does not match the previous record (deleted or reordered records)"
    if record_hash(row) != row.hash:
        return "record content does not match its hash (edited record)"
    if row.mac is None or row.key_id is None:
        if seen_mac:
            return "record has no MAC although earlier records have one (MAC removed, record forged)"
        return None
    ok = ring.check(row.key_id, record_mac_message(row.key_id, row.hash), row.mac)
    if ok is None:
        return f"record is signed with key {row.key_id!r}, which is not available (UW_HOME/keys)"
    if not ok:
        return (
            "record MAC does not match: the record (or one before it) was rewritten by someone "
            "without the audit key, and the hashes were recomputed to hide it"
        )
    return None


def verify_rows(
    rows: Iterable[AuditRecordRow],
    head: tuple[int, str],
    ring: KeyRing,
    checkpoint_path: Path,
    record_hash: Callable[[AuditRecordRow], str],
) -> VerifyResult:
    """``record_hash`` is the audit table's own (passed in: this module sits below it)."""
    head_seq, head_hash = head
    prev_hash, expected_seq, count, legacy = GENESIS_HASH, 1, 0, 0
    seen_mac = False
    hashes: dict[int, str] = {}
    key_ids: set[str] = set()
    for row in rows:
        count += 1
        problem = _row_problem(row, expected_seq, prev_hash, seen_mac, ring, record_hash)
        if problem:
            return VerifyResult(
                ok=False, status="broken", records=count, head_seq=head_seq, first_bad_seq=row.seq,
                problem=problem, legacy_records=legacy,
            )  # fmt: skip
        if row.mac is None:
            legacy += 1
        else:
            seen_mac = True
            key_ids.add(str(row.key_id))
        hashes[row.seq] = row.hash
        prev_hash, expected_seq = row.hash, row.seq + 1
    base = {"records": count, "head_seq": head_seq, "legacy_records": legacy, "key_ids": sorted(key_ids)}
    if count != head_seq or prev_hash != head_hash:
        return VerifyResult(
            ok=False, status="broken", first_bad_seq=count + 1, **base,
            problem=f"chain ends at record {count} but the head records {head_seq} "
            "(records removed from the end, or head edited)",
        )  # fmt: skip
    cps = check_checkpoints(checkpoint_path, ring, hashes)
    base |= {"checkpoints": cps.checkpoints, "latest_checkpoint_seq": cps.latest_seq}
    if cps.problem:
        return VerifyResult(
            ok=False, status="broken", first_bad_seq=cps.first_bad_seq, problem=cps.problem,
            **base,
        )  # fmt: skip
    if legacy and cps.first_seq and cps.first_seq <= legacy:
        # MACs and checkpoints came in one build: a record a checkpoint covers was written with a
        # MAC. Without this, stripping every MAC read as an older build's chain (incomplete).
        return VerifyResult(
            ok=False, status="broken", first_bad_seq=cps.first_seq, **base,
            problem=f"record {cps.first_seq} has no MAC, but a signed checkpoint shows it was written "
            "by a build that signs every record (MAC removed, to pass the chain off as an older build's)",
        )  # fmt: skip
    return _explained(count, legacy, seen_mac, cps.checkpoints, cps.latest_seq, checkpoint_path, base)


def _explained(
    count: int,
    legacy: int,
    seen_mac: bool,
    checkpoints: int,
    latest: int,
    path: Path,
    base: dict[str, object],
) -> VerifyResult:
    proved = [f"{count} records form one unbroken hash chain ending at the head row"]
    not_proved: list[str] = []
    if seen_mac:
        proved.append(
            f"records {legacy + 1}–{count} carry a valid HMAC from a key kept outside the database: "
            "nobody without that key changed, inserted or reordered them"
        )
    if legacy:
        text = f"records 1–{legacy} were written by an older build without a MAC"
        if seen_mac:
            proved.append(f"{text}; the MAC of record {legacy + 1} covers them from the time it was written")
            not_proved.append(
                f"that records 1–{legacy} were unchanged before record {legacy + 1} was written"
            )
        else:
            not_proved.append(f"{text}: the unkeyed hash chain alone cannot show they are authentic")
    if checkpoints:
        proved.append(f"every one of {checkpoints} signed checkpoints in {path} matches the chain")
        if latest < count:
            not_proved.append(f"that nothing after record {latest} (the latest checkpoint) was removed")
    elif count:
        not_proved.append(f"that no records were removed from the end: no checkpoints in {path}")
    not_proved.append(
        "that events were recorded at all: the trail shows what was written, not what was omitted"
    )
    incomplete = (legacy and not seen_mac) or (count and not checkpoints)
    return VerifyResult(
        ok=not incomplete, status="incomplete" if incomplete else "intact",
        problem=not_proved[0] if incomplete else None, proved=proved, not_proved=not_proved,
        **base,
    )  # fmt: skip
