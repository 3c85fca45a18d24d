"""What an attacker can compute without the audit key: the plain sha256 of a row's hashed columns.

Shared by the forgery and attack tests, which rewrite rows and recompute this hash to show that the
MAC (not the hash) is what catches them.
"""

from __future__ import annotations

import hashlib
import json

from underwrite.records.audit_verify import HASHED_FIELDS as HASHED_COLUMNS


def plain_hash(row: dict[str, object]) -> str:
    """sha256 over the canonical JSON of the row's columns, no key."""
    body = {k: row[k] for k in HASHED_COLUMNS}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
