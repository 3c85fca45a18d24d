"""Chroma-backed retrieval on a small index (policy + 200 precedents), built once per module."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromadb.api.models.Collection import Collection
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.cli.retrieval import parse_filters
from underwrite.core.settings import reset_settings_cache
from underwrite.retrieval import index as index_mod
from underwrite.retrieval.embedding import EmbeddingCache
from underwrite.retrieval.index import build_index, ensure_index, forget_ensured, policy_records
from underwrite.retrieval.precedents import build_precedents, precedent_frame
from underwrite.retrieval.search import (
    IndexNotBuiltError,
    QueryError,
    search_policy,
    search_policy_result,
    search_precedents,
)
from underwrite.retrieval.store import (
    POLICY_COLLECTION,
    PRECEDENT_COLLECTION,
    get_collection,
    reset_clients,
    sync_collection,
)
from underwrite.tools.policy.manual import load_manual, parse_manual
from underwrite.tools.policy.table import MANUAL_PATH

N_PRECEDENTS = 200


@pytest.fixture(scope="module")
def index_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("retrieval_index")
    previous = os.environ.get("UW_HOME")
    os.environ["UW_HOME"] = str(home)
    reset_settings_cache()
    reset_clients()
    forget_ensured()
    try:
        build_index(precedent_limit=N_PRECEDENTS)
    finally:
        if previous is not None:
            os.environ["UW_HOME"] = previous
        reset_settings_cache()
        reset_clients()
    return home


@pytest.fixture
def built(index_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("UW_HOME", str(index_home))
    reset_settings_cache()
    reset_clients()
    forget_ensured()
    yield index_home
    reset_settings_cache()
    reset_clients()
    forget_ensured()


class _UpsertCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.ids: list[str] = []
        original = Collection.upsert

        def counting(collection: Collection, *args: object, **kwargs: object) -> None:
            self.calls += 1
            self.ids.extend(kwargs.get("ids", []))  # type: ignore[arg-type]
            original(collection, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Collection, "upsert", counting)


def test_rebuild_changes_nothing(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = _UpsertCounter(monkeypatch)
    report = build_index(precedent_limit=N_PRECEDENTS)
    assert counter.calls == 0
    assert (report.policy.added, report.policy.updated, report.policy.deleted) == (0, 0, 0)
    assert report.policy.unchanged == len(load_manual())
    assert report.precedents is not None and report.precedents.unchanged == N_PRECEDENTS
    assert report.precedents.upserts == 0 and report.precedents.deleted == 0


def test_ensure_index_is_cheap_when_current(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "build_precedents", lambda *a, **k: pytest.fail("rebuilt precedents"))
    report = ensure_index(precedent_limit=N_PRECEDENTS)
    assert report is not None and report.precedents is not None
    assert report.precedents.unchanged == N_PRECEDENTS and report.policy.upserts == 0
    assert ensure_index(precedent_limit=N_PRECEDENTS) is None  # already ensured in this process


def test_edited_section_replaces_only_that_section(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A separate collection, so the module's shared index stays as built.
    collection = get_collection("policy_edit_test")
    cache = EmbeddingCache()
    original = MANUAL_PATH.read_text()
    first = sync_collection(collection, policy_records(parse_manual(original)), cache=cache)
    assert first.added == len(load_manual())

    edited = original.replace("must not exceed 50% of net", "must not exceed 45% of net")
    assert edited != original
    counter = _UpsertCounter(monkeypatch)
    report = sync_collection(collection, policy_records(parse_manual(edited)), cache=cache)
    assert (report.added, report.updated, report.deleted) == (0, 1, 0)
    assert counter.ids == ["CP-4.2"]
    assert "45% of net" in (collection.get(ids=["CP-4.2"])["documents"] or [""])[0]

    start = edited.index("### CP-15.2")
    removed = edited[:start]
    report = sync_collection(collection, policy_records(parse_manual(removed)), cache=cache)
    assert (report.added, report.updated, report.deleted) == (0, 0, 1)
    assert collection.get(ids=["CP-15.2"])["ids"] == []


def test_policy_search_finds_the_right_section(built: Path) -> None:
    hits = search_policy("how much of the applicant's income can go on debt payments, rent included?", k=5)
    assert "CP-4.2" in [h.section_id for h in hits]
    assert all(h.text and h.title for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.rank_score)


def test_section_id_in_query_comes_first(built: Path) -> None:
    hits = search_policy("what does cp-7.2 require?", k=3)
    assert hits[0].section_id == "CP-7.2" and "section_id" in hits[0].matched_by
    chapter = search_policy("CP-12", k=5)
    assert [h.section_id for h in chapter[:3]] == ["CP-12.1", "CP-12.2", "CP-12.3"]


def test_non_english_query_answers_with_low_scores(built: Path) -> None:
    result = search_policy_result("Wie hoch darf die Schuldenquote sein? 借款人的收入", k=3)
    assert len(result.hits) == 3
    assert max(h.score for h in result.hits) < 0.3
    assert any("low relevance" in note for note in result.notes)


def test_empty_and_huge_queries(built: Path) -> None:
    with pytest.raises(QueryError, match="empty query"):
        search_policy("   ")
    with pytest.raises(QueryError, match="empty query"):
        search_precedents("")
    result = search_policy_result("debt to income limit " * 3000, k=2)
    assert len(result.hits) == 2 and any("truncated" in n for n in result.notes)
    with pytest.raises(QueryError, match="k must be"):
        search_policy("dti", k=0)


@pytest.mark.parametrize(
    "filters",
    [
        {"outcome": "defaulted"},
        {"dataset": "german", "grade": "F"},
        {"amount": {"$gte": 5000}, "outcome": "repaid"},
        {"amount_band": "under_2500", "term_months": {"$lte": 24}},
        {"purpose": "car (new)"},
    ],
)
def test_precedent_filters_are_exact(built: Path, filters: dict[str, object]) -> None:
    frame = precedent_frame(build_precedents(N_PRECEDENTS))
    mask = frame.case_id.notna()
    for key, cond in filters.items():
        if isinstance(cond, dict):
            ((op, value),) = cond.items()
            mask &= {"$gte": frame[key] >= value, "$lte": frame[key] <= value}[op]
        else:
            mask &= frame[key] == cond
    matching = set(frame.loc[mask, "case_id"])
    assert matching, "filter matches nothing in the subset; pick another"
    hits = search_precedents("consumer loan for a car, employed, owns home", k=100, filters=filters)
    assert {h.case_id for h in hits} == matching  # k above the match count: exactly the matching set
    few = search_precedents("consumer loan for a car, employed, owns home", k=3, filters=filters)
    assert len(few) == min(3, len(matching)) and {h.case_id for h in few} <= matching
    assert few == sorted(few, key=lambda h: -h.similarity)


def test_precedent_hit_shape(built: Path) -> None:
    hit = search_precedents("loan of 2,000 over 12 months for furniture/equipment", k=1)[0]
    assert hit.decision == "approved" and hit.outcome in {"repaid", "defaulted"}
    assert hit.summary.endswith(f"outcome: {hit.outcome}.")
    assert {"product", "grade", "amount", "purpose", "dataset", "row"} <= set(hit.metadata)
    assert "content_hash" not in hit.metadata and 0.0 < hit.similarity <= 1.0


def test_precedent_search_without_index_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(IndexNotBuiltError, match="index build"):
        search_precedents("anything")


def test_parse_cli_filters() -> None:
    assert parse_filters(["outcome=defaulted", "amount>=5000", "amount<9000.5", "grade!=F"]) == {
        "outcome": "defaulted",
        "amount": {"$gte": 5000, "$lt": 9000.5},
        "grade": {"$ne": "F"},
    }
    with pytest.raises(ValueError, match="needs a number"):
        parse_filters(["grade>=C"])
    with pytest.raises(ValueError, match="bad filter"):
        parse_filters(["nonsense"])


runner = CliRunner()


def test_cli_search_json(built: Path) -> None:
    result = runner.invoke(app, ["search", "maximum leverage for a business loan", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["hits"]) == 3 and payload["mode"] == "hybrid"
    assert {"section_id", "title", "text", "score"} <= set(payload["hits"][0])
    assert "CP-7.2" in [h["section_id"] for h in payload["hits"]]

    result = runner.invoke(
        app,
        ["search", "car loan", "--precedents", "--k", "2", "--filter", "outcome=defaulted", "--json"],
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 2 and all(h["outcome"] == "defaulted" for h in hits)


def test_cli_search_errors(built: Path) -> None:
    result = runner.invoke(app, ["search", "  "])
    assert result.exit_code == 1 and "empty query" in result.stderr
    result = runner.invoke(app, ["search", "x", "--precedents", "--filter", "sex=female"])
    assert result.exit_code == 1 and "unknown precedent filter" in result.stderr
    result = runner.invoke(app, ["search", "x", "--filter", "outcome=repaid"])
    assert result.exit_code == 1 and "--precedents" in result.stderr


def test_cli_index_build_reports_counts(built: Path) -> None:
    result = runner.invoke(app, ["index", "build", "--precedent-limit", str(N_PRECEDENTS), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["policy"]["added"] == 0 and payload["policy"]["updated"] == 0
    assert payload["precedents"]["unchanged"] == N_PRECEDENTS
    assert get_collection(POLICY_COLLECTION).count() == len(load_manual())
    assert get_collection(PRECEDENT_COLLECTION).count() == N_PRECEDENTS


def test_ensure_index_keeps_a_deliberately_limited_index(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo builds a smaller index; a later ensure_index() with no limit configured must not
    # silently re-embed every precedent.
    monkeypatch.delenv("UW_PRECEDENT_LIMIT", raising=False)
    reset_settings_cache()
    report = ensure_index()
    assert report is not None
    assert report.precedents.unchanged == N_PRECEDENTS
    assert report.precedents.added == 0 and report.precedents.deleted == 0
    assert get_collection(PRECEDENT_COLLECTION).count() == N_PRECEDENTS
