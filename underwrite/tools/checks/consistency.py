"""Cross-document consistency checks on income, in code, with stated tolerances.

Stated net income, the latest pay slip's net pay and the bank statement's average monthly credits
should tell the same story. Deposits may exceed salary (transfers, refunds), so only a shortfall is
suspicious there; the pay slip should match the stated figure closely. Where the statement shows
recurring salary credits (``statement_monthly_salary``), stated income must be traceable to them
(CP-5.4): salary credits more than 15% below the stated figure are flagged.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from underwrite.core.schemas import FactValue, as_number

PAYSLIP_TOLERANCE = 0.10
"""Pay slip net pay may differ from stated net income by up to 10% (bonus months, rounding)."""
DEPOSIT_SHORTFALL_TOLERANCE = 0.15
"""Average deposits may fall short of stated income by up to 15% before it is flagged."""


class ConsistencyFinding(BaseModel):
    check: str
    ok: bool
    stated: float
    observed: float
    relative_gap: float
    message: str


def check_income_consistency(values: Mapping[str, FactValue]) -> list[ConsistencyFinding]:
    """Compare stated income with the pay slip and the bank statement, where both are present."""
    stated = as_number(values.get("monthly_net_income"))
    if not stated:
        return []
    shortfall = f"shortfall tolerance {DEPOSIT_SHORTFALL_TOLERANCE:.0%}"
    comparisons = [
        # (check, observed field, within tolerance?, how the observed figure is named, tolerance text)
        (
            "payslip_vs_stated",
            "payslip_net_pay",
            lambda gap: abs(gap) <= PAYSLIP_TOLERANCE,
            "pay slip net pay {observed:,.2f}",
            f"tolerance ±{PAYSLIP_TOLERANCE:.0%}",
        ),
        (
            "deposits_vs_stated",
            "statement_avg_monthly_deposits",
            lambda gap: gap >= -DEPOSIT_SHORTFALL_TOLERANCE,
            "average monthly deposits {observed:,.2f}",
            shortfall,
        ),
        (
            "salary_credits_vs_stated",
            "statement_monthly_salary",
            lambda gap: gap >= -DEPOSIT_SHORTFALL_TOLERANCE,
            "salary credits on the statement {observed:,.2f}/month",
            f"{shortfall}, CP-5.4",
        ),
    ]
    out: list[ConsistencyFinding] = []
    for check, field, within, named, tolerance in comparisons:
        observed = as_number(values.get(field))
        if observed is None:
            continue
        gap = (observed - stated) / stated
        out.append(
            ConsistencyFinding(
                check=check,
                ok=within(gap),
                stated=stated,
                observed=observed,
                relative_gap=round(gap, 4),
                message=f"{named.format(observed=observed)} vs stated net income {stated:,.2f} "
                f"({gap:+.1%}; {tolerance})",
            )
        )
    return out
