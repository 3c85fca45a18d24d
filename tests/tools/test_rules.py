"""The deterministic rule engine: boundaries, missing facts, precedence of the baseline recommendation."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from underwrite.core.schemas import FindingStatus, Recommendation, RuleFinding, Severity
from underwrite.tools.checks.ratios import compute_ratios
from underwrite.tools.policy import table as rule_table
from underwrite.tools.policy.rules import (
    POLICY_VERSION,
    approval_authority,
    evaluate_rule,
    evaluate_rules,
    grade_for_pd,
    missing_documents,
    recommend_from_findings,
    required_documents,
    required_exception_authority,
)
from underwrite.tools.policy.table import Rule, RuleTableError


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


def _f(rule_id: str, severity: str, status: str) -> RuleFinding:
    return RuleFinding(
        rule_id=rule_id,
        section_id="CP-4.2",
        subject="dti",
        operator="<=",
        limit=0.5,
        value=0.6,
        severity=Severity(severity),
        status=FindingStatus(status),
        message="m",
    )


def test_exception_authority_is_the_highest_level_among_failed_hard_rules() -> None:
    findings = [
        _f("HIST-DELINQ-HARD", "hard", "fail"),  # L2
        _f("AFF-DTI-HARD", "hard", "fail"),  # L3
        _f("SME-DSCR-HARD", "hard", "pass"),  # L4 but passed
        _f("SME-LEVERAGE-HARD", "hard", "cannot_evaluate"),  # L4 but not a failure
    ]
    assert required_exception_authority(findings) == "L3"
    assert required_exception_authority([_f("AFF-DTI-SOFT", "soft", "fail")]) is None


@pytest.mark.parametrize(
    ("findings", "pd", "grade", "expected"),
    [
        ([_f("AFF-DTI-HARD", "hard", "fail")], 0.01, None, Recommendation.decline),
        ([_f("AFF-DTI-HARD", "hard", "cannot_evaluate")], 0.01, None, Recommendation.refer),
        ([_f("AFF-DTI-SOFT", "soft", "fail")], 0.01, None, Recommendation.approve_with_conditions),
        ([_f("AFF-DTI-SOFT", "soft", "cannot_evaluate")], 0.01, None, Recommendation.approve_with_conditions),
        ([_f("AFF-DTI-HARD", "hard", "pass")], 0.01, None, Recommendation.approve),
        ([], 0.15, None, Recommendation.approve_with_conditions),  # grade D
        ([], 0.25, None, Recommendation.refer),  # grade E
        ([], 0.50, None, Recommendation.decline),  # grade F
        ([], None, None, Recommendation.refer),  # no score at all
        ([], 0.50, "A", Recommendation.approve),  # an explicit grade wins over the PD
        ([_f("AFF-DTI-HARD", "hard", "cannot_evaluate")], 0.5, None, Recommendation.decline),
    ],
)
def test_baseline_recommendation_precedence(
    findings: list[RuleFinding], pd: float | None, grade: str | None, expected: Recommendation
) -> None:
    assert recommend_from_findings(findings, pd, grade) is expected


def test_integrity_flags_and_missing_documents_refer() -> None:
    assert recommend_from_findings([], 0.01, None, integrity_flags=["hidden_text"]) is Recommendation.refer
    assert (
        recommend_from_findings([_f("X", "hard", "fail")], 0.01, None, missing_document_kinds=["payslip"])
        is Recommendation.refer
    )
    with pytest.raises(ValueError, match="unknown grade"):
        recommend_from_findings([], None, "Z")


@pytest.mark.parametrize(
    ("pd", "grade"),
    [(0.0, "A"), (0.0199, "A"), (0.02, "B"), (0.10, "D"), (0.3499, "E"), (0.35, "F"), (1.0, "F")],
)
def test_grade_boundaries_belong_to_the_worse_grade(pd: float, grade: str) -> None:
    assert grade_for_pd(pd) == grade


def test_grade_rejects_impossible_pd() -> None:
    with pytest.raises(ValueError):
        grade_for_pd(1.2)


def test_required_documents_machine_readable() -> None:
    assert required_documents("consumer_instalment") == [
        ["application_form"],
        ["bank_statement"],
        ["payslip", "employer_letter"],
        ["credit_report"],
    ]
    on_file = ["application_form", "bank_statement", "employer_letter", "credit_report"]
    assert missing_documents("consumer_instalment", on_file) == []
    assert missing_documents("consumer_instalment", on_file[:3]) == ["credit_report"]
    assert missing_documents("sme_term_loan", {"application_form", "bank_statement"}) == [
        "profit_and_loss",
        "cover_letter",
        "credit_report",
    ]


def test_approval_authority_by_amount() -> None:
    assert approval_authority(15_000, "consumer_instalment") == "L1"
    assert approval_authority(15_001, "consumer_instalment") == "L2"
    assert approval_authority(250_000, "sme_term_loan") == "L3"
    with pytest.raises(ValueError):
        approval_authority(600_000, "sme_term_loan")


def _copy_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_text: str | None = None) -> Path:
    manual = tmp_path / "credit_policy.md"
    rules = tmp_path / "rules.yaml"
    manual.write_text(rule_table.MANUAL_PATH.read_text())
    rules.write_text(rules_text if rules_text is not None else rule_table.RULES_PATH.read_text())
    monkeypatch.setattr(rule_table, "MANUAL_PATH", manual)
    monkeypatch.setattr(rule_table, "RULES_PATH", rules)
    rule_table.load_rule_table.cache_clear()
    return manual


def test_policy_version_tracks_both_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert POLICY_VERSION.startswith("2026.1+") and len(POLICY_VERSION.split("+")[1]) == 12
    manual = _copy_policy(tmp_path, monkeypatch)
    try:
        assert rule_table.compute_policy_version() == POLICY_VERSION
        manual.write_text(manual.read_text().replace("at least EUR 300 per", "at least EUR 350 per"))
        assert rule_table.compute_policy_version() != POLICY_VERSION
    finally:
        rule_table.load_rule_table.cache_clear()


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("subject: employment_years", "subject: age_years", "prohibited basis"),
        ("section: CP-5.2", "section: CP-5.9", "does not have"),
        ("subject: employment_years", "subject: shoe_size", "unknown subject"),
        ("reference_annual_rate_pct: 9.5", "reference_annual_rate_pct: 8.0", "reference rate"),
    ],
)
def test_rule_table_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, error: str
) -> None:
    text = rule_table.RULES_PATH.read_text()
    assert old in text
    _copy_policy(tmp_path, monkeypatch, text.replace(old, new, 1))
    try:
        with pytest.raises(RuleTableError, match=error):
            rule_table.load_rule_table()
    finally:
        rule_table.load_rule_table.cache_clear()
