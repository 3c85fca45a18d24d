"""What the policy recommends (CP-9.4), and which recommendations a memo may make.

The baseline is the policy's own, ``underwrite.tools.policy.rules.recommend_from_findings``; this module
only says which of the graph's flags are integrity flags in the policy's sense. The LLM never
decides alone: its recommendation must be one of :func:`allowed_recommendations`, and the
deterministic fallback uses :func:`policy_recommendation`.
"""

from __future__ import annotations

from underwrite.agent.memo.evidence import Evidence
from underwrite.core.schemas import FindingStatus, Recommendation
from underwrite.tools.policy.rules import recommend_from_findings
from underwrite.tools.policy.table import load_rule_table


def _decline_pd() -> float:
    """Lowest PD whose policy grade is declined by the grade cut-off alone (CP-9.3: grade F)."""
    lower = 0.0
    for band in load_rule_table().grades:
        if band.cutoff is Recommendation.decline:
            return lower
        lower = band.pd_below if band.pd_below is not None else 1.0
    raise ValueError("the policy has no declining grade")


DECLINE_PD: float = _decline_pd()
"""PD at or above which the grade alone declines (CP-9.2/9.3); fairness evals use this rule."""

INTEGRITY_FLAGS: dict[str, str] = {
    # CP-8.4: text addressing the reader or an automated system is itself a red flag → refer.
    "prompt_injection_suspected": "CP-8.4",
    # CP-8.4: hidden or white text is an integrity flag.
    "document_hidden_text": "CP-8.4",
    # CP-5.5: net pay that does not match deposits is escalated under CP-8.4 before any decision.
    "income_inconsistent": "CP-5.5",
    # CP-13.1: a score for an application outside the model's validated population is not relied on.
    "statistical_outlier": "CP-13.1",
    # CP-13.1: a score computed with key inputs, or too many inputs, missing is not relied on.
    "score_unreliable": "CP-13.1",
}
"""Graph flag code → the policy section that makes it send the file to a person (refer)."""


def policy_recommendation(ev: Evidence) -> Recommendation:
    """The CP-9.4 baseline from findings, grade, missing documents and integrity flags.

    A hard failure covered by a recorded exception (CP-10.2) no longer counts as a failure.
    """
    excepted = {e.rule_id for e in ev.exceptions}
    findings = [
        f.model_copy(update={"status": FindingStatus.passed})
        if f.rule_id in excepted and f.status is FindingStatus.failed
        else f
        for f in ev.findings
    ]
    return recommend_from_findings(
        findings,
        ev.score.pd,
        None,  # the grade follows from the PD by the policy's bands (CP-9.2), whoever computed it
        integrity_flags=[code for code in ev.flag_codes if code in INTEGRITY_FLAGS],
        missing_document_kinds=ev.missing_documents,
    )


def allowed_recommendations(ev: Evidence) -> set[Recommendation]:
    """The policy recommendation, or anything more cautious; referring to a person is always allowed.

    A baseline of refer allows only refer: under CP-9.4 step 0 neither an approval nor a decline may
    rest on doubtful or incomplete evidence.
    """
    ladder = [
        Recommendation.approve,
        Recommendation.approve_with_conditions,
        Recommendation.decline,
    ]
    base = policy_recommendation(ev)
    allowed = {Recommendation.refer}
    if base in ladder:
        allowed.update(ladder[ladder.index(base) :])
    return allowed
