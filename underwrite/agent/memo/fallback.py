"""The deterministic narrative used when the model's text fails verification (after any repair rounds).

Plain, template-built sentences from the state only, written the way an underwriter would sign
them: strengths ranked by margin and weight (``memo.strengths``), risks from failed rules, flags and
the score's reasons, each with the file's mitigant where it has one (``memo.risks``). It verifies by
construction (swept over many packet kinds in ``tests/agent/test_memo_fallback_sweep.py``); the
memo that carries it is flagged ``narrative_fallback`` so nobody mistakes it for an analyst's prose.
"""

from __future__ import annotations

import logging

from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.agent.memo.phrasing import clip, code_words, fmt_value, pct, safe_value
from underwrite.agent.memo.recommendation import INTEGRITY_FLAGS, policy_recommendation
from underwrite.agent.memo.risks import risk_items
from underwrite.agent.memo.strengths import no_strength_text, ranked_strengths
from underwrite.agent.memo.verifier import MAX_ADVERSE_ACTION_REASONS, Violation, verify_narrative
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.memo import CitedText, MemoNarrative
from underwrite.core.schemas import FindingStatus, Recommendation, Severity

__all__ = ["adverse_action_codes", "build_narrative", "clip", "deterministic_narrative", "fmt_value"]

log = logging.getLogger(__name__)

MAX_ITEMS = 4
"""The schema's list limit for strengths, risks and conditions."""


def _policy_cites(ev: Evidence, section_id: str) -> list[str]:
    return [f"policy:{section_id}"] if any(p.section_id == section_id for p in ev.policy) else []


def adverse_action_codes(ev: Evidence) -> list[str]:
    """The reasons a decline states: the score's own principal reasons, in contribution order,
    never one resting on a prohibited basis (Reg B: the reasons are the model's, not a writer's)."""
    allowed = [r.code for r in ev.score.reasons if r.feature not in PROTECTED_FIELDS]
    return list(dict.fromkeys(allowed))[:MAX_ADVERSE_ACTION_REASONS]


def _summary(ev: Evidence, rec: Recommendation | None = None) -> CitedText:
    facts = ev.facts
    product = "a business term loan" if facts.get("product") == "sme_term_loan" else "a loan"
    text = f"Application {ev.application_id} requests {product}"
    cites: list[str] = []
    if facts.get("loan_amount") is not None:
        text += f" of EUR {fmt_value(facts['loan_amount'])}"
        cites.append("fact:loan_amount")
    if facts.get("loan_term_months") is not None:
        text += f" over {fmt_value(facts['loan_term_months'])} months"
        cites.append("fact:loan_term_months")
    if facts.get("loan_purpose") and safe_value(facts["loan_purpose"]):
        text += f" for {facts['loan_purpose']}"
        cites.append("fact:loan_purpose")
    if facts.get("loan_amount") is None:
        text += "; the amount is not stated in the file"
    text += (
        f". The score model gives a probability of default of {pct(ev.score.pd)} (grade {ev.score.grade})."
    )
    if rec is not None:  # a summary states the request and the recommendation
        text += f" Recommendation: {rec.value.replace('_', ' ')}."
    return CitedText(text=clip(text), citations=[*cites, "score:pd"])


def build_narrative(ev: Evidence) -> MemoNarrative:
    """The deterministic narrative as built from the evidence, before any safety net."""
    rec = policy_recommendation(ev)
    sources = set(build_sources(ev))
    ranked = ranked_strengths(ev, sources)
    strengths = [CitedText(text=clip(s.text), citations=list(s.citations)) for s in ranked[:MAX_ITEMS]]
    if not strengths:
        strengths = [CitedText(text=no_strength_text(ev), citations=["score:pd"])]
    conditions: list[CitedText] = []
    if rec == Recommendation.approve_with_conditions:
        for f in ev.findings:
            if f.status == FindingStatus.failed and f.severity == Severity.soft:
                conditions.append(
                    CitedText(
                        text=clip(f"Resolve before disbursement: {f.message}"),
                        citations=[f"rule:{f.rule_id}"],
                    )
                )
        if not conditions:
            conditions.append(_verify_income_condition(ev))
    codes = adverse_action_codes(ev) if rec == Recommendation.decline else []
    return MemoNarrative(
        summary=_summary(ev, rec),
        strengths=strengths,
        risks_and_mitigants=risk_items(ev, ranked, len(strengths), sources),
        recommendation=rec,
        recommendation_rationale=_rationale(ev, rec),
        conditions=list({c.text: c for c in conditions}.values())[:MAX_ITEMS],
        adverse_action_codes=codes,
    )


