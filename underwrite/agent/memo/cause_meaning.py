"""Does a stated cause enter the quantity it is said to drive?

"DTI is above 40% only because of the EUR 900 living expenses" passed every check of the third red
team (underwrite/evals/redteam/README.md): both figures are the applicant's, but living expenses are
no part of debt-to-income. A ratio is computed from known inputs (``tools.checks.ratios``); a
statement that gives a ratio a cause names one of them, or names no quantity as the cause at all.
"""

from __future__ import annotations

import re

from underwrite.agent.memo.subjects import subject_spans

_PAYMENT = {"fact:loan_amount", "fact:loan_term_months", "fact:interest_rate_pct", "ratio:monthly_payment"}
_INCOME = {"fact:monthly_net_income", "fact:annual_income", "fact:payslip_net_pay"}
_INPUTS: dict[str, set[str]] = {
    "ratio:dti": _PAYMENT | _INCOME | {"fact:monthly_debt_payments", "fact:monthly_housing_cost"},
    "ratio:pti": _PAYMENT | _INCOME,
    "ratio:lti": _INCOME | {"fact:loan_amount"},
    "ratio:monthly_payment": _PAYMENT,
    "ratio:residual_income": _PAYMENT
    | _INCOME
    | {"fact:monthly_debt_payments", "fact:monthly_housing_cost", "fact:monthly_expenses"},
}
_CAUSE_AFTER = re.compile(
    r"\b(?:because of|due to|driven by|owing to|caused by|as a result of|on account of|thanks to|"
    r"pushed (?:up|down) by|reflects?)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[;!?]|\.(?:\s|$)")


def foreign_causes(text: str) -> list[str]:
    """A ratio said to be driven by a quantity that is not one of its inputs."""
    out = []
    for part in _CLAUSE.split(text):
        hit = _CAUSE_AFTER.search(part)
        if hit is None:
            continue
        effects = [k for _s, _e, k in subject_spans(part[: hit.start()]) if k in _INPUTS]
        causes = [k for _s, _e, k in subject_spans(part[hit.end() :])]
        for effect in effects[-1:]:
            for cause in causes:
                if cause != effect and cause not in _INPUTS[effect]:
                    name = effect.partition(":")[2].replace("_", " ")
                    out.append(f"{cause.partition(':')[2].replace('_', ' ')} is no input of {name}")
    return out
