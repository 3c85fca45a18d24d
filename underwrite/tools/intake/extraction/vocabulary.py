"""Label synonyms and value wordings: how forms name a field and how they word its categories.

One table serves both the packet renderer (which picks a wording per packet) and the rule extractor
(which maps any wording back to the canonical value). Category values are the decoded values of
``load_dataset("german").frame`` so that extracted facts line up with the score model's columns.
"""

from __future__ import annotations

import re

LABELS: dict[str, list[str]] = {
    # Applicant.
    "applicant_name": ["Applicant name", "Full name", "Name of applicant", "Name"],
    "date_of_birth": ["Date of birth", "Birth date", "Born", "DOB"],
    "sex": ["Sex", "Gender", "Title"],
    "marital_status": ["Marital status", "Civil status", "Family status"],
    "nationality": ["Nationality", "Citizenship"],
    "foreign_worker": ["Foreign worker", "Foreign national worker", "Working as foreign national"],
    "dependents": ["Dependents", "Number of dependants", "Persons supported"],
    "residence_years": [
        "Years at current address",
        "Years at address",
        "Residence (years)",
        "Living here since",
    ],
    "telephone": ["Telephone registered", "Phone line in own name", "Telephone"],
    "housing_status": ["Housing", "Residential status", "Home ownership"],
    "monthly_housing_cost": ["Monthly rent / mortgage", "Housing cost per month", "Monthly housing cost"],
    # Employment and income.
    "employment_status": ["Employment status", "Occupation status", "Work status"],
    "employer_name": ["Employer", "Name of employer", "Employer name"],
    "employment_years": ["Years with employer", "Employed since", "Time with current employer"],
    "job_category": ["Job category", "Occupation level", "Position type"],
    "monthly_net_income": ["Net monthly income", "Monthly net income", "Take-home pay per month"],
    # Obligations and assets.
    "monthly_debt_payments": [
        "Monthly payments on other debts",
        "Existing loan repayments per month",
        "Other debt payments (monthly)",
    ],
    "existing_credits_count": [
        "Number of credits at this bank",
        "Existing credits with us",
        "Credits held with us",
    ],
    "other_installment_plans": [
        "Other instalment plans",
        "Other instalment credit",
        "Instalment plans elsewhere",
    ],
    "checking_account_status": ["Checking account", "Current account status", "Checking account balance"],
    "savings_status": ["Savings", "Savings / bonds", "Savings balance"],
    "property_type": ["Most valuable property", "Main asset", "Property"],
    "credit_history": ["Credit history", "Repayment history", "Past credit record"],
    "guarantors": ["Guarantor / co-applicant", "Other debtors / guarantors", "Co-signer"],
    # Request.
    "product": ["Product", "Loan product", "Credit type"],
    "loan_amount": ["Loan amount", "Amount requested", "Credit amount", "Requested amount"],
    "loan_term_months": ["Loan term", "Term", "Duration", "Repayment period"],
    "loan_purpose": ["Purpose", "Loan purpose", "Purpose of credit"],
    "application_date": ["Application date", "Date of application", "Signed on", "Date"],
    # Business and profit-and-loss statement.
    "business_name": ["Business name", "Company name", "Trading name"],
    "years_in_business": ["Years in business", "Trading since", "Years trading"],
    "business_annual_revenue": ["Revenue", "Turnover", "Total revenue"],
    "business_ebitda": ["EBITDA", "Operating profit before D&A"],
    "business_existing_debt_service": [
        "Annual debt service",
        "Existing debt service (principal + interest)",
        "Loan repayments (annual)",
    ],
    "business_total_debt": ["Total debt", "Financial debt", "Borrowings"],
    "business_equity": ["Equity", "Total equity", "Shareholders' equity"],
    # Pay slip (rule layer: it corroborates the form's stated income).
    "payslip_net_pay": ["Net pay", "Net salary", "Amount paid out", "Net amount payable"],
    # Credit bureau report (policy CP-3.1; mapping from the datasets in packets.bureau).
    "delinquencies_2y": [
        "Delinquencies (30+ days, last 24 months)",
        "Payments 30+ days past due in 24 months",
        "Arrears of 30 days or more (2 years)",
    ],
    "public_records": [
        "Adverse public records",
        "Public records (insolvency, judgments)",
        "Insolvencies and court judgments",
    ],
}

