"""What an underwriter calls a strength: a limit met with room to spare, on a subject that matters.

A product bound (minimum amount, maximum term) or a "was it declared" check is a condition of
eligibility, not a strength, so only the subjects in :data:`WEIGHTS` can be strengths. Per subject
the tightest passed rule counts (the soft DTI limit, not the hard one); a subject with any failed
rule is a risk instead. Candidates are ranked by weight × relative margin (capped at 1, so a long
tenure does not drown everything else); a margin under :data:`MIN_MARGIN` is "within policy", not a
strength. A low probability of default is a strength too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.agent.memo.phrasing import (
    as_number,
    capital,
    comparison,
    is_upper_bound,
    pct,
    render,
    rule_ref,
    safe_value,
    subject_of,
)
from underwrite.core.schemas import FindingStatus, RuleFinding
from underwrite.tools.policy.table import load_rule_table

WEIGHTS: dict[str, float] = {
    # affordability and history carry a file; the rest supports it
    "pti": 1.0,
    "residual_income": 1.0,
    "delinquencies_2y": 1.0,
    "dscr": 1.0,
    "dti": 0.9,
    "employment_years": 0.9,
    "leverage": 0.9,
    "credit_history": 0.8,
    "years_in_business": 0.8,
    "lti": 0.7,
    "guarantors": 0.6,
    "revolving_utilization_pct": 0.5,
    "inquiries_6m": 0.4,
    "business_equity": 0.4,
    "public_records": 0.4,
    "business_ebitda": 0.3,
}
"""Subject → how much a comfortable pass on it says about repayment (1 = most)."""
PD_WEIGHT = 0.8
BINARY_MARGIN = 0.5
"""Effective margin of a pass that has no size (no delinquency, positive EBITDA, a clean history):
real, but not worth more than a limit met with half of it to spare."""
MIN_MARGIN = 0.10
"""Relative headroom below which a passed limit is "within policy", not a strength."""


def _strong_pd() -> float:
    """PD below which the score itself is a strength: the grades priced below the reference rate
    (CP-9.1/9.2, grades A and B in edition 2026.1)."""
    below = [b.pd_below for b in load_rule_table().grades if b.margin_pct is not None and b.margin_pct < 0]
    return max((b for b in below if b is not None), default=0.0)


STRONG_PD: float = _strong_pd()


@dataclass(frozen=True)
class Strength:
    subject: str
    rank: float
    text: str
    citations: tuple[str, ...]
    short: str
    """How a mitigant refers to this strength when the memo already lists it."""


def margin(finding: RuleFinding) -> float | None:
    """Relative headroom of a passed numeric rule (0.25 = a quarter of the limit to spare); 1 for a
    rule against zero (no delinquency, positive EBITDA), where the pass itself is the point, counts
    :data:`BINARY_MARGIN`."""
    value, limit = as_number(finding.value), as_number(finding.limit)
    if value is None or limit is None:
        return None
    if limit == 0:
        return BINARY_MARGIN
    room = (limit - value) if is_upper_bound(finding) else (value - limit)
    return room / abs(limit)


def _text(f: RuleFinding) -> str | None:
    """The strength in words, or None when the pass is not one (a delayed history passes no rule
    but "critical account" passes HIST-PAST-DELAYS without being a clean history)."""
    value = f.value
    ref = rule_ref(f)
    if f.subject == "delinquencies_2y" and as_number(value) == 0:
        return f"No delinquency in the last two years {ref}."
    if f.subject == "inquiries_6m" and as_number(value) == 0:
        return f"No credit inquiry in the last six months {ref}."
    if f.subject == "credit_history":
        # German credit-history categories: only the "paid back duly" ones describe a clean record.
        clean = isinstance(value, str) and "duly" in value.lower() and safe_value(value)
        return f"Clean repayment record: credit history {value} {ref}." if clean else None
    if f.subject == "public_records":
        return f"No adverse public record on file {ref}."
    if f.subject == "guarantors":
        return f"A {value} supports the loan {ref}." if safe_value(value) else None
    if f.subject == "business_ebitda" and as_number(value) is not None:
        return f"The business earns a positive EBITDA of {render(f.subject, value)} {ref}."
    if f.subject == "business_equity" and as_number(value) is not None:
        return f"The business has positive book equity of {render(f.subject, value)} {ref}."
    if as_number(value) is None or as_number(f.limit) is None:
        return None
    return f"{capital(comparison(f))}, comfortably inside the limit {ref}."


def _tightest(passed: list[RuleFinding]) -> RuleFinding:
    """The passed rule with the strictest limit on one subject (the soft DTI limit over the hard one)."""

    def strictness(f: RuleFinding) -> float:
        limit = as_number(f.limit)
        if limit is None:
            return 0.0
        return limit if is_upper_bound(f) else -limit

    return min(passed, key=strictness)


def _adverse_history(ev: Evidence) -> bool:
    """Whether the file shows arrears a bureau category can hide: "paid back duly" with a delinquency
    in the last two years is no clean repayment record, whatever the category says."""
    delinquencies = as_number(ev.facts.get("delinquencies_2y"))
    failed = {f.subject for f in ev.findings if f.status == FindingStatus.failed}
    return bool(delinquencies) or bool(failed & {"delinquencies_2y", "public_records"})


def rule_strengths(ev: Evidence, sources: Collection[str] | None = None) -> list[Strength]:
    """Comfortably met rules on subjects that matter, best first, one per subject. ``sources``: the
    ids of ``build_sources(ev)`` when the caller has them."""
    sources = build_sources(ev) if sources is None else sources
    by_subject: dict[str, list[RuleFinding]] = {}
    for f in ev.findings:
        by_subject.setdefault(f.subject, []).append(f)
    out: list[Strength] = []
    for subject, findings in by_subject.items():
        weight = WEIGHTS.get(subject)
        if weight is None or any(f.status == FindingStatus.failed for f in findings):
            continue
        passed = [f for f in findings if f.status == FindingStatus.passed]
        if not passed:
            continue
        f = _tightest(passed)
        room = margin(f)
        if room is not None and room < MIN_MARGIN:
            continue
        text = _text(f)
        if text is None or (subject == "credit_history" and _adverse_history(ev)):
            continue
        cites = [f"rule:{f.rule_id}", f"ratio:{subject}", f"fact:{subject}", f"policy:{f.section_id}"]
        rank = weight * min(BINARY_MARGIN if room is None else room, 1.0)
        numeric = text.endswith(f"comfortably inside the limit {rule_ref(f)}.")
        short = f"{subject_of(subject).label} {rule_ref(f)}" if numeric else text.rstrip(".")
        short = short[:1].lower() + short[1:] if short[1:2].islower() else short
        out.append(Strength(subject, rank, text, tuple(c for c in cites if c in sources), short))
    return sorted(out, key=lambda s: -s.rank)


def pd_strength(ev: Evidence) -> Strength | None:
    pd = ev.score.pd
    if STRONG_PD <= 0 or pd >= STRONG_PD:
        return None
    text = (
        f"Low estimated risk: the score gives a probability of default of {pct(pd)} (grade {ev.score.grade})."
    )
    short = f"the low probability of default (grade {ev.score.grade})"
    return Strength("pd", PD_WEIGHT * (STRONG_PD - pd) / STRONG_PD, text, ("score:pd",), short)


def ranked_strengths(ev: Evidence, sources: Collection[str] | None = None) -> list[Strength]:
    """Every strength of the file, best first."""
    found = rule_strengths(ev, sources)
    score = pd_strength(ev)
    return sorted([*found, *([score] if score else [])], key=lambda s: -s.rank)


def no_strength_text(ev: Evidence) -> str:
    """Said when nothing qualifies, in the words of the score it cites."""
    return (
        "No strength stands out: no limit is met with a comfortable margin, and the probability of "
        f"default of {pct(ev.score.pd)} (grade {ev.score.grade}) is not low."
    )
