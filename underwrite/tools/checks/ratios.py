"""Affordability and cash-flow ratios, computed in code from facts (never by the LLM).

Conventions (documented in the policy manual, CP-4): income is *net* monthly income; DTI counts
existing debt payments, housing cost and the new instalment; the new instalment is an annuity at the
quoted rate, or at the policy's reference rate when no rate was quoted.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, Field

from underwrite.core.schemas import FactValue, as_number

REFERENCE_ANNUAL_RATE_PCT = 9.5
"""Pricing assumption when the application quotes no rate (policy CP-9.1)."""


class Ratios(BaseModel):
    monthly_payment: float | None = Field(default=None, description="New instalment, EUR/month")
    dti: float | None = Field(default=None, description="(debt + housing + new instalment) / net income")
    pti: float | None = Field(default=None, description="new instalment / net income")
    lti: float | None = Field(default=None, description="loan amount / annual income")
    residual_income: float | None = Field(default=None, description="EUR/month left after all outgoings")
    dscr: float | None = Field(default=None, description="SME: EBITDA / annual debt service incl. new loan")
    leverage: float | None = Field(default=None, description="SME: total debt incl. new loan / EBITDA")
    missing_inputs: dict[str, list[str]] = Field(
        default_factory=dict, description="ratio → the inputs it could not find"
    )

    def as_values(self) -> dict[str, float | None]:
        return self.model_dump(exclude={"missing_inputs"})


def annuity_payment(principal: float, term_months: int, annual_rate_pct: float) -> float:
    """Level monthly payment that repays ``principal`` over ``term_months``."""
    if term_months <= 0:
        raise ValueError("term_months must be positive")
    rate = annual_rate_pct / 100.0 / 12.0
    if rate == 0:
        return principal / term_months
    return principal * rate / (1.0 - (1.0 + rate) ** (-term_months))


def compute_ratios(values: Mapping[str, FactValue]) -> Ratios:
    """All ratios computable from ``values`` (canonical field name → value)."""
    out = Ratios()
    amount = as_number(values.get("loan_amount"))
    term = as_number(values.get("loan_term_months"))
    rate = as_number(values.get("interest_rate_pct"))
    rate = REFERENCE_ANNUAL_RATE_PCT if rate is None else rate
    income = as_number(values.get("monthly_net_income"))
    debt = as_number(values.get("monthly_debt_payments")) or 0.0
    housing = as_number(values.get("monthly_housing_cost")) or 0.0
    expenses = as_number(values.get("monthly_expenses")) or 0.0

    def need(ratio: str, **inputs: float | None) -> bool:
        missing = [k for k, v in inputs.items() if v is None]
        if missing:
            out.missing_inputs[ratio] = missing
        return not missing

    if need("monthly_payment", loan_amount=amount, loan_term_months=term) and amount and term:
        out.monthly_payment = round(annuity_payment(amount, int(term), rate), 2)
    payment = out.monthly_payment
    if need("pti", monthly_payment=payment, monthly_net_income=income) and payment is not None and income:
        out.pti = round(payment / income, 4)
    if need("dti", monthly_payment=payment, monthly_net_income=income) and payment is not None and income:
        out.dti = round((debt + housing + payment) / income, 4)
    annual = as_number(values.get("annual_income")) or (income * 12 if income else None)
    if need("lti", loan_amount=amount, annual_income=annual) and amount is not None and annual:
        out.lti = round(amount / annual, 4)
    if need("residual_income", monthly_payment=payment, monthly_net_income=income) and (
        payment is not None and income is not None
    ):
        out.residual_income = round(income - debt - housing - expenses - payment, 2)

    if values.get("product") == "sme_term_loan":
        ebitda = as_number(values.get("business_ebitda"))
        existing_service = as_number(values.get("business_existing_debt_service")) or 0.0
        total_debt = as_number(values.get("business_total_debt")) or 0.0
        if need("dscr", business_ebitda=ebitda, monthly_payment=payment) and ebitda is not None and payment:
            out.dscr = round(ebitda / (existing_service + 12 * payment), 4)
        if need("leverage", business_ebitda=ebitda, loan_amount=amount) and ebitda and amount is not None:
            out.leverage = round((total_debt + amount) / ebitda, 4)
    return out
