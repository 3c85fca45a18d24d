"""The deterministic narrative says what an underwriter would sign (issue 17 part 4): ranked
strengths without trivial passes, risks with their mitigants, nothing repeated."""

from __future__ import annotations

from memo_fakes import make_evidence

from underwrite.agent.memo import Evidence, deterministic_narrative, verify_narrative
from underwrite.agent.memo.fallback import build_narrative
from underwrite.agent.memo.risks import NONE_IN_FILE
from underwrite.agent.memo.strengths import MIN_MARGIN, ranked_strengths
from underwrite.core.schemas import FindingStatus, Reason, Recommendation, RuleFinding, Score, Severity


def _finding(rule_id: str, subject: str, op: str, limit: float, value: float, **kw: object) -> RuleFinding:
    passed = {"<=": value <= limit, ">=": value >= limit, ">": value > limit}[op]
    return RuleFinding(
        rule_id=rule_id,
        section_id=str(kw.get("section", "CP-4.2")),
        subject=subject,
        operator=op,
        limit=limit,
        value=value,
        severity=Severity(str(kw.get("severity", "soft"))),
        status=FindingStatus.passed if passed else FindingStatus.failed,
        message=str(kw.get("message", f"{subject} limit")),
    )


def _ev(
    findings: list[RuleFinding], pd: float = 0.12, reasons: list[Reason] | None = None, **kw: object
) -> Evidence:
    ratios = {
        f.subject: float(f.value) for f in findings if f.subject in ("dti", "pti", "lti", "residual_income")
    }
    facts = {
        "loan_amount": 6143.0,
        "loan_term_months": 27,
        **{f.subject: f.value for f in findings if f.subject not in ratios},
    }
    return Evidence(
        application_id="APP-T-1",
        facts=facts,
        ratios=ratios,
        score=Score(pd=pd, grade="D" if pd >= 0.1 else "B", model_version="t", reasons=reasons or []),
        findings=findings,
        **kw,  # type: ignore[arg-type]
    )


def test_a_minimum_amount_is_not_a_strength_and_nothing_is_repeated() -> None:
    amount = [
        _finding(
            f"ELIG-AMOUNT-MIN-{i}", "loan_amount", ">=", 1000.0, 6143.0, severity="hard", section="CP-2.2"
        )
        for i in range(4)
    ]
    ev = _ev(amount)
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    assert [s.text for s in n.strengths] == [
        "No strength stands out: no limit is met with a comfortable margin, and the probability of default "
        "of 12% (grade D) is not low."
    ]
    assert not any("loan amount" in s.text.lower() or "6,143" in s.text for s in n.strengths)


def test_strengths_are_ranked_by_weighted_margin_one_per_subject() -> None:
    findings = [
        _finding("AFF-DTI-HARD", "dti", "<=", 0.5, 0.36, severity="hard"),
        _finding("AFF-DTI-SOFT", "dti", "<=", 0.4, 0.36),  # 10% room on the tighter limit
        _finding("AFF-PTI-SOFT", "pti", "<=", 0.2, 0.08, section="CP-4.3"),  # 60% room
        _finding("AFF-RESIDUAL-SOFT", "residual_income", ">=", 600.0, 780.0, section="CP-4.4"),  # 30%
        _finding("EMP-TENURE", "employment_years", ">=", 1.0, 9.0, section="CP-5.2"),  # capped at 100%
        _finding("AFF-LTI-SOFT", "lti", "<=", 0.5, 0.48, section="CP-4.5"),  # 4%: within policy only
    ]
    ev = _ev(findings)
    ranked = ranked_strengths(ev)
    assert [s.subject for s in ranked] == ["employment_years", "pti", "residual_income", "dti"]
    assert [s.rank for s in ranked] == sorted((s.rank for s in ranked), reverse=True)
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    texts = [s.text for s in n.strengths]
    assert len(texts) == len(set(texts)) == 4
    assert "AFF-DTI-SOFT" in texts[3] and "AFF-DTI-HARD" not in texts[3]  # the tighter limit counts
    assert texts[1].startswith("Payment-to-income of 8% against the 20% maximum")
    assert not any("loan-to-annual-income" in t for t in texts)  # 4% room is not a strength
    assert MIN_MARGIN > 0.04


