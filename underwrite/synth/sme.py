"""Small-business packets: a documented synthetic extension of German credit rows."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from underwrite.synth import names
from underwrite.synth.from_row import (
    GERMAN_COLUMNS,
    check_consistency,
    debt_payments,
    german_truth,
    printed_form_fields,
)
from underwrite.synth.transactions import build_statement
from underwrite.synth.truth import PacketTruth, ProfitAndLossTruth
from underwrite.tools.intake.extraction.derived import employment_band, new_instalment

SME_DSCR_RANGES = {1: (1.05, 1.30), 2: (1.40, 1.75), 3: (1.85, 2.40), 4: (2.60, 5.00)}


def sme_truth(row: dict[str, Any], row_index: int, rng: random.Random, application_id: str) -> PacketTruth:
    """Small-business packet: a synthetic extension of one German credit row (documented mapping).

    The row's person becomes the owner of a small business asking for a business term loan:
    amount = German amount × 8 rounded to 100 EUR, same term; ``years_in_business`` drawn inside
    ``employment_since_band`` (the unemployed band becomes a start-up in its first year, band
    "under 1 year"); ``employment_status`` "self-employed", employer = the business; the owner's
    net income is a monthly drawing of 1,800-6,500 EUR credited to the personal statement. The
    profit-and-loss statement is built so the DSCR (EBITDA / (existing annual debt service + 12 ×
    new instalment)) falls inside the range mapped from ``installment_rate_code`` (1: 1.05-1.30,
    2: 1.40-1.75, 3: 1.85-2.40, 4: 2.6-5.0); existing debt service comes from the same
    existing-credit and instalment-plan columns (2,400-12,000 EUR a year each); total debt is 2.5-4.5
    years of that service; revenue = EBITDA / margin (8-25 %); equity 5-40 % of revenue. All other
    German columns and the label are the row's own.
    """
    base = german_truth(row, row_index, random.Random(rng.random()), application_id)
    f: dict[str, Any] = dict(base.fields)
    applied = date.fromisoformat(str(f["application_date"]))
    f["product"] = "sme_term_loan"
    f["loan_amount"] = float(max(1000, round(float(row["loan_amount"]) * 8, -2)))
    band = str(row["employment_since_band"])
    years = {
        "unemployed": 0,
        "under 1 year": 0,
        "1 to 4 years": rng.randint(1, 3),
        "4 to 7 years": rng.randint(4, 6),
    }
    f["years_in_business"] = years.get(band, rng.randint(7, max(7, min(30, int(f["age_years"]) - 20))))
    owner, trade, form = (
        rng.choice(options) for options in (names.LAST_NAMES, names.BUSINESS_KINDS, names.BUSINESS_FORMS)
    )
    f["business_name"] = f"{owner} {trade} {form}"
    f["employment_status"] = "self-employed"
    f["employer_name"] = f["business_name"]
    f["employment_years"] = float(f["years_in_business"])
    f["employment_since_band"] = employment_band("self-employed", f["employment_years"])
    f["monthly_net_income"] = round(rng.uniform(1800, 6500), 2)
    f["payslip_net_pay"] = None
    plans = int(row["existing_credits_count"]) - 1 + (row["other_installment_plans"] != "none")
    existing = float(sum(rng.randrange(2400, 12000, 100) for _ in range(plans)))
    payment = new_instalment(f)
    assert payment is not None
    dscr = rng.uniform(*SME_DSCR_RANGES[int(row["installment_rate_code"])])
    ebitda = float(round(dscr * (existing + 12 * payment)))
    revenue = float(round(ebitda / rng.uniform(0.08, 0.25)))
    cost_of_sales = float(round(revenue * rng.uniform(0.35, 0.55)))
    total_debt = float(round(existing * rng.uniform(2.5, 4.5)))
    depreciation = float(round(ebitda * rng.uniform(0.1, 0.3)))
    interest = float(round(total_debt * rng.uniform(0.04, 0.08)))
    tax = float(max(0, round(0.3 * (ebitda - depreciation - interest))))
    pnl = ProfitAndLossTruth(
        fiscal_year=applied.year - 1,
        revenue=revenue,
        cost_of_sales=cost_of_sales,
        operating_expenses=revenue - cost_of_sales - ebitda,
        ebitda=ebitda,
        depreciation=depreciation,
        interest=interest,
        tax=tax,
        net_profit=ebitda - depreciation - interest - tax,
        existing_debt_service=existing,
        total_debt=total_debt,
        equity=float(round(revenue * rng.uniform(0.05, 0.4))),
    )
    f.update(
        business_annual_revenue=revenue,
        business_ebitda=ebitda,
        business_existing_debt_service=existing,
        business_total_debt=total_debt,
        business_equity=pnl.equity,
    )
    debts = debt_payments(row, random.Random(rng.random()))
    f["monthly_debt_payments"] = round(sum(a for _, a in debts), 2)
    statement = build_statement(
        f, debts, f"Owner drawing {f['business_name']}", applied, str(row["checking_account_status"]), rng
    )
    f.update(statement.summary)
    truth = base.model_copy(
        update={
            "dataset": "sme",
            "product": "sme_term_loan",
            "fields": f,
            "rule_fields": ["statement_avg_monthly_deposits", "statement_avg_closing_balance"],
            "synthetic_fields": sorted(
                set(f) - set(GERMAN_COLUMNS) | {"loan_amount", "installment_rate_code"}
            ),
            "opening_balance": statement.opening_balance,
            "transactions": statement.transactions,
            "payslip": None,
            "profit_and_loss": pnl,
        }
    )
    truth.form_fields = [n for n in printed_form_fields(truth) if n != "payslip_net_pay"]
    check_consistency(truth, row)
    return truth
