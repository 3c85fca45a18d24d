"""Precedent cases: past decided loans from the real datasets, as readable summaries with metadata.

Sources (no row the default score model trains on): the German credit holdout
(``holdout_split(load_dataset("german"))[1]``) and every row of modeldata ``credit_data`` and
``lending_club`` (the default model is German-only). All three datasets record loans that were
granted, so every precedent's decision is ``approved``; the outcome is ``repaid`` or ``defaulted``.

The grade is the policy grade (CP-9.2) of a *reference* PD: an out-of-fold logistic-regression
scorecard per dataset (5 folds, so no row is graded by a model that saw its own outcome). It stands
in for the grade the lender would have assigned at decision time.

The embedded text describes the application only (never its outcome, never a prohibited basis,
CP-11.2); :func:`describe_application` builds the same description for a new application, so a
query and its precedents are written alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from underwrite.core.datasets import LoadedDataset, holdout_split, load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.precedent import Precedent
from underwrite.retrieval.precedent_money import amount_in_eur
from underwrite.tools.policy.rules import grade_for_pd

PRECEDENT_DATASETS = ("german", "credit_data", "lending_club")
FILTER_KEYS = (
    "dataset",
    "product",
    "grade",
    "amount",
    "amount_eur",
    "amount_band",
    "term_months",
    "purpose",
    "decision",
    "outcome",
    "reference_pd",
    "row",
)
_AMOUNT_BANDS = ((2500, "under_2500"), (10000, "2500_10000"), (25000, "10000_25000"))
_PRODUCT_NAMES = {"consumer_instalment": "Consumer instalment loan", "sme_term_loan": "Business term loan"}

# (column, label, format) in reading order; columns absent from a row are skipped.
_DESCRIBED: tuple[tuple[str, str, str], ...] = (
    ("interest_rate_pct", "rate", "{:.2f}%"),
    ("purchase_price", "purchase price", "{:,.0f}"),
    ("employment_status", "employment", "{}"),
    ("job_category", "occupation", "{}"),
    ("employment_since_band", "with employer", "{}"),
    ("employment_years", "years with employer", "{:.0f}"),
    ("emp_length", "employment length", "{}"),
    ("monthly_net_income", "monthly income", "{:,.0f}"),
    ("annual_income", "annual income", "{:,.0f}"),
    ("verification_status", "income verification", "{}"),
    ("monthly_expenses", "monthly expenses", "{:,.0f}"),
    ("monthly_debt_payments", "monthly debt payments", "{:,.0f}"),
    ("monthly_housing_cost", "housing cost", "{:,.0f}"),
    ("installment_rate_code", "instalment burden code (1 highest, 4 lowest)", "{:.0f}"),
    ("housing_status", "housing", "{}"),
    ("property_type", "main property", "{}"),
    ("assets_value", "assets", "{:,.0f}"),
    ("debt_outstanding", "other debt", "{:,.0f}"),
    ("checking_account_status", "checking account", "{}"),
    ("savings_status", "savings", "{}"),
    ("credit_history", "credit history", "{}"),
    ("public_records", "adverse public records", "{}"),
    ("delinquencies_2y", "delinquencies in 2 years", "{:.0f}"),
    ("inquiries_6m", "credit inquiries in 6 months", "{:.0f}"),
    ("revolving_utilization_pct", "revolving utilisation", "{:.1f}%"),
    ("num_il_tl", "instalment accounts", "{:.0f}"),
    ("total_bal_il", "instalment balances", "{:,.0f}"),
    ("existing_credits_count", "credits at this bank", "{:.0f}"),
    ("other_installment_plans", "other instalment plans", "{}"),
    ("guarantors", "guarantor", "{}"),
    ("dependents", "dependents", "{:.0f}"),
    ("years_in_business", "years trading", "{:.0f}"),
    ("business_annual_revenue", "revenue", "{:,.0f}"),
    ("business_ebitda", "EBITDA", "{:,.0f}"),
)


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str) and value.strip().lower() in {"", "nan", "none", "unknown"})


_READABLE = {
    "emp_lt_1": "under 1 year",
    "emp_ge_10": "10 years or more",
    "emp_unk": "unknown",
    "Not_Verified": "not verified",
    "Source_Verified": "source verified",
    "Verified": "verified",
}


def _readable(value: Any) -> Any:
    if isinstance(value, str):
        if value in _READABLE:
            return _READABLE[value]
        if value.startswith("emp_") and value[4:].isdigit():
            return f"{value[4:]} years"
    return value


def describe_application(values: Mapping[str, Any]) -> str:
    """A one-paragraph description of an application from canonical facts (no prohibited basis)."""
    product = str(values.get("product") or "consumer_instalment")
    head = _PRODUCT_NAMES.get(product, "Loan")
    amount: Any = values.get("loan_amount")
    term: Any = values.get("loan_term_months")
    purpose = values.get("loan_purpose")
    if _present(amount):
        head += f" of {float(amount):,.0f}"
    if _present(term):
        head += f" over {float(term):.0f} months"
    if _present(purpose):
        head += f" for {purpose}"
    parts = []
    for column, label, fmt in _DESCRIBED:
        value = _readable(values.get(column))
        if column in PROTECTED_FIELDS or not _present(value):
            continue
        try:
            parts.append(f"{label} {fmt.format(value)}")
        except (TypeError, ValueError):
            parts.append(f"{label} {value}")
    details = "; ".join(parts)
    return f"{head}. {details[:1].upper()}{details[1:]}." if parts else f"{head}."


def amount_band(amount: float) -> str:
    for bound, name in _AMOUNT_BANDS:
        if amount < bound:
            return name
    return "25000_plus"


@lru_cache(maxsize=4)
def reference_pd(name: str) -> np.ndarray:
    """Out-of-fold PD for every row of dataset ``name`` from a logistic-regression scorecard."""
    ds = load_dataset(name)
    numeric = [c for c in ds.numeric if c not in ds.protected]
    categorical = [c for c in ds.categorical if c not in ds.protected]
    encode = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=10), categorical),
        ]
    )
    model = make_pipeline(encode, LogisticRegression(max_iter=2000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    proba = cross_val_predict(
        model, ds.frame[numeric + categorical], ds.frame["target"], cv=folds, method="predict_proba"
    )
    return np.asarray(proba[:, 1], dtype=float)


def _rows(ds: LoadedDataset) -> list[int]:
    return holdout_split(ds)[1] if ds.name == "german" else list(range(len(ds.frame)))


def _precedent(ds: LoadedDataset, row: int, record: dict[str, Any], pd_value: float) -> Precedent:
    dataset = ds.name
    amount = float(record["loan_amount"])
    purpose = record.get("loan_purpose")
    # Chroma metadata holds no None: a case without a euro amount simply lacks the keys.
    eur = amount_in_eur(amount, ds.amount_currency)
    in_eur = {"amount_eur": eur[0], "amount_eur_basis": eur[1]} if eur is not None else {}
    return Precedent(
        case_id=f"{dataset}-{row:05d}",
        summary=describe_application(record),
        metadata={
            "dataset": dataset,
            "row": int(row),
            "product": str(record.get("product", "consumer_instalment")),
            "grade": grade_for_pd(pd_value),
            "reference_pd": round(pd_value, 4),
            "amount": amount,
            "currency": ds.amount_currency,
            **in_eur,
            "amount_band": amount_band(amount),
            "term_months": int(record["loan_term_months"]),
            "purpose": str(purpose) if _present(purpose) else "unspecified",
            "decision": "approved",
            "outcome": "defaulted" if int(record["target"]) == 1 else "repaid",
        },
    )


def build_precedents(limit: int | None = None) -> list[Precedent]:
    """All precedents (≈14.5k), or the first ``limit`` taken round-robin across the datasets."""
    per_dataset: list[list[Precedent]] = []
    for name in PRECEDENT_DATASETS:
        ds = load_dataset(name)
        pds = reference_pd(name)
        records: list[dict[str, Any]] = ds.frame.to_dict("records")  # type: ignore[assignment]
        per_dataset.append([_precedent(ds, row, records[row], float(pds[row])) for row in _rows(ds)])
    if limit is None:
        return [p for group in per_dataset for p in group]
    if limit < 0:
        raise ValueError("limit must be non-negative")
    interleaved: list[Precedent] = []
    for i in range(max(len(g) for g in per_dataset)):
        interleaved.extend(g[i] for g in per_dataset if i < len(g))
        if len(interleaved) >= limit:
            break
    return interleaved[:limit]


def precedent_frame(precedents: list[Precedent]) -> pd.DataFrame:
    """Metadata as a table (for filters in tests and benchmarks)."""
    return pd.DataFrame([{"case_id": p.case_id, **p.metadata} for p in precedents])
