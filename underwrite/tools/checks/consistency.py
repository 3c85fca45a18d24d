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
    out: list[ConsistencyFinding] = []
    stated = as_number(values.get("monthly_net_income"))
    if not stated:
        return out
    payslip = as_number(values.get("payslip_net_pay"))
    if payslip is not None:
        gap = (payslip - stated) / stated
        ok = abs(gap) <= PAYSLIP_TOLERANCE
        out.append(
            ConsistencyFinding(
                check="payslip_vs_stated",
                ok=ok,
                stated=stated,
                observed=payslip,
                relative_gap=round(gap, 4),
                message=f"pay slip net pay {payslip:,.2f} vs stated net income {stated:,.2f} "
                f"({gap:+.1%}; tolerance ±{PAYSLIP_TOLERANCE:.0%})",
            )
        )
    deposits = as_number(values.get("statement_avg_monthly_deposits"))
    if deposits is not None:
        gap = (deposits - stated) / stated
        ok = gap >= -DEPOSIT_SHORTFALL_TOLERANCE
        out.append(
            ConsistencyFinding(
                check="deposits_vs_stated",
                ok=ok,
                stated=stated,
                observed=deposits,
                relative_gap=round(gap, 4),
                message=f"average monthly deposits {deposits:,.2f} vs stated net income {stated:,.2f} "
                f"({gap:+.1%}; shortfall tolerance {DEPOSIT_SHORTFALL_TOLERANCE:.0%})",
            )
        )
    salary = as_number(values.get("statement_monthly_salary"))
    if salary is not None:
        gap = (salary - stated) / stated
        out.append(
            ConsistencyFinding(
                check="salary_credits_vs_stated",
                ok=gap >= -DEPOSIT_SHORTFALL_TOLERANCE,
                stated=stated,
                observed=salary,
                relative_gap=round(gap, 4),
                message=f"salary credits on the statement {salary:,.2f}/month vs stated net income "
                f"{stated:,.2f} ({gap:+.1%}; shortfall tolerance {DEPOSIT_SHORTFALL_TOLERANCE:.0%}, CP-5.4)",
            )
        )
    salary = as_number(values.get("statement_monthly_salary"))
    if salary is not None:
        gap = (salary - stated) / stated
        out.append(
            ConsistencyFinding(
                check="salary_credits_vs_stated",
                ok=gap >= -DEPOSIT_SHORTFALL_TOLERANCE,
                stated=stated,
                observed=salary,
                relative_gap=round(gap, 4),
                message=f"salary credits on the statement {salary:,.2f}/month vs stated net income "
                f"{stated:,.2f} ({gap:+.1%}; shortfall tolerance {DEPOSIT_SHORTFALL_TOLERANCE:.0%}, CP-5.4)",
            )
        )
    return out
