"""The whole-decision what-if: score, ratios, rules and recommendation re-run on changed inputs.

The score comes from a real LightGBM bundle trained on a 400-row German slice (the session's
``small_score_model``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from underwrite.agent.limits import ratio_checks
from underwrite.agent.whatif import WhatIfChanges, decision_what_if
from underwrite.core.datasets import load_dataset
from underwrite.core.schemas import (
    Application,
    Document,
    Fact,
    FactMethod,
    FindingStatus,
    MediaType,
    Page,
    Recommendation,
)
from underwrite.tools.policy.rules import evaluate_rules

GERMAN = load_dataset("german")
# A real German row (every model input present, so the score is reliable) plus affordability facts.
FACTS: dict[str, float | str] = {
    **{k: v for k, v in GERMAN.frame.iloc[0].to_dict().items() if k != "target"},
    "loan_amount": 6000.0,
    "loan_term_months": 24.0,
    "monthly_net_income": 3000.0,
    "monthly_debt_payments": 200.0,
}
KINDS = ["application_form", "bank_statement", "payslip", "credit_report"]


@pytest.fixture(scope="module")
def bundle(small_score_model: Path) -> Path:
    """The suite's small real model (tests/score_models.py), trained once per session; read-only."""
    return small_score_model


def _app(**overrides: float | str) -> Application:
    docs = [
        Document(
            doc_id=f"d{i}",
            filename=f"{k}.txt",
            media_type=MediaType.text,
            sha256="0" * 64,
            size_bytes=1,
            pages=[Page(number=1, text="x")],
            kind=k,
        )
        for i, k in enumerate(KINDS)
    ]
    facts = {**FACTS, **overrides}
    return Application(
        application_id="w-1",
        documents=docs,
        facts=[Fact(name=k, value=v, method=FactMethod.form) for k, v in facts.items()],
    )


def test_income_change_moves_ratios_rules_and_recommendation(bundle: Path) -> None:
    result = decision_what_if(_app(), {"monthly_net_income": 700.0}, bundle=bundle)
    base = {r.name: r for r in result.base.ratios}
    changed = {r.name: r for r in result.changed.ratios}
    assert changed["dti"].value is not None and base["dti"].value is not None
    assert changed["dti"].value > base["dti"].value * 3  # income fell to under a quarter
    assert base["dti"].outcome == "within" and changed["dti"].outcome == "hard_breach"
    assert "AFF-DTI-HARD" in result.changed_rules
    assert result.changed.recommendation is Recommendation.decline
    assert result.base.recommendation is not Recommendation.decline


def test_delta_is_in_percentage_points_and_term_is_whole(bundle: Path) -> None:
    result = decision_what_if(_app(), {"loan_term_months": 60.0}, bundle=bundle)
    expected = (result.changed.score.pd - result.base.score.pd) * 100
    assert result.delta_pd_pp == pytest.approx(expected, abs=1e-3)
    assert result.changes == {"loan_term_months": 60.0}


def test_file_flags_keep_the_file_referred(bundle: Path) -> None:
    result = decision_what_if(
        _app(), {"loan_amount": 5000.0}, file_flags=["prompt_injection_suspected"], bundle=bundle
    )
    assert result.changed.recommendation is Recommendation.refer
    assert result.changed.integrity_flags == ["prompt_injection_suspected"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"loan_term_months": -12.0}, "whole number of months"),
        ({"loan_term_months": 12.5}, "whole number of months"),
        ({"loan_amount": 0.0}, "more than 0"),
        ({"monthly_debt_payments": -1.0}, "cannot be negative"),
        ({"interest_rate_pct": 150.0}, "under 100"),
        ({"monthly_net_income": float("nan")}, "must be a number"),
        ({"age_years": 30.0}, "cannot change"),
        ({}, "at least 1"),
    ],
)
def test_invalid_changes_are_refused_in_words(changes: dict[str, float], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        WhatIfChanges(changes=changes)


def test_ratio_checks_carry_both_limits_and_the_worst_outcome() -> None:
    values = {**FACTS, "dti": 0.45, "pti": 0.1, "residual_income": 900.0}
    findings = evaluate_rules(values, "consumer_instalment")
    checks = {c.name: c for c in ratio_checks({"dti": 0.45, "pti": 0.1, "monthly_payment": 280.0}, findings)}
    assert checks["dti"].soft_limit == "<= 40.0%" and checks["dti"].hard_limit == "<= 50.0%"
    assert checks["dti"].outcome == "soft_breach"
    assert checks["pti"].outcome == "within"
    assert checks["monthly_payment"].outcome == "no_limit"
    assert any(f.status is FindingStatus.failed for f in findings if f.rule_id == "AFF-DTI-SOFT")
