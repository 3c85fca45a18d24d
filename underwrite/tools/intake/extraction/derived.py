"""Facts computed from other facts: age, and the German credit columns no form states directly.

German credit has two columns that no application form asks for in that shape:

* ``employment_since_band`` — derived from ``employment_status`` and ``employment_years`` with the
  Statlog band edges (unemployed / under 1 / 1-4 / 4-7 / 7 years or more);
* ``installment_rate_code`` — the new instalment as a share of *disposable* income, where the
  instalment is the annuity at the policy reference rate (``ratios.REFERENCE_ANNUAL_RATE_PCT``) and
  disposable income = net income − housing cost − other debt payments; shares are banded with the
  edges of ``GERMAN_INSTALLMENT_RATE_BANDS`` (code 1 ≥ 35 %, 2 ≥ 25 %, 3 ≥ 20 %, 4 below: Grömping's
  code table for the German rows, see ``core/datasets_german.py``), so a heavier burden never maps
  to a higher (lighter) code; the score model treats a lower code as riskier (monotone −1).
  For small-business packets (``sme_term_loan``) the code is read from the debt-service coverage
  ratio instead: DSCR < 1.35 → 1, < 1.8 → 2, < 2.5 → 3, otherwise 4 (the synthetic SME extension
  renders its profit-and-loss statement to fit these bands).

The packet generator uses the same functions to check its synthetic numbers, so a packet whose
documents are read correctly always derives back to the dataset's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from underwrite.core.datasets import GERMAN_INSTALLMENT_RATE_BANDS
from underwrite.core.schemas import FactValue
from underwrite.tools.checks.ratios import REFERENCE_ANNUAL_RATE_PCT, annuity_payment

# Lower share edge of each code, most burdensome first.
_SHARE_EDGES = sorted(((band[0], code) for code, band in GERMAN_INSTALLMENT_RATE_BANDS.items()), reverse=True)
SME_DSCR_EDGES: list[tuple[float, int]] = [(1.35, 1), (1.8, 2), (2.5, 3)]


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def employment_band(status: str | None, years: float | None) -> str | None:
    if status == "unemployed":
        return "unemployed"
    if years is None:
        return None
    if years < 1:
        return "under 1 year"
    if years < 4:
        return "1 to 4 years"
    if years < 7:
        return "4 to 7 years"
    return "7 years or more"


def _num(values: Mapping[str, FactValue], name: str) -> float | None:
    value = values.get(name)
    if value is None or isinstance(value, bool | str):
        return None
    return float(value)


def new_instalment(values: Mapping[str, FactValue]) -> float | None:
    amount, term = _num(values, "loan_amount"), _num(values, "loan_term_months")
    if amount is None or not term:
        return None
    return annuity_payment(amount, int(term), REFERENCE_ANNUAL_RATE_PCT)


def share_code(share: float) -> int:
    for edge, code in _SHARE_EDGES:
        if share >= edge and code != 4:
            return code
    return 4


def dscr_code(dscr: float) -> int:
    for edge, code in SME_DSCR_EDGES:
        if dscr < edge:
            return code
    return 4


def installment_rate_code(values: Mapping[str, FactValue]) -> int | None:
    """Statlog instalment-rate code (1 = heaviest burden) from the facts it depends on."""
    payment = new_instalment(values)
    if payment is None:
        return None
    if values.get("product") == "sme_term_loan":
        ebitda = _num(values, "business_ebitda")
        existing = _num(values, "business_existing_debt_service")
        if ebitda is None or existing is None:
            return None
        return dscr_code(ebitda / (existing + 12 * payment))
    income = _num(values, "monthly_net_income")
    housing = _num(values, "monthly_housing_cost")
    debts = _num(values, "monthly_debt_payments")
    if income is None or housing is None or debts is None:
        return None
    disposable = income - housing - debts
    if disposable <= 0:
        return 1
    return share_code(payment / disposable)
