"""What rule findings lead to: the baseline recommendation's precedence, exception and approval
authority, PD grades, required documents; the policy version and the rule table's own validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from underwrite.core.schemas import FindingStatus, Recommendation, RuleFinding, Severity
from underwrite.tools.policy import table as rule_table
from underwrite.tools.policy.rules import (
    POLICY_VERSION,
    approval_authority,
    grade_for_pd,
    missing_documents,
    recommend_from_findings,
    required_documents,
    required_exception_authority,
)
from underwrite.tools.policy.table import RuleTableError


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
