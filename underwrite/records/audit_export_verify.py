"""Checking a signed audit export as its receiver can: no server, no secret keys.

What is checked: the signature over the export (so nothing in it changed since it was signed), that
the key which signed it is the one the export names (and, with ``expected_key``, the one the
receiver expected), the record count and numbering, and for a full export each record's hash from
its fields and the ``prev_hash`` link of every two records adjacent in the chain. The verdict says
in words what that proves and what it cannot (that the server's chain was never rewritten, that
the trail is complete, the records' MACs).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import BaseModel, ValidationError

from underwrite.core.canonical import canonical_json
from underwrite.core.signing_key import decode_key, fingerprint, verify_signature
from underwrite.records.audit_export import AuditExport, ExportRecord, signed_message
from underwrite.records.audit_verify import GENESIS_HASH, hash_of_fields


class ExportVerdict(BaseModel):
    ok: bool
    application_id: str | None = None
    records: int = 0
    fingerprint: str | None = None
    key_pinned: bool = False
    problems: list[str] = []
    proved: list[str] = []
    not_proved: list[str] = []


def _expected_fingerprint(expected_key: str) -> str:
    text = expected_key.strip()
    return text if text.startswith("sha256:") else fingerprint(decode_key(text))


def _signature_problems(raw: dict[str, Any], bundle: AuditExport, expected_key: str | None) -> list[str]:
    sig, problems = bundle.signature, []
    try:
        public = decode_key(sig.public_key)
        value = base64.b64decode(sig.value, validate=True)
    except (ValueError, binascii.Error) as exc:
        return [f"the signature block is unreadable: {exc}"]
    carried = fingerprint(public)
    if sig.fingerprint != carried:
        problems.append(
            f"the signature's fingerprint {sig.fingerprint} is not that of its public key ({carried})"
        )
    if bundle.export.signer_fingerprint != carried:
        problems.append(
            f"the export names its signer {bundle.export.signer_fingerprint}, but the public key that came "
            f"with it is {carried}: the key was swapped"
        )
    if expected_key is not None and _expected_fingerprint(expected_key) != carried:
        problems.append(
            f"signed with key {carried}, not with the expected key {_expected_fingerprint(expected_key)}"
        )
    if not verify_signature(public, signed_message(raw["export"]), value):
        problems.append(
            "the signature does not match the export: it was changed after it was signed (a record "
            "edited, added or removed, a field altered) or the signature or key was replaced"
        )
    return problems


def _record_problems(records: list[ExportRecord], full: bool, count: int) -> tuple[list[str], int, int]:
    """Problems, the number of checked links and of gaps (records of other applications between)."""
    problems: list[str] = []
    if count != len(records):
        problems.append(
            f"the export says it holds {count} records but holds {len(records)}: "
            "a record was removed or added"
        )
    places = [r.place for r in records]
    if places != list(range(1, len(records) + 1)):
        problems.append(
            f"records are numbered {places}, not 1..{len(records)}: a record was removed or reordered"
        )
    if not full:
        return problems, 0, 0
    links = gaps = 0
    for before, record in zip([None, *records], records, strict=False):
        name = f"record seq {record.seq} (place {record.place})"
        fields = {**record.model_dump(), "payload": canonical_json(record.payload)}
        if record.seq is None or record.prev_hash is None:
            problems.append(f"{name} has no seq or prev_hash, which a full export carries")
            continue
        if hash_of_fields(fields) != record.hash:
            problems.append(f"{name} does not match its hash: its fields were changed")
        if before is None or before.seq is None:
            if record.seq == 1 and record.prev_hash != GENESIS_HASH:
                problems.append(
                    f"{name} is the chain's first record but does not start from the genesis hash"
                )
            continue
        if record.seq <= before.seq:
            problems.append(f"{name} follows record seq {before.seq}: records are out of chain order")
        elif record.seq == before.seq + 1:
            links += 1
            if record.prev_hash != before.hash:
                problems.append(
                    f"{name}'s prev_hash is not the hash of record seq {before.seq}: the link is broken"
                )
        else:
            gaps += 1
    return problems, links, gaps


def verify_export(raw: Any, expected_key: str | None = None) -> ExportVerdict:
    """The verdict on an export as parsed from its JSON file."""
    try:
        bundle = AuditExport.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        return ExportVerdict(
            ok=False, problems=[f"not an audit export this build can read: {where}: {first['msg']}"]
        )
    body = bundle.export
    full = body.view == "full"
    problems = _signature_problems(raw, bundle, expected_key)
    record_problems, links, gaps = _record_problems(body.records, full, body.record_count)
    problems += record_problems
    fp = bundle.signature.fingerprint
    proved: list[str] = []
    if not problems:
        proved.append(
            f"the export is exactly what the holder of the private key {fp} signed: none of its "
            f"{len(body.records)} records was changed, added, removed or reordered since"
        )
        if expected_key is not None:
            proved.append("that key is the one you expected (--public-key)")
        if full:
            proved.append(
                f"each record's hash is the sha256 of its fields, and the {links} pair(s) of records "
                "adjacent in the chain link by prev_hash"
            )
    not_proved = [
        f"that the server's chain was never rewritten: this is what the server signed at "
        f"{body.exported_at} (it then reported its whole chain as '{body.chain_status_at_export}'); "
        "whoever holds its keys could have rewritten the chain before exporting, and the export "
        "would be signed just the same",
        "that the trail is complete: an event never recorded cannot be missing from it",
        "the records' MACs: they are keyed with the server's secret and are not in the export",
    ]
    if expected_key is None:
        not_proved.insert(
            0,
            f"who signed it: the public key came inside the file; compare its fingerprint {fp} with "
            "the one the server's operator publishes (`underwrite audit public-key`), or pass it "
            "with --public-key",
        )
    if full and gaps:
        not_proved.append(
            f"the {gaps} link(s) across gaps in seq: the records between belong to other applications "
            "and are not in this export"
        )
    if not full:
        not_proved.append(
            "the records' hashes and links: a tenant's export withholds their chain positions (seq, "
            "prev_hash), so only the signature vouches for the records"
        )
    return ExportVerdict(
        ok=not problems,
        application_id=body.application_id,
        records=len(body.records),
        fingerprint=fp,
        key_pinned=expected_key is not None,
        problems=problems,
        proved=proved,
        not_proved=not_proved,
    )
