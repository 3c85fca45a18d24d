"""The deterministic narrative used when the model's text fails verification (after any repair rounds).

Plain, template-built sentences from the state only, so it verifies by construction; the memo that
carries it is flagged ``narrative_fallback`` so nobody mistakes it for an analyst's prose.
"""

from __future__ import annotations

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.model import CitedText, MemoNarrative, RiskItem
from underwrite.agent.memo.recommendation import INTEGRITY_FLAGS, policy_recommendation
from underwrite.agent.memo.verifier import MAX_ADVERSE_ACTION_REASONS
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import FindingStatus, Recommendation, Severity

MAX_ITEMS = 4
"""The schema's list limit for strengths, risks and conditions."""
MAX_TEXT = 400


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Shorten at a word boundary, so a number is never cut in half."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def fmt_value(value: object) -> str:
    """How code writes a state value in prose (the verifier accepts exactly these renderings)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.4f}"
    return str(value)


def _policy_cites(ev: Evidence, section_id: str) -> list[str]:
    return [f"policy:{section_id}"] if any(p.section_id == section_id for p in ev.policy) else []


def adverse_action_codes(ev: Evidence) -> list[str]:
    """The reasons a decline states: the score's own principal reasons, in contribution order,
    never one resting on a prohibited basis (Reg B: the reasons are the model's, not a writer's)."""
    allowed = [r.code for r in ev.score.reasons if r.feature not in PROTECTED_FIELDS]
    return allowed[:MAX_ADVERSE_ACTION_REASONS]


def deterministic_narrative(ev: Evidence) -> MemoNarrative:
    rec = policy_recommendation(ev)
    facts = ev.facts
    summary_bits: list[str] = [f"Application {ev.application_id}"]
    cites: list[str] = []
    if facts.get("loan_amount") is not None:
        summary_bits.append(f"requests EUR {fmt_value(facts['loan_amount'])}")
        cites.append("fact:loan_amount")
    if facts.get("loan_term_months") is not None:
        summary_bits.append(f"over {fmt_value(facts['loan_term_months'])} months")
        cites.append("fact:loan_term_months")
    if facts.get("loan_purpose"):
        summary_bits.append(f"for {facts['loan_purpose']}")
        cites.append("fact:loan_purpose")
    summary = (
        " ".join(summary_bits)
        + f". The score model gives a probability of default of {ev.score.pd * 100:.1f}% (grade "
        + f"{ev.score.grade})."
    )
    cites.append("score:pd")

    strengths: list[CitedText] = []
    risks: list[RiskItem] = []
    for f in ev.findings:
        rule_cites = [f"rule:{f.rule_id}", *_policy_cites(ev, f.section_id)]
        what = f"{f.subject} of {fmt_value(f.value)} against a limit of {fmt_value(f.limit)} ({f.section_id})"
        if f.status == FindingStatus.passed and len(strengths) < MAX_ITEMS:
            strengths.append(CitedText(text=clip(f"Within policy: {what}."), citations=rule_cites))
        elif f.status == FindingStatus.failed and len(risks) < MAX_ITEMS - 1:
            kind = "Hard" if f.severity == Severity.hard else "Soft"
            risks.append(
                RiskItem(
                    risk=clip(f"{kind} rule not met: {what}.", 300),
                    mitigant="None identified in the file.",
                    citations=rule_cites,
                )
            )
    for r in ev.score.reasons[:3]:
        if r.feature in PROTECTED_FIELDS or len(risks) >= MAX_ITEMS:
            continue
        risks.append(
            RiskItem(
                risk=clip(f"Score reason {r.code}: {r.text}", 300),
                mitigant="None identified in the file.",
                citations=[f"score:{r.code}"],
            )
        )
    if not strengths:
        strengths.append(CitedText(text="No policy rule was found to be comfortably met.", citations=[]))

    rationale = _rationale(ev, rec)
    conditions: list[CitedText] = []
    if rec == Recommendation.approve_with_conditions:
        for f in ev.findings:
            if f.status == FindingStatus.failed and f.severity == Severity.soft:
                conditions.append(
                    CitedText(
                        text=f"Resolve before disbursement: {f.message}", citations=[f"rule:{f.rule_id}"]
                    )
                )
        if not conditions:
            conditions.append(_verify_income_condition(ev))
    codes = adverse_action_codes(ev) if rec == Recommendation.decline else []
    return MemoNarrative(
        summary=CitedText(text=clip(summary), citations=cites),
        strengths=strengths[:MAX_ITEMS],
        risks_and_mitigants=risks[:MAX_ITEMS],
        recommendation=rec,
        recommendation_rationale=rationale,
        conditions=conditions[:MAX_ITEMS],
        adverse_action_codes=codes,
    )


def _rationale(ev: Evidence, rec: Recommendation) -> CitedText:
    hard = ev.unexcepted_hard_failures()
    if hard:
        ids = ", ".join(f"{f.rule_id} ({f.section_id})" for f in hard)
        return CitedText(
            text=f"Decline: hard policy rule(s) not met: {ids}.",
            citations=[f"rule:{f.rule_id}" for f in hard],
        )
    if rec == Recommendation.refer:
        parts = []
        if ev.missing_documents:
            parts.append("required documents are missing: " + ", ".join(ev.missing_documents))
        integrity = sorted(set(ev.flag_codes) & set(INTEGRITY_FLAGS))
        if integrity:
            parts.append("integrity flags need a person's review: " + ", ".join(integrity))
        unknown = [
            f.rule_id
            for f in ev.findings
            if f.severity == Severity.hard and f.status == FindingStatus.cannot_evaluate
        ]
        if unknown:
            parts.append("hard rule(s) that could not be evaluated: " + ", ".join(unknown))
        if not parts:
            parts.append(f"the risk grade {ev.score.grade} is outside the standard appetite")
        cites = [f"rule:{rule_id}" for rule_id in unknown] or ["score:pd"]
        return CitedText(text=clip(f"Refer to an underwriter: {'; '.join(parts)}."), citations=cites)
    pd_text = f"probability of default {ev.score.pd * 100:.1f}% (grade {ev.score.grade})"
    verdict = {
        Recommendation.approve: "Approve: all evaluated policy rules are met and the",
        Recommendation.approve_with_conditions: "Approve with conditions: the",
        Recommendation.decline: "Decline: the",
    }[rec]
    return CitedText(text=f"{verdict} {pd_text} supports this outcome.", citations=["score:pd"])


# What a standard income-verification condition rests on, in order of preference.
_INCOME_FACTS = ("monthly_net_income", "business_annual_revenue")
_INCOME_POLICY = "CP-5.2"


def _verify_income_condition(ev: Evidence) -> CitedText:
    """The standing condition of an approval with no failed soft rule, citing the income it checks."""
    cites = [f"fact:{n}" for n in _INCOME_FACTS if ev.facts.get(n) is not None]
    cites += _policy_cites(ev, _INCOME_POLICY)
    text = "Verify income with the two most recent pay slips before disbursement"
    if not cites:  # no income in the file: the condition protects the score's assumption instead
        return CitedText(text=f"{text}; the score grade assumes the declared income.", citations=["score:pd"])
    return CitedText(text=f"{text}.", citations=cites)
