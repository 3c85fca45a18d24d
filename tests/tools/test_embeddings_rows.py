"""Embeddings are shared text by text within a process: an overlapping list embeds only new texts."""

from __future__ import annotations

import numpy as np
import pytest

from underwrite.tools.scoring import embeddings


def test_an_overlapping_list_embeds_only_the_texts_not_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[float(len(t)), float(ord(t[0]))] for t in texts], dtype=np.float32)

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    monkeypatch.setattr(embeddings, "_ROWS", {})
    first = embeddings.embed_cached(["alpha", "be"])
    second = embeddings.embed_cached(["be", "cee", "alpha", "cee"])
    assert calls == [["alpha", "be"], ["cee"]]  # the repeat of "cee" is embedded once
    np.testing.assert_array_equal(second[[0, 2]], first[[1, 0]])
    np.testing.assert_array_equal(second[1], second[3])
    assert second.shape == (4, 2) and second.dtype == np.float32
    again = embeddings.embed_cached(["be", "cee", "alpha", "cee"])  # the same list: read from disk
    assert len(calls) == 2 and np.array_equal(again, second)
