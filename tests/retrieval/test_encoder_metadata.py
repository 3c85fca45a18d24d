"""A collection records the encoder it was embedded with; another active encoder re-embeds it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.retrieval import store
from underwrite.retrieval.store import ENCODER_KEY, Record, encoder_mismatch, get_client, get_collection
from underwrite.tools.encoder import EMBEDDING_DIM, ENCODER_NAME

RECORDS = [Record(id=f"r{i}", document=f"document {i}", metadata={"n": i}) for i in range(3)]


class _FakeCache:
    """Stands in for the embedding cache: counts what it is asked to embed (no model load)."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: list[str], progress: object = None) -> np.ndarray:
        self.embedded.extend(texts)
        vectors = np.random.default_rng(len(self.embedded)).normal(size=(len(texts), EMBEDDING_DIM))
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("UW_HOME", str(tmp_path))
    monkeypatch.setenv("UW_ENCODER_BACKEND", "torch")
    reset_settings_cache()
    store.reset_clients()
    store._warned.clear()
    yield tmp_path
    store.reset_clients()
    reset_settings_cache()


def test_sync_records_the_encoder_and_a_second_sync_embeds_nothing(home: Path) -> None:
    cache = _FakeCache()
    collection = get_collection("encoder_meta")
    assert store.sync_collection(collection, RECORDS, cache=cache).added == 3  # type: ignore[arg-type]
    assert (collection.metadata or {})[ENCODER_KEY] == ENCODER_NAME
    cache.embedded.clear()
    report = store.sync_collection(get_collection("encoder_meta"), RECORDS, cache=cache)  # type: ignore[arg-type]
    assert (report.unchanged, cache.embedded) == (3, [])


def test_another_active_encoder_warns_then_re_embeds_everything(
    home: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cache = _FakeCache()
    store.sync_collection(get_collection("encoder_meta"), RECORDS, cache=cache)  # type: ignore[arg-type]
    monkeypatch.setattr(store, "encoder_id", lambda: f"{ENCODER_NAME}+int8")
    with caplog.at_level(logging.WARNING, logger=store.__name__):
        collection = get_collection("encoder_meta")
    assert encoder_mismatch(collection) == (ENCODER_NAME, f"{ENCODER_NAME}+int8")
    assert any("drift" in r.getMessage() and "+int8" in r.getMessage() for r in caplog.records)
    cache.embedded.clear()
    report = store.sync_collection(collection, RECORDS, cache=cache)  # type: ignore[arg-type]
    assert (report.updated, report.unchanged) == (3, 0)
    assert sorted(cache.embedded) == sorted(r.document for r in RECORDS)
    reopened = get_collection("encoder_meta")
    assert (reopened.metadata or {})[ENCODER_KEY] == f"{ENCODER_NAME}+int8"
    assert encoder_mismatch(reopened) is None


def test_a_collection_from_before_the_key_counts_as_torch(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    legacy = get_client().create_collection("legacy", configuration={"hnsw": {"space": "cosine"}})
    legacy.add(ids=["a"], documents=["x"], embeddings=[[1.0] + [0.0] * (EMBEDDING_DIM - 1)])
    assert encoder_mismatch(legacy) is None  # torch active: nothing to re-embed
    monkeypatch.setattr(store, "encoder_id", lambda: f"{ENCODER_NAME}+int8")
    assert encoder_mismatch(legacy) == (ENCODER_NAME, f"{ENCODER_NAME}+int8")
    assert encoder_mismatch(get_client().create_collection("empty")) is None  # nothing to drift
