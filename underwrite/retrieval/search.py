"""Policy search (hybrid: section ids + dense + BM25, fused) and precedent search (dense + filters)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from underwrite.core.precedent import PrecedentHit
from underwrite.retrieval.lexical import LexicalIndex, reciprocal_rank_fusion
from underwrite.retrieval.precedents import FILTER_KEYS
from underwrite.retrieval.schemas import (
    PolicyHit,
    PolicySearchResult,
    PolicySection,
    PrecedentSearchResult,
)
from underwrite.retrieval.store import (
    HASH_KEY,
    POLICY_COLLECTION,
    PRECEDENT_COLLECTION,
    get_collection,
    stored_hashes,
    where_clause,
)
from underwrite.tools.policy.manual import find_section_ids, load_manual

MAX_QUERY_CHARS = 2000
"""Longer queries are cut (with a note); the encoder reads only ~256 tokens anyway."""
MAX_K = 100
LOW_RELEVANCE = 0.25
"""Below this best cosine similarity (and with no exact or lexical match) a note says so."""
LEXICAL_WEIGHT = 0.1
"""Hybrid score = cosine similarity + LEXICAL_WEIGHT x (BM25 / best BM25 for the query). Chosen on
evals/retrieval/questions.yaml (0.05-0.3 all beat dense-only on recall@5; equal-weight RRF did not)
and checked on the held-out questions_holdout.yaml, which was written after the weight was fixed."""
SearchMode = Literal["hybrid", "hybrid_rrf", "dense", "lexical"]
_FILTER_OPERATORS = {"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"}


class QueryError(ValueError):
    """The query or its options cannot be searched (empty, bad k, unknown filter)."""


class IndexNotBuiltError(RuntimeError):
    """The collection is empty: run `underwrite index build` (or ensure_index())."""


class SectionNotFoundError(KeyError):
    """No policy section has that id."""


def clean_query(query: str) -> tuple[str, list[str]]:
    """Whitespace-normalised query and notes; raises QueryError when nothing is left."""
    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty query: give a question or keywords, e.g. 'maximum debt-to-income'")
    text = " ".join(query.split())
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"query truncated from {len(text):,} to {MAX_QUERY_CHARS:,} characters")
        text = text[:MAX_QUERY_CHARS]
    return text, notes


def _check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise QueryError(f"k must be between 1 and {MAX_K}, got {k}")


@dataclass
class _PolicyView:
    fingerprint: str
    ids: list[str]
    by_id: dict[str, tuple[str, str, str]]  # id → (title, text, parent)
    lexical: LexicalIndex


_view_cache: dict[str, _PolicyView] = {}


def _policy_view() -> _PolicyView:
    """Sections as indexed in Chroma plus a BM25 index over them, rebuilt when the index changes."""
    collection = get_collection(POLICY_COLLECTION)
    hashes = stored_hashes(collection)
    if not hashes:
        raise IndexNotBuiltError("the policy index is empty: run `underwrite index build` first")
    fingerprint = hashlib.sha256(repr(sorted(hashes.items())).encode()).hexdigest()
    cached = _view_cache.get(collection.name)
    if cached and cached.fingerprint == fingerprint:
        return cached
    got = collection.get(include=["documents", "metadatas"])
    by_id: dict[str, tuple[str, str, str]] = {}
    for record_id, doc, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True):
        meta = meta or {}
        by_id[record_id] = (str(meta.get("title", "")), doc or "", str(meta.get("parent", "")))
    ids = sorted(by_id, key=_section_sort_key)
    view = _PolicyView(fingerprint, ids, by_id, LexicalIndex(ids, [by_id[i][1] for i in ids]))
    _view_cache[collection.name] = view
    return view


def _section_sort_key(section_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in section_id[3:].split("."))


def _exact_ids(query: str, view: _PolicyView) -> list[str]:
    """Sections named in the query; a chapter id (``CP-4``) names all of its sections."""
    out: list[str] = []
    for named in find_section_ids(query):
        matches = [named] if named in view.by_id else [i for i in view.ids if view.by_id[i][2] == named]
        out.extend(m for m in matches if m not in out)
    return out


def search_policy_result(query: str, k: int = 5, mode: SearchMode = "hybrid") -> PolicySearchResult:
    """Policy sections for a question, best first, with notes (truncation, low relevance)."""
    _check_k(k)
    text, notes = clean_query(query)
    view = _policy_view()
    dense = get_collection(POLICY_COLLECTION).query(
        query_texts=[text], n_results=len(view.ids), include=["distances"]
    )
    dense_ids = dense["ids"][0]
    similarity = {i: 1.0 - float(d) for i, d in zip(dense_ids, (dense["distances"] or [[]])[0], strict=True)}
    lexical_scores = dict(zip(view.ids, view.lexical.scores(text).tolist(), strict=True))
    best_lexical = max(lexical_scores.values(), default=0.0)
    lexical_ids = [i for i in sorted(view.ids, key=lambda i: -lexical_scores[i]) if lexical_scores[i] > 0]
    exact = _exact_ids(text, view) if mode in ("hybrid", "hybrid_rrf") else []
    fused: dict[str, float]
    if mode == "dense":
        fused = dict(similarity)
    elif mode == "lexical":
        fused = {i: lexical_scores[i] for i in lexical_ids}
    elif mode == "hybrid_rrf":
        fused = reciprocal_rank_fusion([dense_ids, lexical_ids])
    else:
        norm = best_lexical if best_lexical > 0 else 1.0
        fused = {i: similarity[i] + LEXICAL_WEIGHT * lexical_scores[i] / norm for i in similarity}
    ranked = exact + sorted((i for i in fused if i not in exact), key=lambda i: -fused[i])
    hits = []
    for section_id in ranked[:k]:
        title, body, parent = view.by_id[section_id]
        matched: list[Literal["section_id", "dense", "lexical"]] = []
        if section_id in exact:
            matched.append("section_id")
        if mode != "lexical" and section_id in similarity:
            matched.append("dense")
        if section_id in lexical_ids:
            matched.append("lexical")
        hits.append(
            PolicyHit(
                section_id=section_id,
                title=title,
                text=body,
                score=round(similarity.get(section_id, 0.0), 4),
                rank_score=round(fused.get(section_id, 0.0), 6),
                matched_by=matched,
                parent=parent or None,
            )
        )
    best = max(similarity.values(), default=0.0)
    if best < LOW_RELEVANCE and not exact and not lexical_ids:
        notes.append(
            f"low relevance: best similarity {best:.2f}; no section matches well "
            "(is the question about credit policy, and in English?)"
        )
    return PolicySearchResult(query=text, mode=mode, hits=hits, notes=notes)


def search_policy(query: str, k: int = 5) -> list[PolicyHit]:
    """Top-``k`` policy sections for an underwriter's question (hybrid search).

    Sections whose id the query names (e.g. "CP-4.2") come first; the rest are ranked by fusing
    semantic similarity with keyword (BM25) matches. Each hit's ``score`` is its cosine similarity.
    """
    return search_policy_result(query, k).hits


def get_section(section_id: str) -> PolicySection:
    """The full text of one policy section by id (``CP-4.2``), from the manual in force."""
    wanted = section_id.strip().upper()
    sections = {s.section_id: s for s in load_manual()}
    if wanted not in sections:
        near = [s for s in sections if s.startswith(wanted.split(".")[0] + ".")]
        hint = f"; sections in that chapter: {', '.join(near)}" if near else ""
        raise SectionNotFoundError(f"no policy section {section_id!r}{hint}")
    return sections[wanted]


def _check_filters(filters: Mapping[str, Any] | None) -> None:
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise QueryError(f"unknown precedent filter {key!r}; use one of {', '.join(FILTER_KEYS)}")
        if isinstance(value, dict):
            bad = set(value) - _FILTER_OPERATORS
            if bad or not value:
                raise QueryError(f"filter {key!r}: operators must be among {sorted(_FILTER_OPERATORS)}")
        elif not isinstance(value, str | int | float | bool):
            raise QueryError(f"filter {key!r}: value must be text, a number or an operator dict")


def search_precedents_result(
    text: str, k: int = 5, filters: Mapping[str, Any] | None = None
) -> PrecedentSearchResult:
    _check_k(k)
    _check_filters(filters)
    query, notes = clean_query(text)
    collection = get_collection(PRECEDENT_COLLECTION)
    if collection.count() == 0:
        raise IndexNotBuiltError("the precedent index is empty: run `underwrite index build` first")
    result = collection.query(
        query_texts=[query],
        n_results=k,
        where=where_clause(filters),
        include=["documents", "metadatas", "distances"],
    )
    hits = []
    docs = (result["documents"] or [[]])[0]
    metas = (result["metadatas"] or [[]])[0]
    dists = (result["distances"] or [[]])[0]
    for case_id, doc, meta, dist in zip(result["ids"][0], docs, metas, dists, strict=True):
        metadata = {key: value for key, value in (meta or {}).items() if key != HASH_KEY}
        decision, outcome = str(metadata.get("decision", "")), str(metadata.get("outcome", ""))
        summary = f"{doc} Decision: {decision} (grade {metadata.get('grade', '?')}); outcome: {outcome}."
        hits.append(
            PrecedentHit(
                case_id=case_id,
                similarity=round(1.0 - float(dist), 4),
                decision=decision,
                outcome=outcome,
                summary=summary,
                metadata=metadata,
            )
        )
    if not hits:
        notes.append("no precedent matches these filters")
    return PrecedentSearchResult(
        query=query, filters=dict(filters) if filters else None, hits=hits, notes=notes
    )


def search_precedents(text: str, k: int = 5, filters: Mapping[str, Any] | None = None) -> list[PrecedentHit]:
    """The ``k`` past cases most similar to ``text``, optionally filtered on metadata.

    ``filters`` maps a metadata key (dataset, product, grade, amount, amount_band, term_months,
    purpose, decision, outcome, reference_pd, row) to a value or a Chroma operator dict such as
    ``{"amount": {"$gte": 5000}}``; several keys must all hold.
    """
    return search_precedents_result(text, k, filters).hits
