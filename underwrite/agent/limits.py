"""Ratios shown against the policy limits that test them: each ratio with its soft and hard limit
and whether it meets them, read from the rule findings (the rule table is the only source of
limits, so the screen cannot drift from the policy)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from underwrite.core.schemas import FindingStatus, RuleFinding, Severity

LimitOutcome = Literal["within", "soft_breach", "hard_breach", "not_evaluated", "no_limit"]

RATIO_LABELS: dict[str, str] = {
    "monthly_payment": "New instalment (EUR/month)",
    "dti": "Debt-to-income (DTI)",
    "pti": "Payment-to-income (PTI)",
    "lti": "Loan-to-income (LTI)",
    "residual_income": "Residual income (EUR/month)",
    "dscr": "Debt service coverage (DSCR)",
    "leverage": "Leverage (debt / EBITDA)",
}
PERCENT_RATIOS = frozenset({"dti", "pti"})
"""Ratios read as a share of income: shown as percentages."""


class RatioCheck(BaseModel):
    """One ratio, its value and the policy limits that test it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    value: float | None
    soft_limit: str = ""
    hard_limit: str = ""
    outcome: LimitOutcome
    sections: list[str] = []


def format_ratio(name: str, value: float | str | None) -> str:
    if value is None or isinstance(value, str):
        return "n/a" if value is None else value
    if name in PERCENT_RATIOS:
        return f"{value:.1%}"
    if name in ("monthly_payment", "residual_income"):
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _limit_text(finding: RuleFinding) -> str:
    return f"{finding.operator} {format_ratio(finding.subject, finding.limit)}"


def _outcome(findings: Sequence[RuleFinding]) -> LimitOutcome:
    if not findings:
        return "no_limit"
    failed = [f for f in findings if f.status is FindingStatus.failed]
    if any(f.severity is Severity.hard for f in failed):
        return "hard_breach"
    if failed:
        return "soft_breach"
    if any(f.status is FindingStatus.cannot_evaluate for f in findings):
        return "not_evaluated"
    return "within"


def ratio_checks(ratios: Mapping[str, float | None], findings: Sequence[RuleFinding]) -> list[RatioCheck]:
    """Every ratio with the limits of the rules whose subject it is (none for an untested ratio)."""
    checks = []
    for name, value in ratios.items():
        tested = [f for f in findings if f.subject == name]
        soft = next((f for f in tested if f.severity is Severity.soft), None)
        hard = next((f for f in tested if f.severity is Severity.hard), None)
        checks.append(
            RatioCheck(
                name=name,
                label=RATIO_LABELS.get(name, name),
                value=value,
                soft_limit=_limit_text(soft) if soft else "",
                hard_limit=_limit_text(hard) if hard else "",
                outcome=_outcome(tested),
                sections=sorted({f.section_id for f in tested}),
            )
        )
    return checks
