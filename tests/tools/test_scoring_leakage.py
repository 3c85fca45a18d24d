"""The leakage screen: columns recorded after the outcome are excluded, application attributes are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from underwrite.core.datasets import DATASETS
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_training_dataset
from underwrite.tools.scoring.leakage import leaking_columns, single_column_auc


@pytest.mark.parametrize("name", list(DATASETS))
def test_no_application_attribute_of_a_shipped_dataset_comes_near_the_threshold(name: str) -> None:
    config = load_config()
    training = load_training_dataset(name, config)
    schema = training.schema
    aucs = {
        c: single_column_auc(training.frame[c], training.y, numeric=c in schema.numeric)
        for c in [*schema.numeric, *schema.categorical]
    }
    # The strongest single attribute of any of them is ~0.73 (lending_club's interest rate).
    assert max(aucs.values()) < 0.75 < config.leakage_auc, aucs
    assert max(aucs.values()) > 0.6  # and the screen does see real signal: it is not blind


def _frame(rows: int = 300, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random(rows) < 0.3).astype(int)
    frame = pd.DataFrame(
        {
            "income": rng.normal(3000, 800, rows) - 400 * y,  # real but weak signal
            "recoveries": np.where(y == 1, rng.uniform(100, 5000, rows), 0.0),  # only defaulters have it
            "status": np.where(y == 1, "charged off", "current"),
            "region": rng.choice(list("ABCDEFGHIJ"), rows),
        }
    )
    return frame, y


def test_post_outcome_columns_are_excluded_with_their_figure() -> None:
    frame, y = _frame()
    found = leaking_columns(frame, y, ["income", "recoveries"], ["status", "region"], threshold=0.95)
    assert set(found) == {"recoveries", "status"}
    assert "out-of-fold AUC 1.000" in found["recoveries"] and "leakage" in found["status"]


def test_a_many_level_category_cannot_memorise_its_rows_out_of_fold() -> None:
    frame, y = _frame()
    frame["row_code"] = [f"c{i}" for i in range(len(frame))]  # one level per row
    assert single_column_auc(frame["row_code"], y, numeric=False) < 0.6


def test_missing_values_are_a_group_not_an_error() -> None:
    frame, y = _frame()
    income = frame["income"].where(np.arange(len(frame)) % 4 != 0)
    assert 0.5 <= single_column_auc(income, y, numeric=True) < 0.95


def test_a_minority_class_of_one_is_not_screened() -> None:
    frame, _ = _frame(rows=30)
    y = np.zeros(30, dtype=int)
    y[0] = 1
    assert leaking_columns(frame, y, ["recoveries"], [], threshold=0.95) == {}