VALUE_WORDINGS: dict[str, dict[str, list[str]]] = {
    "checking_account_status": {
        "overdrawn": ["overdrawn", "negative balance (overdrawn)", "in debit (below 0)"],
        "0 to 200": ["0 to 200", "between 0 and 200 EUR", "0 - 200 EUR in credit"],
        "200 or more / salary account": [
            "200 or more / salary account",
            "200 EUR or more, salary paid in",
            "over 200 EUR (salary account)",
        ],
        "no checking account": ["no checking account", "none held", "no current account"],
    },
    "savings_status": {
        "under 100": ["under 100", "less than 100 EUR", "below 100"],
        "100 to 500": ["100 to 500", "100 - 500 EUR", "between 100 and 500"],
        "500 to 1000": ["500 to 1000", "500 - 1,000 EUR", "between 500 and 1000"],
        "1000 or more": ["1000 or more", "1,000 EUR and above", "at least 1000"],
        "none or unknown": ["none or unknown", "no savings account", "none / not known"],
    },
    "credit_history": {
        "all credits at this bank paid back duly": [
            "all credits at this bank paid back duly",
            "all loans with this bank repaid on time",
            "previous loans here fully repaid",
        ],
        "critical account/ other credits existing (not at this bank)": [
            "critical account/ other credits existing (not at this bank)",
            "critical account; credits at other banks",
            "critical - other credits elsewhere",
        ],
        "delay in paying off in the past": [
            "delay in paying off in the past",
            "past payment delays",
            "late payments in the past",
        ],
        "existing credits paid back duly till now": [
            "existing credits paid back duly till now",
            "current credits repaid on time so far",
            "existing loans up to date",
        ],
        "no credits taken/ all credits paid back duly": [
            "no credits taken/ all credits paid back duly",
            "no previous credit / all repaid",
            "never borrowed or all repaid",
        ],
    },
    "loan_purpose": {
        "car (new)": ["car (new)", "new car", "car - new"],
        "car (used)": ["car (used)", "used car", "car - used"],
        "furniture/equipment": ["furniture/equipment", "furniture", "furniture and equipment"],
        "radio/television": ["radio/television", "radio / TV", "television and radio"],
        "domestic appliances": ["domestic appliances", "household appliances", "home appliances"],
        "repairs": ["repairs", "home repairs", "repair work"],
        "education": ["education", "studies", "tuition"],
        "retraining": ["retraining", "vocational retraining", "career retraining"],
        "business": ["business", "business purposes", "business investment"],
        "others": ["others", "other", "other purpose"],
    },
    "guarantors": {
        "none": ["none", "no", "no guarantor"],
        "co-applicant": ["co-applicant", "joint applicant", "co-borrower"],
        "guarantor": ["guarantor", "guarantor provided", "yes, guarantor"],
    },
    "property_type": {
        "real estate": ["real estate", "house / land", "real property"],
        "building society savings agreement/ life insurance": [
            "building society savings agreement/ life insurance",
            "life insurance / building society savings",
            "building savings or life insurance",
        ],
        "car or other, not in attribute Savings account/bonds": [
            "car or other",
            "car or other asset",
            "vehicle / other assets",
        ],
        "unknown / no property": ["unknown / no property", "no property", "none"],
    },
    "other_installment_plans": {
        "bank": ["bank", "with another bank", "bank instalment plan"],
        "stores": ["stores", "store credit", "retail instalment plan"],
        "none": ["none", "no", "no other plans"],
    },
    "housing_status": {
        "own": ["own", "owner", "owner-occupier"],
        "rent": ["rent", "tenant", "renting"],
        "for free": ["for free", "rent-free", "living for free"],
    },
    "job_category": {
        "management/ self-employed/ highly qualified employee/ officer": [
            "management/ self-employed/ highly qualified employee/ officer",
            "management / highly qualified",
            "highly qualified employee / self-employed / officer",
        ],
        "skilled employee / official": [
            "skilled employee / official",
            "skilled employee",
            "skilled worker / official",
        ],
        "unskilled - resident": [
            "unskilled - resident",
            "unskilled (resident)",
            "unskilled worker, resident",
        ],
        "unemployed/ unskilled - non-resident": [
            "unemployed/ unskilled - non-resident",
            "unskilled (non-resident) / unemployed",
            "unemployed or unskilled non-resident",
        ],
    },
    "telephone": {
        "yes": ["yes", "registered", "yes (own name)"],
        "no": ["no", "none", "not registered"],
    },
    "foreign_worker": {"yes": ["yes", "y"], "no": ["no", "n"]},
    "public_records": {
        "no": ["none reported", "no adverse record", "none on file"],
        "yes": ["adverse record on file", "recorded", "yes, on file"],
    },
    "marital_status": {
        "divorced/separated": ["divorced/separated", "separated or divorced", "divorced"],
        "divorced/separated/married": [
            "divorced/separated/married",
            "married, divorced or separated",
            "married / separated / divorced",
        ],
        "married/widowed": ["married/widowed", "married or widowed", "widowed / married"],
        "single": ["single", "unmarried", "never married"],
    },
    "sex": {"male": ["male", "M", "Mr"], "female": ["female", "F", "Ms"]},
    "employment_status": {
        "employed": ["employed", "employee", "in employment"],
        "self-employed": ["self-employed", "business owner", "self employed"],
        "unemployed": ["unemployed", "not employed", "no current employment"],
    },
    "product": {
        "consumer_instalment": ["consumer instalment loan", "personal loan", "instalment credit"],
        "sme_term_loan": ["SME term loan", "business term loan", "small business loan"],
    },
}


def normalize(text: str) -> str:
    """Case- and punctuation-insensitive form used to compare wordings."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _value_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for name, values in VALUE_WORDINGS.items():
        table: dict[str, str] = {}
        for canonical, wordings in values.items():
            for wording in [canonical, *wordings]:
                key = normalize(wording)
                if table.get(key, canonical) != canonical:
                    raise ValueError(f"{name}: wording {wording!r} is ambiguous")
                table[key] = canonical
        index[name] = table
    return index


VALUE_INDEX = _value_index()


def canonical_value(name: str, shown: str) -> str | None:
    """The canonical category value that ``shown`` words, or None when it is no known wording."""
    return VALUE_INDEX.get(name, {}).get(normalize(shown))


def _label_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, labels in LABELS.items():
        for label in labels:
            key = normalize(label)
            if index.get(key, name) != name:
                raise ValueError(f"label {label!r} is used by two fields")
            index[key] = name
    return index


LABEL_INDEX = _label_index()
