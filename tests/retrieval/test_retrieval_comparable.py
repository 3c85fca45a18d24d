"""Comparable precedents: banded filters, step-by-step relaxation that is reported, ranking."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from underwrite.retrieval.comparable import STEPS, band_filters, comparable_precedents, family_of


def _case(cid: str, amount: float, term: int, purpose: str, sim: float = 0.8) -> SimpleNamespace:
    # A past case already in EUR: its euro amount is its amount (see the currency tests below).
    meta = {"product": "consumer_instalment", "amount": amount, "amount_eur": amount, "term_months": term}
    meta["purpose"] = purpose
    return SimpleNamespace(case_id=cid, similarity=sim, metadata=meta)


def _holds(value: Any, cond: Any) -> bool:
    if not isinstance(cond, dict):
        return bool(value == cond)
    ops = {"$gte": lambda a, b: a >= b, "$lte": lambda a, b: a <= b, "$in": lambda a, b: a in b}
    return all(ops[op](value, arg) for op, arg in cond.items())


def _search(cases: list[SimpleNamespace]):  # type: ignore[no-untyped-def]
    def search(text: str, k: int, filters: dict[str, Any] | None) -> list[SimpleNamespace]:
        return [
            c for c in cases if all(_holds(c.metadata.get(key), f) for key, f in (filters or {}).items())
        ][:k]

    return search


APPLICANT = {"loan_amount": 5117.0, "loan_term_months": 27, "loan_purpose": "car (used)"}


def test_filters_band_amount_term_and_purpose_family() -> None:
    f = band_filters(APPLICANT, "consumer_instalment", STEPS[0])
    assert f["amount_eur"]["$gte"] < 5117 < f["amount_eur"]["$lte"] and f["purpose"]["$in"] == [
        "car (new)",
        "car (used)",
    ]
    assert family_of("radio/television") == family_of("repairs") == "household"


def test_far_cases_are_left_out_when_enough_comparable_ones_exist() -> None:
    cases = [_case("far", 670, 48, "car (used)", 0.99)] + [
        _case(f"near{i}", 5000 + i, 24, "car (new)") for i in range(3)
    ]
    hits, note = comparable_precedents(_search(cases), "t", 5, APPLICANT, "consumer_instalment")
    assert "far" not in {h.case_id for h in hits} and "relaxed" not in note


def test_too_few_matches_relax_the_band_and_say_so() -> None:
    cases = [_case("other-purpose", 5200, 30, "business"), _case("far", 670, 48, "car (used)")]
    hits, note = comparable_precedents(_search(cases), "t", 5, APPLICANT, "consumer_instalment")
    assert "relaxed because too few matched" in note and len(hits) == 2
    assert hits[0].case_id == "other-purpose"  # ranked by closeness in amount and term, not text alone


def test_hits_carry_the_match_score_they_are_ranked_by() -> None:
    from underwrite.core.precedent import PrecedentHit

    # A near-identical text about a far-off loan must rank below a less similar text about a close one,
    # and the score shown beside each case must be the order's key, not the text similarity alone.
    far = PrecedentHit(
        case_id="far", similarity=0.9, metadata={**_case("x", 5000, 27, "car (used)").metadata}
    )
    close = PrecedentHit(
        case_id="close", similarity=0.7, metadata={**_case("y", 5100, 27, "car (used)").metadata}
    )
    far.metadata["amount_eur"] = 14000.0  # still inside the widest band, far on a log scale
    hits, _ = comparable_precedents(lambda t, k, f: [far, close], "q", 2, APPLICANT, "consumer_instalment")
    assert [h.case_id for h in hits] == ["close", "far"]
    keys = [h.comparability for h in hits]
    assert all(k is not None for k in keys) and keys == sorted(keys, reverse=True)
    assert hits[0].comparability != hits[0].similarity or hits[1].comparability != hits[1].similarity


def test_a_generated_packet_never_gets_its_own_row_as_a_precedent() -> None:
    from underwrite.retrieval.comparable import own_case_id

    # Generated packets are German hold-out rows, which are also the index's German precedents.
    assert own_case_id("APP-GER-000902") == own_case_id("APP-SME-000902-2") == "german-00902"
    assert own_case_id("UPL-20261202-ab12") is None and own_case_id("h06_zh_email") is None
    cases = [_case("german-00902", 5117, 27, "car (used)", 0.99)] + [
        _case(f"near{i}", 5000 + i, 24, "car (new)") for i in range(3)
    ]
    hits, _ = comparable_precedents(
        _search(cases), "t", 3, APPLICANT, "consumer_instalment", exclude="german-00902"
    )
    assert [h.case_id for h in hits] == ["near2", "near1", "near0"]  # still k hits without it