def deterministic_narrative(ev: Evidence) -> MemoNarrative:
    """The narrative of the evidence, verified: a listed statement the verifier still rejects (a
    case the templates did not foresee) is dropped and logged rather than failing the memo."""
    narrative = build_narrative(ev)
    violations = verify_narrative(narrative, ev)
    if violations:
        log.warning("deterministic narrative: dropping statements the verifier rejects: %s", violations)
        narrative = _without(narrative, violations, ev)
    return narrative


def _without(narrative: MemoNarrative, violations: list[Violation], ev: Evidence) -> MemoNarrative:
    bad = {v.location.split(".")[0] for v in violations}
    strengths = [s for i, s in enumerate(narrative.strengths) if f"strengths[{i}]" not in bad]
    if not strengths:
        strengths = [CitedText(text=no_strength_text(ev), citations=["score:pd"])]
    # the score sentence alone: an id, a PD and a grade, all of which the verifier reads as the state's
    score = f"the score model gives a probability of default of {pct(ev.score.pd)} (grade {ev.score.grade})"
    summary, rationale = narrative.summary, narrative.recommendation_rationale
    if "summary" in bad:
        summary = CitedText(text=f"Application {ev.application_id}: {score}.", citations=["score:pd"])
    if "recommendation_rationale" in bad:
        verdict = narrative.recommendation.value.replace("_", " ")
        text = f"Recommendation {verdict} under the policy findings; {score}."
        rationale = CitedText(text=text, citations=["score:pd"])
    return narrative.model_copy(
        update={
            "summary": summary,
            "recommendation_rationale": rationale,
            "strengths": strengths,
            "risks_and_mitigants": [
                r
                for i, r in enumerate(narrative.risks_and_mitigants)
                if f"risks_and_mitigants[{i}]" not in bad
            ],
            "conditions": [c for i, c in enumerate(narrative.conditions) if f"conditions[{i}]" not in bad],
        }
    )


def _rationale(ev: Evidence, rec: Recommendation) -> CitedText:
    hard = ev.unexcepted_hard_failures()
    ids = ", ".join(f"{f.rule_id} ({f.section_id})" for f in hard)
    if hard and rec == Recommendation.decline:
        return CitedText(
            text=f"Decline: hard policy rule(s) not met: {ids}.",
            citations=[f"rule:{f.rule_id}" for f in hard],
        )
    if rec == Recommendation.refer:
        # CP-9.4 step 0 refers before any decline: the rationale says so, never "Decline" under a refer
        parts = [f"hard policy rule(s) not met: {ids}"] if hard else []
        if ev.missing_documents:
            parts.append(
                "required documents are missing: " + ", ".join(map(code_words, ev.missing_documents))
            )
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
        cites = [f"rule:{rule_id}" for rule_id in [*(f.rule_id for f in hard), *unknown]] or ["score:pd"]
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
    business = ev.facts.get("product") == "sme_term_loan"
    what = (
        "revenue with the latest profit and loss statement"
        if business
        else "income with the two most recent pay slips"
    )
    text = f"Verify {what} before disbursement"
    if not cites:  # no income in the file: the condition protects the score's assumption instead
        return CitedText(
            text=f"{text}; the score grade assumes the declared income.",
            citations=["score:pd", *_policy_cites(ev, _INCOME_POLICY)],
        )
    return CitedText(text=f"{text}.", citations=[*cites, *_policy_cites(ev, _INCOME_POLICY)])
