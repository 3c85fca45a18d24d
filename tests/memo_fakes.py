"""Synthetic memo evidence, a score and a clean cited narrative for the memo tests (no real LLM, no
real model). The workflow doubles built on them are in ``agent_fakes``."""

from __future__ import annotations

from underwrite.agent.memo import CitedText, Evidence, MemoNarrative, PolicyEvidence
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import (
    FindingStatus,
    Reason,
    Recommendation,
    RuleFinding,
    Score,
    Severity,
)
from underwrite.tools.policy.rules import grade_for_pd


def make_score(pd: float = 0.04) -> Score:
    return Score(
        pd=pd,
        grade=grade_for_pd(pd),
        model_version="german-lgbm-test",
        reasons=[
            Reason(
                code="R03",
                feature="checking_account_status",
                text="No checking account balance",
                contribution=0.41,
            ),
            Reason(code="R07", feature="loan_term_months", text="Long requested term", contribution=0.22),
            Reason(code="R99", feature="age_years", text="Applicant age", contribution=0.10),
        ],
    )


def make_finding(
    rule_id: str = "AFF-01",
    status: FindingStatus = FindingStatus.passed,
    severity: Severity = Severity.hard,
    value: float = 0.3512,
    limit: float = 0.45,
) -> RuleFinding:
    return RuleFinding(
        rule_id=rule_id,
        section_id="CP-4.2",
        subject="dti",
        operator="<=",
        limit=limit,
        value=value,
        severity=severity,
        status=status,
        message="DTI within the 45% limit",
    )


def make_evidence(*, hard_fail: bool = False, pd: float = 0.04) -> Evidence:
    findings = [make_finding()]
    if hard_fail:
        findings.append(make_finding("ELIG-02", FindingStatus.failed, Severity.hard, value=0.7, limit=0.5))
    return Evidence(
        application_id="german-0007",
        facts={
            "loan_amount": 12500.0,
            "loan_term_months": 36,
            "monthly_net_income": 2450.0,
            "loan_purpose": "car (used)",
            "applicant_name": "Erika Mustermann",
            "age_years": 41,
        },
        ratios={"dti": 0.3512, "pti": 0.1642, "monthly_payment": 400.42, "residual_income": 812.3},
        score=make_score(pd),
        findings=findings,
        policy=[
            PolicyEvidence(
                section_id="CP-4.2",
                title="Debt-to-income limit",
                text="Total DTI must not exceed 45% of net income.",
                score=0.8,
            )
        ],
        precedents=[
            PrecedentHit(
                case_id="german-0420",
                similarity=0.87,
                decision="approve",
                outcome="repaid",
                summary="Used car, 24 months",
            )
        ],
    )


_RATIONALE = {
    Recommendation.decline: "PD of 4% (grade B); the file is declined on the rule findings.",
    Recommendation.refer: "PD of 4% (grade B); the file goes to a person for a decision.",
}
"""A rationale that argues for its own recommendation (the verifier rejects one arguing for another)."""


def clean_narrative(rec: Recommendation = Recommendation.approve) -> MemoNarrative:
    return MemoNarrative(
        summary=CitedText(
            text="The applicant requests EUR 12,500 over 36 months for a used car.",
            citations=["fact:loan_amount", "fact:loan_term_months"],
        ),
        strengths=[
            CitedText(
                text="DTI of 35.1% is inside the 45% limit of CP-4.2.",
                citations=["ratio:dti", "policy:CP-4.2"],
            )
        ],
        recommendation=rec,
        recommendation_rationale=CitedText(
            text=_RATIONALE.get(rec, "PD of 4% (grade B) with all rules met supports approval."),
            citations=["score:pd", "rule:AFF-01"],
        ),
    )
