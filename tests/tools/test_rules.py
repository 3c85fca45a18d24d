"""The deterministic rule engine: operators, boundaries, missing facts, conditions, products.
What the findings lead to (recommendation, authorities, grades) is in ``test_policy_outcomes``."""

from __future__ import annotations

import math

import pytest

from underwrite.core.schemas import FindingStatus, Recommendation
from underwrite.tools.checks.ratios import compute_ratios
from underwrite.tools.policy.rules import (
    evaluate_rule,
    evaluate_rules,
    recommend_from_findings,
    required_exception_authority,
)
from underwrite.tools.policy.table import Rule


def _rule(operator: str, limit: object, **extra: object) -> Rule:
    return Rule.model_validate(
        {
            "id": "T-1",
            "section": "CP-4.2",
            "subject": "dti",
            "operator": operator,
            "limit": limit,
            "severity": "soft",
            "products": ["consumer_instalment"],
            "message": "test rule",
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("operator", "equal_passes"),
    [("<=", True), (">=", True), ("<", False), (">", False), ("==", True), ("!=", False)],
)
def test_value_equal_to_limit(operator: str, equal_passes: bool) -> None:
    finding = evaluate_rule(_rule(operator, 0.45), {"dti": 0.45})
    assert finding is not None
    assert finding.status is (FindingStatus.passed if equal_passes else FindingStatus.failed)
    assert finding.value == 0.45 and finding.limit == 0.45


@pytest.mark.parametrize(
    ("operator", "below", "above"),
    [("<=", True, False), ("<", True, False), (">=", False, True), (">", False, True)],
)
def test_values_either_side_of_limit(operator: str, below: bool, above: bool) -> None:
    status = {True: FindingStatus.passed, False: FindingStatus.failed}
    assert evaluate_rule(_rule(operator, 0.45), {"dti": 0.4499}).status is status[below]  # type: ignore[union-attr]
    assert evaluate_rule(_rule(operator, 0.45), {"dti": 0.4501}).status is status[above]  # type: ignore[union-attr]


def test_float_noise_at_the_boundary_counts_as_equal() -> None:
    # 0.1 + 0.2 + 0.15 is 0.45000000000000007 in binary floating point.
    assert evaluate_rule(_rule("<=", 0.45), {"dti": 0.1 + 0.2 + 0.15}).status is FindingStatus.passed  # type: ignore[union-attr]
    assert evaluate_rule(_rule(">", 0.45), {"dti": 0.1 + 0.2 + 0.15}).status is FindingStatus.failed  # type: ignore[union-attr]


@pytest.mark.parametrize("value", [None, math.nan, "", "   ", "n/a", True])
def test_missing_or_unusable_value_cannot_be_evaluated(value: object) -> None:
    finding = evaluate_rule(_rule("<=", 0.45), {"dti": value})
    assert finding is not None and finding.status is FindingStatus.cannot_evaluate


def test_absent_subject_cannot_be_evaluated_never_passes() -> None:
    finding = evaluate_rule(_rule("<=", 0.45), {})
    assert finding is not None
    assert finding.status is FindingStatus.cannot_evaluate
    assert "dti is missing" in finding.message


def test_numeric_strings_are_compared_as_numbers() -> None:
    assert evaluate_rule(_rule("<=", 0.45), {"dti": "0.45"}).status is FindingStatus.passed  # type: ignore[union-attr]


def test_membership_operators_are_case_insensitive() -> None:
    rule = _rule("in", ["guarantor", "co-applicant"], subject="guarantors")
    assert evaluate_rule(rule, {"guarantors": "Guarantor"}).status is FindingStatus.passed  # type: ignore[union-attr]
    assert evaluate_rule(rule, {"guarantors": "none"}).status is FindingStatus.failed  # type: ignore[union-attr]
    not_in = _rule("not_in", ["yes"], subject="public_records")
    assert evaluate_rule(not_in, {"public_records": "YES"}).status is FindingStatus.failed  # type: ignore[union-attr]
    assert evaluate_rule(not_in, {"public_records": "no"}).status is FindingStatus.passed  # type: ignore[union-attr]


def test_exists_operator() -> None:
    rule = _rule("exists", None, subject="monthly_expenses")
    assert evaluate_rule(rule, {"monthly_expenses": 0}).status is FindingStatus.passed  # type: ignore[union-attr]
    assert evaluate_rule(rule, {}).status is FindingStatus.cannot_evaluate  # type: ignore[union-attr]


def test_conditional_rule() -> None:
    rule = _rule(
        "in",
        ["guarantor"],
        subject="guarantors",
        when={"subject": "loan_amount", "operator": ">", "limit": 25000},
    )
    assert evaluate_rule(rule, {"loan_amount": 25000, "guarantors": "none"}) is None  # not > 25000
    assert evaluate_rule(rule, {"loan_amount": 25001, "guarantors": "none"}).status is FindingStatus.failed  # type: ignore[union-attr]
    unknown = evaluate_rule(rule, {"guarantors": "none"})
    assert unknown is not None and unknown.status is FindingStatus.cannot_evaluate


def _consumer_values(**overrides: float) -> dict[str, float | str]:
    values: dict[str, float | str] = {
        "product": "consumer_instalment",
        "loan_amount": 10_000,
        "loan_term_months": 36,
        "interest_rate_pct": 12.0,
        "monthly_net_income": 3_000,
        "monthly_debt_payments": 100,
        "monthly_housing_cost": 700,
        "monthly_expenses": 600,
        "delinquencies_2y": 0,
        "public_records": "no",
        "credit_history": "existing credits paid back duly till now",
        "inquiries_6m": 1,
        "revolving_utilization_pct": 30,
        "employment_years": 5,
        "annual_income": 40_000,
        **overrides,
    }
    return {**values, **{k: v for k, v in compute_ratios(values).as_values().items() if v is not None}}


def test_policy_dti_limit_is_inclusive() -> None:
    at_limit = {
        f.rule_id: f for f in evaluate_rules({**_consumer_values(), "dti": 0.50}, "consumer_instalment")
    }
    assert at_limit["AFF-DTI-HARD"].status is FindingStatus.passed
    assert at_limit["AFF-DTI-SOFT"].status is FindingStatus.failed
    over = {
        f.rule_id: f for f in evaluate_rules({**_consumer_values(), "dti": 0.5001}, "consumer_instalment")
    }
    assert over["AFF-DTI-HARD"].status is FindingStatus.failed
    assert over["AFF-DTI-HARD"].section_id == "CP-4.2" and over["AFF-DTI-HARD"].limit == 0.5


def test_clean_consumer_file_passes_everything_and_is_approved() -> None:
    findings = evaluate_rules(_consumer_values(), "consumer_instalment")
    assert findings and all(f.status is FindingStatus.passed for f in findings), [
        (f.rule_id, f.status, f.value) for f in findings if f.status is not FindingStatus.passed
    ]
    assert {f.section_id for f in findings} >= {"CP-2.2", "CP-4.2", "CP-4.3", "CP-4.4"}
    assert recommend_from_findings(findings, pd=0.03, grade=None) is Recommendation.approve
    assert required_exception_authority(findings) is None


def test_product_applicability() -> None:
    sme = {f.rule_id for f in evaluate_rules({"product": "sme_term_loan"}, "sme_term_loan")}
    consumer = {f.rule_id for f in evaluate_rules({}, "consumer_instalment")}
    assert "SME-DSCR-HARD" in sme and "AFF-DTI-HARD" not in sme
    assert "AFF-DTI-HARD" in consumer and "SME-DSCR-HARD" not in consumer
    with pytest.raises(ValueError, match="unknown product"):
        evaluate_rules({}, "mortgage")
