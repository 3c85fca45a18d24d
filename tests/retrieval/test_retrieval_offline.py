"""Retrieval pieces that need no Chroma: manual parsing, precedent building, query and filter checks."""

from __future__ import annotations

import pytest

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.retrieval.lexical import LexicalIndex, reciprocal_rank_fusion
from underwrite.retrieval.precedents import build_precedents, describe_application, precedent_frame
from underwrite.retrieval.search import MAX_QUERY_CHARS, QueryError, _check_filters, clean_query, get_section
from underwrite.tools.policy.manual import ManualError, find_section_ids, load_manual, parse_manual
from underwrite.tools.policy.table import load_rule_table


def test_manual_has_stable_sections_for_every_rule() -> None:
    sections = load_manual()
    ids = [s.section_id for s in sections]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)
    assert all(s.parent and s.section_id.startswith(s.parent + ".") for s in sections)
    assert {r.section for r in load_rule_table().rules} <= set(ids)
    assert "9.5%" in get_section("CP-9.1").text  # the reference rate ratios.py uses


def test_parse_manual_rejects_broken_structure() -> None:
    with pytest.raises(ManualError, match="duplicate"):
        parse_manual("## CP-1 A\n### CP-1.1 X\ntext\n### CP-1.1 Y\nmore\n")
    with pytest.raises(ManualError, match="no text"):
        parse_manual("## CP-1 A\n### CP-1.1 X\n### CP-1.2 Y\nmore\n")
    with pytest.raises(ManualError, match="inside its chapter"):
        parse_manual("## CP-1 A\n### CP-2.1 X\ntext\n")


def test_get_section_normalises_and_explains() -> None:
    assert get_section(" cp-4.2 ").section_id == "CP-4.2"
    with pytest.raises(KeyError, match=r"CP-4\.1"):
        get_section("CP-4.99")


def test_section_ids_found_in_queries() -> None:
    assert find_section_ids("what do cp-4.2 and CP-10.1 say, and CP-4.2 again?") == ["CP-4.2", "CP-10.1"]
    assert find_section_ids("no ids here") == []


def test_query_validation() -> None:
    for empty in ("", "   \n\t"):
        with pytest.raises(QueryError, match="empty query"):
            clean_query(empty)
    text, notes = clean_query("debt " * 5000)
    assert len(text) == MAX_QUERY_CHARS and "truncated" in notes[0]
    assert clean_query("  DTI   limit ") == ("DTI limit", [])


def test_filter_validation() -> None:
    _check_filters({"outcome": "defaulted", "amount": {"$gte": 1000}})
    with pytest.raises(QueryError, match="unknown precedent filter"):
        _check_filters({"sex": "female"})  # not a precedent attribute: prohibited bases are not stored
    with pytest.raises(QueryError, match="operators"):
        _check_filters({"amount": {"$regex": "1"}})


def test_lexical_index_and_fusion() -> None:
    index = LexicalIndex(["a", "b"], ["debt service coverage ratio", "payslip verification of salary"])
    assert index.rank("coverage of debts")[0][0] == "a"
    assert index.rank("zzzz qqqq") == []
    assert index.rank("Wie hoch darf die Schuldenquote sein?") == []
    fused = reciprocal_rank_fusion([["a", "b"], ["b"]])
    assert fused["b"] > fused["a"]


def test_precedents_come_from_untrained_rows_only() -> None:
    precedents = build_precedents()
    frame = precedent_frame(precedents)
    assert len(precedents) >= 10_000
    german_rows = set(frame.loc[frame.dataset == "german", "row"])
    train, holdout = holdout_split(load_dataset("german"))
    assert german_rows == set(holdout) and not german_rows & set(train)
    assert set(frame.decision) == {"approved"} and set(frame.outcome) == {"repaid", "defaulted"}
    assert set(frame.grade) <= set("ABCDEF")
    assert frame.case_id.is_unique


def test_precedent_text_never_mentions_a_prohibited_basis() -> None:
    values = {
        "product": "consumer_instalment",
        "loan_amount": 5000,
        "loan_term_months": 24,
        "loan_purpose": "car (used)",
        "age_years": 67,
        "sex": "female",
        "marital_status": "divorced",
        "foreign_worker": "yes",
        "monthly_net_income": 2100,
    }
    text = describe_application(values)
    assert "5,000 over 24 months for car (used)" in text and "Monthly income 2,100" in text
    for banned in ("67", "female", "divorced", "foreign"):
        assert banned not in text
    assert {"age_years", "sex"} <= PROTECTED_FIELDS


def test_subset_is_deterministic_and_mixes_datasets() -> None:
    first, second = build_precedents(30), build_precedents(30)
    assert [p.case_id for p in first] == [p.case_id for p in second]
    assert {p.metadata["dataset"] for p in first} == {"german", "credit_data", "lending_club"}