def test_a_risk_gets_the_files_mitigant_when_it_has_one() -> None:
    findings = [
        _finding("AFF-DTI-SOFT", "dti", "<=", 0.4, 0.46),
        _finding("AFF-RESIDUAL-SOFT", "residual_income", ">=", 600.0, 950.0, section="CP-4.4"),
        _finding("HIST-INQUIRIES", "inquiries_6m", "<=", 4.0, 6.0, section="CP-3.4"),
    ]
    ev = _ev(findings)
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    risks = {r.risk.split(" (")[0]: r for r in n.risks_and_mitigants}
    dti = risks["Debt-to-income of 46% against the 40% maximum"]
    # the strength is listed above, so the mitigant refers to it instead of repeating it
    assert n.strengths[0].text.startswith("Residual income of EUR 950 against the EUR 600 minimum")
    assert dti.mitigant == "Offset by residual income (AFF-RESIDUAL-SOFT, CP-4.4), noted above."
    assert "rule:AFF-RESIDUAL-SOFT" in dti.citations
    assert risks["Credit inquiries in six months: 6 against the 4 maximum"].mitigant == NONE_IN_FILE


def test_risks_come_from_failed_rules_score_reasons_and_flags_without_repeats() -> None:
    reasons = [
        Reason(
            code="R02",
            feature="loan_term_months",
            text="Requested repayment term (27 months) is long",
            contribution=0.4,
        ),
        Reason(
            code="R28", feature="dti", text="Debt burden (0.46)", contribution=0.3
        ),  # already a failed rule
        Reason(
            code="R20", feature="monthly_net_income", text="Income (253) is insufficient", contribution=0.2
        ),
        Reason(
            code="R05", feature="loan_amount", text="Requested loan amount (6,143) is high", contribution=0.1
        ),
        Reason(code="R13", feature="housing_status", text="Housing situation (rent)", contribution=-0.2),
    ]
    findings = [
        _finding("AFF-DTI-HARD", "dti", "<=", 0.45, 0.46, severity="hard"),
        _finding("AFF-DTI-SOFT", "dti", "<=", 0.4, 0.46),
    ]
    ev = _ev(findings, pd=0.3, reasons=reasons, flag_codes=["income_inconsistent"])
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    risks = [r.risk for r in n.risks_and_mitigants]
    assert len(risks) == len(set(risks)) == 4
    assert risks[0].startswith("Debt-to-income of 46% against the 45% maximum (AFF-DTI-HARD, AFF-DTI-SOFT")
    assert risks[1].startswith("Income is inconsistent")
    assert "R02" in risks[2] and "R20" in risks[3] and "R05" in risks[3]  # the last slot takes the rest
    assert not any("R28" in r or "R13" in r for r in risks)  # covered by the rule; lowers the risk
    assert n.recommendation == Recommendation.refer  # CP-9.4 step 0: an integrity flag goes to a person
    rationale = n.recommendation_rationale.text
    assert (
        rationale.startswith("Refer") and "income_inconsistent" in rationale and "AFF-DTI-HARD" in rationale
    )


def test_a_hard_fail_decline_with_no_score_reason_verifies() -> None:
    """A decline resting on a hard rule alone states no score reason: there is none to state."""
    ev = _ev([_finding("AFF-DTI-HARD", "dti", "<=", 0.5, 0.7, severity="hard")], pd=0.3)
    n = deterministic_narrative(ev)
    assert n.recommendation == Recommendation.decline and n.adverse_action_codes == []
    assert verify_narrative(n, ev) == []


def test_reasons_sharing_a_code_keep_all_their_numbers() -> None:
    reasons = [
        Reason(
            code="R36",
            feature="open_il_6m",
            text="Instalment accounts opened recently (3 open)",
            contribution=0.3,
        ),
        Reason(
            code="R36",
            feature="open_il_12m",
            text="Instalment accounts opened recently (7 in a year)",
            contribution=0.2,
        ),
    ]
    ev = make_evidence().model_copy(
        update={"score": make_evidence().score.model_copy(update={"reasons": reasons})}
    )
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    assert any("3 open" in r.risk for r in n.risks_and_mitigants)


