"""Lexical side of hybrid search: BM25 (bm25s, Snowball-stemmed) over policy sections, and fusion.

Dense embeddings miss exact vocabulary an underwriter types ("DSCR", "Reg B", "pay slip"); BM25
catches it. The two rankings are merged by reciprocal-rank fusion, which needs no score scaling.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")
RRF_K = 60


def _tokens(texts: list[str]) -> list[list[str]]:
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)
    return tokens


class LexicalIndex:
    """BM25 over a fixed list of documents identified by ``ids``."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        if len(ids) != len(texts) or not ids:
            raise ValueError("LexicalIndex needs one text per id and at least one document")
        self.ids = list(ids)
        self._bm25 = bm25s.BM25()
        self._bm25.index(_tokens(list(texts)), show_progress=False)
        self._vocab: dict[str, int] = dict(self._bm25.vocab_dict)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document (zeros when no query term is in the vocabulary)."""
        known = [t for t in _tokens([query])[0] if t in self._vocab]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def rank(self, query: str) -> list[tuple[str, float]]:
        """(id, score) of documents with a positive score, best first."""
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Σ 1/(k + rank) over the rankings each id appears in (rank starts at 1)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused
