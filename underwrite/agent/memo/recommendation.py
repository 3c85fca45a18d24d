"""What the rules and the score alone recommend, and which recommendations a memo may make.

The LLM never decides alone: its recommendation must be one of :func:`allowed_recommendations`,
and the deterministic fallback uses :func:`policy_recommendation`.
"""

from __future__ import annotations

from underwrite.agent.memo.evidence import Evidence
from underwrite.core.schemas import FindingStatus, Recommendation, Severity

DECLINE_PD = 0.40
"""PD at or above which the score alone supports a decline (policy grades: the two worst bands)."""
CONDITIONS_PD = 0.20
"""PD at or above which an approval needs conditions (pricing, security, shorter term)."""
REFER_FLAGS = frozenset({"prompt_injection_suspected", "income_inconsistent", "statistical_outlier"})
"""Flags that need a person's judgement before any approval."""


def policy_recommendation(ev: Evidence) -> Recommendation:
    """The recommendation that follows mechanically from findings, missing documents, flags and PD."""
    if ev.unexcepted_hard_failures():
        return Recommendation.decline
    hard_unknown = [
        f for f in ev.findings if f.severity == Severity.hard and f.status == FindingStatus.cannot_evaluate
    ]
    if ev.missing_documents or hard_unknown or REFER_FLAGS.intersection(ev.flag_codes):
        return Recommendation.refer
    if ev.score.pd >= DECLINE_PD:
        return Recommendation.decline
    soft_fail = any(f.severity == Severity.soft and f.status == FindingStatus.failed for f in ev.findings)
    if soft_fail or ev.score.pd >= CONDITIONS_PD:
        return Recommendation.approve_with_conditions
    return Recommendation.approve


def allowed_recommendations(ev: Evidence) -> set[Recommendation]:
    """The policy recommendation, or anything more cautious; referring to a person is always allowed."""
    ladder = [
        Recommendation.approve,
        Recommendation.approve_with_conditions,
        Recommendation.decline,
    ]
    base = policy_recommendation(ev)
    allowed = {Recommendation.refer}
    if base in ladder:
        allowed.update(ladder[ladder.index(base) :])
    if base == Recommendation.refer:
        allowed.add(Recommendation.decline)
    return allowed
