"""The canonical vocabulary of application facts.

Datasets are mapped onto these names, packets render them, the extractor recovers them, the score
model consumes them and the policy rules test them. One registry keeps all of that in agreement.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class FieldKind(StrEnum):
    money = "money"  # amount in the application currency (EUR)
    number = "number"
    integer = "integer"
    months = "months"
    years = "years"
    percent = "percent"
    category = "category"
    text = "text"
    date = "date"


class FieldDef(BaseModel):
    name: str
    label: str
    kind: FieldKind
    description: str
    protected: bool = False
    """A prohibited basis under ECOA / Reg B (or a direct proxy): never a model input, never a reason."""
    prose_only: bool = False
    """Only ever stated in free text (cover letter); left to the LLM extraction layer."""


def _f(name: str, label: str, kind: FieldKind, description: str, **flags: bool) -> FieldDef:
    return FieldDef(name=name, label=label, kind=kind, description=description, **flags)


K = FieldKind
FIELDS: dict[str, FieldDef] = {
    f.name: f
    for f in [
        # Applicant identity and demographics (never scored).
        _f("applicant_name", "Applicant name", K.text, "Full legal name of the applicant"),
        _f("date_of_birth", "Date of birth", K.date, "Applicant date of birth", protected=True),
        _f("age_years", "Age", K.years, "Applicant age in years", protected=True),
        _f("sex", "Sex", K.category, "Applicant sex", protected=True),
        _f("marital_status", "Marital status", K.category, "Marital status", protected=True),
        _f("foreign_worker", "Foreign worker", K.category, "Foreign worker yes/no", protected=True),
        _f("nationality", "Nationality", K.text, "Nationality", protected=True),
        _f("dependents", "Dependents", K.integer, "Number of people the applicant supports"),
        _f("telephone", "Telephone registered", K.category, "Whether a telephone is registered"),
        _f("residence_years", "Years at address", K.years, "Years at current residence"),
        # Request.
        _f("product", "Product", K.category, "consumer_instalment or sme_term_loan"),
        _f("loan_amount", "Loan amount", K.money, "Requested principal"),
        _f("loan_term_months", "Term", K.months, "Requested term in months"),
        _f("loan_purpose", "Purpose", K.category, "Purpose of the loan"),
        _f("interest_rate_pct", "Interest rate", K.percent, "Annual nominal rate quoted"),
        _f("purchase_price", "Purchase price", K.money, "Price of the financed good"),
        _f("application_date", "Application date", K.date, "Date the application was signed"),
        # Employment and income.
        _f("employment_status", "Employment status", K.category, "employed / self-employed / ..."),
        _f("job_category", "Job category", K.category, "Skill level of occupation"),
        _f("employment_years", "Years employed", K.years, "Years with the current employer"),
        _f("employer_name", "Employer", K.text, "Name of the employer"),
        _f(
            "employment_since_band",
            "Employed since (band)",
            K.category,
            "German credit band of years with the current employer, derived from employment_years",
        ),
        _f("monthly_net_income", "Net monthly income", K.money, "Stated net monthly income"),
        _f("annual_income", "Annual income", K.money, "Stated gross annual income"),
        _f(
            "payslip_net_pay",
            "Net pay (pay slip or employer letter)",
            K.money,
            "Net pay on the latest pay slip, or as an employer / benefit letter states it",
        ),
        _f(
            "statement_avg_monthly_deposits",
            "Average monthly deposits",
            K.money,
            "Average monthly credits on the bank statement",
        ),
        _f(
            "statement_avg_closing_balance",
            "Average closing balance",
            K.money,
            "Average month-end balance on the bank statement",
        ),
        _f(
            "statement_monthly_salary",
            "Salary credits per month",
            K.money,
            "Average monthly salary, wage, pension or benefit credits on the bank statement (recurring)",
        ),
        _f(
            "statement_monthly_housing",
            "Rent / mortgage debits per month",
            K.money,
            "Average monthly rent or mortgage debits on the bank statement (recurring)",
        ),
        _f(
            "statement_monthly_loan_repayments",
            "Loan repayment debits per month",
            K.money,
            "Average monthly loan repayment debits on the bank statement (recurring)",
        ),
        # Obligations and housing.
        _f("monthly_debt_payments", "Existing debt payments", K.money, "Monthly payments on other debt"),
        _f("monthly_housing_cost", "Housing cost", K.money, "Monthly rent or mortgage payment"),
        _f("monthly_expenses", "Living expenses", K.money, "Stated monthly living expenses"),
        _f("housing_status", "Housing", K.category, "own / rent / for free"),
        _f(
            "installment_rate_code",
            "Instalment rate code",
            K.integer,
            "German credit code 1-4 of the new instalment as share of disposable income, derived",
        ),
        _f("existing_credits_count", "Existing credits", K.integer, "Credits already held at this bank"),
        _f("other_installment_plans", "Other instalment plans", K.category, "bank / stores / none"),
        _f("guarantors", "Guarantor / co-applicant", K.category, "none / co-applicant / guarantor"),
        # Assets.
        _f("checking_account_status", "Checking account", K.category, "Balance band of checking account"),
        _f("savings_status", "Savings", K.category, "Balance band of savings / bonds"),
        _f("property_type", "Most valuable property", K.category, "real estate / insurance / car / none"),
        _f("assets_value", "Assets value", K.money, "Declared value of assets"),
        _f("debt_outstanding", "Outstanding debt", K.money, "Declared outstanding debt"),
        # Credit history.
        _f("credit_history", "Credit history", K.category, "Repayment history category"),
        _f("public_records", "Adverse public records", K.category, "Whether adverse records exist"),
        _f("delinquencies_2y", "Delinquencies (2y)", K.integer, "30+ day delinquencies in two years"),
        _f("inquiries_6m", "Inquiries (6m)", K.integer, "Credit inquiries in six months"),
        _f("revolving_utilization_pct", "Revolving utilisation", K.percent, "Revolving balance / limit"),
        # Small business.
        _f("business_name", "Business name", K.text, "Legal name of the business"),
        _f("years_in_business", "Years in business", K.years, "Years trading"),
        _f("business_annual_revenue", "Annual revenue", K.money, "Revenue on the P&L"),
        _f("business_ebitda", "EBITDA", K.money, "Earnings before interest, tax, depreciation, amortisation"),
        _f(
            "business_existing_debt_service",
            "Existing annual debt service",
            K.money,
            "Annual principal + interest on existing business debt",
        ),
        _f("business_total_debt", "Total business debt", K.money, "Total financial debt"),
        _f("business_equity", "Equity", K.money, "Book equity"),
        # Prose.
        _f(
            "applicant_statement",
            "Applicant statement",
            K.text,
            "What the applicant wrote about the purpose and their situation",
            prose_only=True,
        ),
    ]
}

PROTECTED_FIELDS: frozenset[str] = frozenset(n for n, f in FIELDS.items() if f.protected)


def field(name: str) -> FieldDef:
    """Look up a field definition; unknown names are a programming error."""
    try:
        return FIELDS[name]
    except KeyError as exc:
        raise KeyError(f"unknown field {name!r}; add it to underwrite.core.fields.FIELDS") from exc
