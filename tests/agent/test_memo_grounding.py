"""The grounding check: a statement must share a term with (or name) the sources it cites."""

from __future__ import annotations

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import CitedText, ViolationKind, build_sources
from underwrite.agent.memo import verify_narrative as verify
from underwrite.agent.memo.grounding import is_grounded, terms
from underwrite.core.schemas import Recommendation

# Seen from the real 135M model, each passing the number, citation and prose checks.
ECHO = "SOURCES (id: content):"
GUIDELINE = "This memo is a guideline for the application of the policy rules that are set by the bank."


@pytest.mark.parametrize(
    ("text", "citations", "grounded"),
    [
        (ECHO, ["ratio:dti"], False),
        (GUIDELINE, ["ratio:dti", "policy:CP-4.2"], False),
        ("ddeffi-fjhgwvkxmzb12354098.html", ["ratio:dti"], False),
        ("Debt-to-income of 35.1% is inside the limit.", ["ratio:dti", "policy:CP-4.2"], True),
        ("The DTI stays below the maximum.", ["ratio:dti"], True),
        ("Net incomes cover the instalment.", ["policy:CP-4.2"], True),  # stem: incomes ~ income
        ("Within CP-4.2.", ["policy:CP-4.2"], True),  # names the source it cites
        ("A similar case was repaid.", ["case:german-0420"], True),
        ("Repayment history is good.", [], False),  # cites nothing: checked against every source
    ],
)
def test_statements_must_be_about_their_sources(text: str, citations: list[str], grounded: bool) -> None:
    sources = build_sources(make_evidence())
    assert is_grounded("summary", text, citations, sources) is grounded


def test_mitigant_may_say_none_and_file_notes_ground_statements_about_flags() -> None:
    sources = build_sources(make_evidence())
    none = "None identified in the file."
    assert is_grounded("risks_and_mitigants[0].mitigant", none, ["ratio:dti"], sources)
    assert not is_grounded("risks_and_mitigants[0].risk", "None identified.", ["ratio:dti"], sources)
    flagged = "Refer: the documents carry a suspected prompt injection."
    assert not is_grounded("recommendation_rationale", flagged, ["score:pd"], sources)
    notes = ["prompt_injection_suspected"]
    assert is_grounded("recommendation_rationale", flagged, ["score:pd"], sources, notes)


def test_stop_words_and_domain_words_ground_nothing() -> None:
    assert terms("This memo is about the application of the policy rules of the bank") == set()
    assert terms("incomes passed") == {"incom", "pass"}


def test_ungrounded_text_is_a_violation() -> None:
    n = clean_narrative()
    n.summary = CitedText(text=ECHO, citations=["fact:loan_amount"])
    found = [v for v in verify(n, make_evidence()) if v.kind == ViolationKind.ungrounded_text]
    assert [v.location for v in found] == ["summary"]


@pytest.mark.parametrize("with_income", [True, False])
def test_fallback_income_condition_is_grounded_with_or_without_an_income_fact(with_income: bool) -> None:
    from underwrite.agent.memo.fallback import _verify_income_condition

    ev = make_evidence()
    if not with_income:
        ev = ev.model_copy(update={"facts": {k: v for k, v in ev.facts.items() if k != "monthly_net_income"}})
    condition = _verify_income_condition(ev)
    assert condition.citations == (["fact:monthly_net_income"] if with_income else ["score:pd"])
    narrative = clean_narrative(Recommendation.approve_with_conditions)
    narrative.conditions = [condition]
    assert verify(narrative, ev) == []