def test_the_safety_net_drops_a_rejected_statement_instead_of_failing() -> None:
    ev = make_evidence()
    built = build_narrative(ev)
    built.strengths.append(built.strengths[0].model_copy(update={"text": "A figure of 987,654 appears."}))
    built.summary = built.summary.model_copy(update={"text": "SOURCES (id: content):"})
    built.recommendation_rationale = built.summary.model_copy(update={"text": "Approve at 55.5%."})
    from underwrite.agent.memo import fallback

    original = fallback.build_narrative
    try:
        fallback.build_narrative = lambda _ev: built  # type: ignore[assignment]
        n = fallback.deterministic_narrative(ev)
    finally:
        fallback.build_narrative = original  # type: ignore[assignment]
    assert verify_narrative(n, ev) == []
    assert all("987,654" not in s.text for s in n.strengths)
    assert n.summary.text.startswith("Application german-0007: the score model gives")
    assert n.recommendation_rationale.text.startswith("Recommendation approve under the policy findings")


def test_a_score_reason_is_not_offset_by_the_score_itself() -> None:
    reason = Reason(
        code="R02",
        feature="loan_term_months",
        text="Requested repayment term (27 months) is long",
        contribution=0.3,
    )
    ev = _ev([_finding("AFF-DTI-SOFT", "dti", "<=", 0.4, 0.45)], pd=0.01, reasons=[reason])
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    by_text = {r.risk.split(" (")[0]: r.mitigant for r in n.risks_and_mitigants}
    assert "probability of default" in by_text["Debt-to-income of 45% against the 40% maximum"]  # a rule: yes
    assert by_text["Score reason R02: Requested repayment term"] == NONE_IN_FILE  # part of the score: no


def test_a_mitigant_not_listed_among_the_strengths_is_written_out() -> None:
    findings = [
        _finding("EMP-TENURE", "employment_years", ">=", 1.0, 9.0, section="CP-5.2"),
        _finding("AFF-PTI-SOFT", "pti", "<=", 0.2, 0.08, section="CP-4.3"),
        _finding("AFF-RESIDUAL-SOFT", "residual_income", ">=", 600.0, 1500.0, section="CP-4.4"),
        _finding("AFF-DTI-SOFT", "dti", "<=", 0.4, 0.1),
        _finding("HIST-DELINQ-SOFT", "delinquencies_2y", "<=", 0.0, 0.0, section="CP-3.2"),  # fifth
        _finding("HIST-INQUIRIES", "inquiries_6m", "<=", 4.0, 6.0, section="CP-3.4"),
    ]
    ev = _ev(findings)
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    assert not any("delinquency" in s.text for s in n.strengths)
    (risk,) = n.risks_and_mitigants
    assert risk.mitigant == "Offset: no delinquency in the last two years (HIST-DELINQ-SOFT, CP-3.2)."


def _history(value: str) -> RuleFinding:
    return RuleFinding(
        rule_id="HIST-PAST-DELAYS",
        section_id="CP-3.2",
        subject="credit_history",
        operator="not_in",
        limit="delay in paying off in the past",
        value=value,
        severity=Severity.soft,
        status=FindingStatus.passed,
        message="credit history",
    )


def test_a_duly_paid_category_is_no_clean_record_when_the_file_shows_a_delinquency() -> None:
    duly = _history("existing credits paid back duly till now")
    clean = [s.text for s in ranked_strengths(_ev([duly]))]
    assert any(t.startswith("Clean repayment record") for t in clean)
    late = _finding("HIST-DELINQ-SOFT", "delinquencies_2y", "<=", 0.0, 1.0, section="CP-3.2")
    ev = _ev([duly, late])
    assert not any(s.text.startswith("Clean repayment record") for s in ranked_strengths(ev))
    n = deterministic_narrative(ev)
    assert not any("clean" in s.text.lower() for s in n.strengths) and verify_narrative(n, ev) == []
