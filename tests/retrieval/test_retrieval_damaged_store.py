"""Drill: the embedded Chroma store's database file is overwritten with garbage between runs.

Before: every search and memo stopped with "cannot open Chroma (embedded at …): error returned from
database: (code: 26) file is not a database" until someone deleted the folder by hand. The store is
derived data (the manual and the precedent datasets ship with the package), so it is moved aside,
said so in the log, and a new one is opened for the index check to rebuild.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from underwrite.core.settings import get_settings
from underwrite.retrieval import store


@pytest.fixture
def fresh_clients(isolated_home: Path) -> Path:
    store.reset_clients()
    yield isolated_home
    store.reset_clients()


def test_a_damaged_store_is_moved_aside_and_replaced(
    fresh_clients: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chroma_dir = get_settings().chroma_dir
    chroma_dir.mkdir(parents=True)
    (chroma_dir / "chroma.sqlite3").write_bytes(os.urandom(8192))
    with caplog.at_level(logging.WARNING, logger="underwrite.retrieval.store"):
        client = store.get_client()
    assert client.list_collections() == []  # a new, empty store: the index check rebuilds it
    (aside,) = [p for p in chroma_dir.parent.iterdir() if p.name.startswith("chroma.damaged-")]
    assert (aside / "chroma.sqlite3").stat().st_size == 8192  # kept for whoever wants to look
    assert "was damaged" in caplog.text and str(aside) in caplog.text


def test_a_store_that_fails_for_another_reason_is_left_alone(
    fresh_clients: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError("permission denied")

    monkeypatch.setattr(store.chromadb, "PersistentClient", refuse)
    with pytest.raises(store.StoreUnavailableError, match="permission denied"):
        store.get_client()
    assert not [p for p in get_settings().chroma_dir.parent.iterdir() if ".damaged-" in p.name]
