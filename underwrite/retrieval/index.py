"""Building and checking the index: the policy manual and the precedents, synced into Chroma."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from underwrite.core.datasets import load_dataset
from underwrite.core.settings import get_settings
from underwrite.retrieval.embedding import EmbeddingCache, ProgressCallback
from underwrite.retrieval.precedent_money import rates_fingerprint
from underwrite.retrieval.precedents import PRECEDENT_DATASETS, build_precedents
from underwrite.retrieval.schemas import IndexReport, PolicySection, SyncReport
from underwrite.retrieval.store import (
    POLICY_COLLECTION,
    PRECEDENT_COLLECTION,
    Record,
    encoder_mismatch,
    get_collection,
    store_location,
    sync_collection,
)
from underwrite.tools.policy.manual import load_manual
from underwrite.tools.policy.rules import POLICY_VERSION

PRECEDENT_FORMAT = "4"  # 4: amount_eur beside the source-currency amount
"""Bump when the precedent text or metadata layout changes, so ``ensure_index`` rebuilds."""

StageCallback = Callable[[str], ProgressCallback | None]
"""Given a stage name ("policy", "precedents"), returns the progress callback for it, if any."""

_ensured: set[tuple[str, str, int | None]] = set()


def policy_records(sections: list[PolicySection]) -> list[Record]:
    return [
        Record(
            id=s.section_id,
            document=s.indexed_text,
            metadata={
                "section_id": s.section_id,
                "title": s.title,
                "parent": s.parent or "",
                "parent_title": s.parent_title or "",
            },
        )
        for s in sections
    ]


def sync_policy(cache: EmbeddingCache | None = None, progress: ProgressCallback | None = None) -> SyncReport:
    """Make the policy collection match the manual, section by section."""
    return sync_collection(
        get_collection(POLICY_COLLECTION), policy_records(load_manual()), cache=cache, progress=progress
    )


def _precedent_fingerprint(limit: int | None) -> str:
    parts = [PRECEDENT_FORMAT, str(limit), rates_fingerprint()]
    parts += [load_dataset(n).content_hash for n in PRECEDENT_DATASETS]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def sync_precedents(
    limit: int | None = None, cache: EmbeddingCache | None = None, progress: ProgressCallback | None = None
) -> SyncReport:
    """Make the precedent collection hold exactly the (first ``limit``) precedents."""
    collection = get_collection(PRECEDENT_COLLECTION)
    precedents = build_precedents(limit)
    records = [Record(id=p.case_id, document=p.summary, metadata=p.metadata) for p in precedents]
    report = sync_collection(collection, records, cache=cache, progress=progress)
    collection.modify(
        metadata={
            **(collection.metadata or {}),  # keeps the encoder sync_collection recorded
            "source": _precedent_fingerprint(limit),
            "count": len(records),
            # -1 records "every precedent" (Chroma metadata cannot hold None).
            "precedent_limit": -1 if limit is None else limit,
        }
    )
    return report


def build_index(
    *, precedents: bool = True, precedent_limit: int | None = None, stage: StageCallback | None = None
) -> IndexReport:
    """Full idempotent sync of both collections; reports added/updated/unchanged/deleted."""
    cache = EmbeddingCache()
    mode, where = store_location()
    report = IndexReport(
        mode=mode,
        location=where,
        policy=sync_policy(cache, stage("policy") if stage else None),
        policy_version=POLICY_VERSION,
    )
    if precedents:
        report.precedents = sync_precedents(precedent_limit, cache, stage("precedents") if stage else None)
    _ensured.add((mode, where, precedent_limit))
    return report


def ensure_index(
    precedent_limit: int | None = None, stage: StageCallback | None = None
) -> IndexReport | None:
    """Build or refresh the index if needed; cheap when it is already current.

    The policy is always synced (61 hash comparisons). Precedents are rebuilt only when the stored
    source fingerprint (datasets + format + limit) differs or the count is off. Returns the report
    when anything was checked, None when this process already ensured the same index.
    ``precedent_limit`` defaults to the ``UW_PRECEDENT_LIMIT`` setting. With neither, an existing
    index keeps the limit it was deliberately built with (e.g. the demo's smaller one) instead of
    being silently rebuilt in full; a store with no index yet gets every precedent.
    """
    if precedent_limit is None:
        precedent_limit = get_settings().precedent_limit
    collection = get_collection(PRECEDENT_COLLECTION)
    meta = collection.metadata or {}
    if precedent_limit is None and isinstance(meta.get("precedent_limit"), int):
        built_with = int(meta["precedent_limit"])
        precedent_limit = None if built_with < 0 else built_with
    mode, where = store_location()
    if (mode, where, precedent_limit) in _ensured:
        return None
    current = (
        meta.get("source") == _precedent_fingerprint(precedent_limit)
        and meta.get("count") == collection.count()
        and encoder_mismatch(collection) is None
    )
    if not current:
        return build_index(precedent_limit=precedent_limit, stage=stage)
    report = IndexReport(
        mode=mode,
        location=where,
        policy=sync_policy(progress=stage("policy") if stage else None),
        precedents=SyncReport(collection=PRECEDENT_COLLECTION, unchanged=collection.count()),
        policy_version=POLICY_VERSION,
    )
    _ensured.add((mode, where, precedent_limit))
    return report


def ensure_policy_index() -> SyncReport:
    """Sync the policy manual only (fast); precedent search needs ``underwrite index build``."""
    return sync_policy()


def forget_ensured() -> None:
    """Tests and long-running processes that edit sources call this to force the next check."""
    _ensured.clear()
