from __future__ import annotations

import pytest

from underwrite.tools.checks.ratios import annuity_payment, compute_ratios


def test_annuity_matches_closed_form() -> None:
    # 10,000 over 36 months at 12% p.a. is 332.14 per month (standard amortisation table).
    assert annuity_payment(10_000, 36, 12.0) == pytest.approx(332.14, abs=0.01)
    assert annuity_payment(1_200, 12, 0.0) == 100.0
    with pytest.raises(ValueError):
        annuity_payment(1_000, 0, 5.0)


def test_consumer_ratios() -> None:
    r = compute_ratios(
        {
            "loan_amount": 10_000,
            "loan_term_months": 36,
            "interest_rate_pct": 12.0,
            "monthly_net_income": 2_000,
            "monthly_debt_payments": 150,
            "monthly_housing_cost": 600,
            "monthly_expenses": 400,
        }
    )
    assert r.monthly_payment == pytest.approx(332.14, abs=0.01)
    assert r.pti == pytest.approx(332.14 / 2000, abs=1e-4)
    assert r.dti == pytest.approx((150 + 600 + 332.14) / 2000, abs=1e-4)
    assert r.lti == pytest.approx(10_000 / 24_000, abs=1e-4)
    assert r.residual_income == pytest.approx(2000 - 150 - 600 - 400 - 332.14, abs=0.01)
    assert r.dscr is None and r.missing_inputs == {}


def test_missing_income_is_reported_not_guessed() -> None:
    r = compute_ratios({"loan_amount": 5_000, "loan_term_months": 24})
    assert r.dti is None and r.pti is None
    assert r.missing_inputs["dti"] == ["monthly_net_income"]


def test_sme_ratios() -> None:
    r = compute_ratios(
        {
            "product": "sme_term_loan",
            "loan_amount": 50_000,
            "loan_term_months": 60,
            "interest_rate_pct": 8.0,
            "business_ebitda": 40_000,
            "business_existing_debt_service": 10_000,
            "business_total_debt": 70_000,
        }
    )
    assert r.monthly_payment is not None
    assert r.dscr == pytest.approx(40_000 / (10_000 + 12 * r.monthly_payment), abs=1e-4)
    assert r.leverage == pytest.approx(120_000 / 40_000, abs=1e-4)
