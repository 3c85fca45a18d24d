"""Chroma access: the client (embedded or HTTP, by setting), our collections, idempotent sync.

Sync compares a content hash per record with the hash stored in Chroma's metadata: new ids are
added, changed ones re-embedded and replaced, vanished ones deleted, the rest left alone — so a
second run with unchanged sources writes nothing.

Vectors from different encoder backends (torch vs ONNX int8) differ slightly, so a collection records
the encoder it was embedded with (``ENCODER_KEY`` in its metadata, ``tools.encoder.encoder_id``).
Sync re-embeds everything when the recorded encoder is not the active one; opening such a
collection for queries logs a warning, because its neighbours would drift until the next sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from underwrite.core.precedent import MetadataValue
from underwrite.core.settings import get_settings
from underwrite.retrieval.embedding import EmbeddingCache, EncoderEmbeddingFunction, ProgressCallback
from underwrite.retrieval.schemas import SyncReport
from underwrite.tools.encoder import ENCODER_NAME, encoder_id

POLICY_COLLECTION = "policy_sections"
PRECEDENT_COLLECTION = "precedents"
HASH_KEY = "content_hash"
ENCODER_KEY = "encoder"
_log = logging.getLogger(__name__)
_warned: set[tuple[str, str, str]] = set()
_PAGE = 5000
_UPSERT_BATCH = 1000
_clients: dict[tuple[str, str], ClientAPI] = {}
_clients_lock = threading.Lock()


class StoreUnavailableError(RuntimeError):
    """The configured Chroma store cannot be reached or opened."""


@dataclass(frozen=True)
class Record:
    id: str
    document: str
    metadata: Mapping[str, MetadataValue]

    @property
    def content_hash(self) -> str:
        payload = json.dumps([self.document, dict(sorted(self.metadata.items()))], default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def store_location() -> tuple[str, str]:
    """(mode, where): ``embedded`` + directory, or ``http`` + host:port."""
    settings = get_settings()
    if settings.chroma_mode == "http":
        return "http", f"{settings.chroma_host}:{settings.chroma_port}"
    return "embedded", str(settings.chroma_dir)


def get_client() -> ClientAPI:
    """The Chroma client the settings ask for (cached per mode and location).

    Creation is serialised: Chroma's Rust bindings fail when two threads open the same store at once.
    """
    key = store_location()
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        return _open_client(key)


def _open_client(key: tuple[str, str]) -> ClientAPI:
    settings = get_settings()
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if key[0] == "http":
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        else:
            client = _open_embedded(settings.chroma_dir, chroma_settings)
    except Exception as exc:  # chromadb raises many types (httpx, ValueError, RuntimeError)
        raise StoreUnavailableError(f"cannot open Chroma ({key[0]} at {key[1]}): {exc}") from exc
    _clients[key] = client
    return client


# SQLite's words for a file that is no longer a database (codes 26 and 11).
_DAMAGED = ("file is not a database", "database disk image is malformed")


def _open_embedded(path: Path, chroma_settings: ChromaSettings) -> ClientAPI:
    """The embedded store; a damaged one is moved aside and a fresh one opened in its place.

    Everything in it is derived (the policy manual and the precedent datasets ship with the
    package), so the next index check rebuilds it; the damaged copy is kept for whoever wants to
    look, and the log says where it went.
    """
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        if not any(marker in str(exc) for marker in _DAMAGED):
            raise
        aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        path.rename(aside)
        path.mkdir()
        # Chroma keeps the half-opened system cached per path even after the failed open; the next
        # client on that path would reuse it ("'RustBindingsAPI' object has no attribute
        # 'bindings'"). Its public clear_system_cache() would drop every other store's system too.
        SharedSystemClient._identifier_to_system.pop(str(path), None)
        _log.warning(
            "the search index at %s was damaged (%s); moved it to %s and started a new one, which "
            "is rebuilt from the policy manual and precedent data (`underwrite index build`)",
            path,
            exc,
            aside,
        )
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def reset_clients() -> None:
    """Forget cached clients (tests switch UW_HOME and Chroma mode)."""
    _clients.clear()


def get_collection(name: str) -> Collection:
    """Our collection ``name``, created on first use with our encoder and cosine distance."""
    try:
        collection = get_client().get_or_create_collection(
            name,
            embedding_function=EncoderEmbeddingFunction(),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )
    except StoreUnavailableError:
        raise
    except Exception as exc:
        mode, where = store_location()
        raise StoreUnavailableError(f"cannot open collection {name!r} ({mode} at {where}): {exc}") from exc
    mismatch = encoder_mismatch(collection)
    if mismatch and (name, *mismatch) not in _warned:
        _warned.add((name, *mismatch))
        _log.warning(
            "collection %s was embedded with %s but the active encoder is %s: results drift until "
            "the index is re-synced (`underwrite index build` re-embeds it)",
            name,
            *mismatch,
        )
    return collection


def encoder_mismatch(collection: Collection) -> tuple[str, str] | None:
    """(recorded, active) when the collection was embedded with another encoder than the active one.

    A collection without the key predates it and was embedded with the torch model (the default
    then); an empty one has nothing to drift.
    """
    recorded = str((collection.metadata or {}).get(ENCODER_KEY) or ENCODER_NAME)
    active = encoder_id()
    return (recorded, active) if recorded != active and collection.count() > 0 else None


def stored_hashes(collection: Collection) -> dict[str, str]:
    """id → content hash of everything in the collection (paged, so large collections work)."""
    out: dict[str, str] = {}
    offset = 0
    while True:
        page = collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
        ids, metas = page["ids"], page["metadatas"] or []
        for record_id, meta in zip(ids, metas, strict=True):
            out[record_id] = str((meta or {}).get(HASH_KEY, ""))
        if len(ids) < _PAGE:
            return out
        offset += _PAGE


def sync_collection(
    collection: Collection,
    records: Sequence[Record],
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Make the collection hold exactly ``records``, touching only what changed."""
    ids = [r.id for r in records]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate record ids for {collection.name}")
    existing = stored_hashes(collection)
    mismatch = encoder_mismatch(collection)
    if mismatch:
        _log.warning(
            "%s: re-embedding all %d records with %s (indexed with %s)",
            collection.name,
            len(records),
            mismatch[1],
            mismatch[0],
        )
    changed = [r for r in records if mismatch or existing.get(r.id) != r.content_hash]
    report = SyncReport(
        collection=collection.name,
        added=sum(r.id not in existing for r in changed),
        updated=sum(r.id in existing for r in changed),
        unchanged=len(records) - len(changed),
    )
    if changed:
        # Insert in a deterministic pseudo-random order (by hash). Inserted dataset by dataset, the
        # HNSW graph left the small German cluster unreachable: HNSW recall@5 vs exact search fell
        # to 0.35-0.76 on German queries; shuffled insertion measured 0.99 (evals/precedent_latency).
        changed.sort(key=lambda r: r.content_hash)
        vectors = (cache or EmbeddingCache()).embed([r.document for r in changed], progress=progress)
        for start in range(0, len(changed), _UPSERT_BATCH):
            batch = changed[start : start + _UPSERT_BATCH]
            collection.upsert(
                ids=[r.id for r in batch],
                documents=[r.document for r in batch],
                embeddings=vectors[start : start + _UPSERT_BATCH],
                metadatas=[{**r.metadata, HASH_KEY: r.content_hash} for r in batch],
            )
    stale = sorted(set(existing) - set(ids))
    for start in range(0, len(stale), _UPSERT_BATCH):
        collection.delete(ids=stale[start : start + _UPSERT_BATCH])
    report.deleted = len(stale)
    active = encoder_id()
    if (collection.metadata or {}).get(ENCODER_KEY) != active:
        collection.modify(metadata={**(collection.metadata or {}), ENCODER_KEY: active})
    return report


def where_clause(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Chroma ``where`` from ``{"key": value | {"$op": value}}``; several keys are AND-ed."""
    if not filters:
        return None
    clauses: list[dict[str, Any]] = []
    for key, value in filters.items():
        if isinstance(value, Mapping) and len(value) > 1:
            # Chroma takes one operator per clause: {"amount": {"$gte": 1, "$lt": 9}} becomes two.
            clauses.extend({key: {op: operand}} for op, operand in value.items())
        else:
            clauses.append({key: value})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
