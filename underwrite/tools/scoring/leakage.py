"""Screen an unseen CSV for columns that know the outcome: recorded after it, not before.

A servicing export often carries "recoveries", "last payment", "dunning level" or a write-off
amount next to the application fields. Each of those separates defaulters almost perfectly on its
own, so a model trained with them scores 0.99 in validation and nothing on a new applicant. No
application attribute of any credit data set we ship comes close (the strongest, lending_club's
interest rate, reaches ~0.7 alone; `tests/tools/test_scoring_leakage.py` checks all four). The
screen scores every column alone, out of fold (so a 50-level category cannot memorise its rows),
and excludes those at or above `leakage_auc` with the figure in the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

_BINS = 10
_PRIOR_ROWS = 5.0  # a level's bad rate is shrunk toward the fold's with this many rows' weight


def _codes(values: pd.Series, numeric: bool) -> np.ndarray:
    """Integer groups: deciles for numbers, levels for categories; missing is a group of its own."""
    if numeric:
        numbers = pd.to_numeric(values, errors="coerce")
        ranks = numbers.rank(method="average", pct=True)
        codes = np.floor(ranks.to_numpy(dtype=float) * _BINS).clip(0, _BINS - 1)
        return np.where(np.isnan(codes), -1, codes).astype(int)
    return pd.factorize(values.astype("string").fillna("\x00missing"))[0]


def single_column_auc(
    values: pd.Series, y: np.ndarray, numeric: bool, folds: int = 5, seed: int = 0
) -> float:
    """AUC of the column alone (its groups' out-of-fold bad rates as the score), either direction."""
    codes = _codes(values.reset_index(drop=True), numeric)
    score = np.zeros(len(y))
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(codes, y)
    for fit, held in splits:
        prior = float(y[fit].mean())
        frame = pd.DataFrame({"code": codes[fit], "y": y[fit]}).groupby("code")["y"].agg(["sum", "count"])
        rate = (frame["sum"] + _PRIOR_ROWS * prior) / (frame["count"] + _PRIOR_ROWS)
        score[held] = pd.Series(codes[held]).map(rate).fillna(prior).to_numpy()
    auc = float(roc_auc_score(y, score))
    return max(auc, 1.0 - auc)


def leaking_columns(
    frame: pd.DataFrame, y: np.ndarray, numeric: list[str], categorical: list[str], threshold: float
) -> dict[str, str]:
    """Column -> exclusion reason, for every column whose out-of-fold AUC alone is >= threshold."""
    folds = int(min(5, np.bincount(y).min()))
    if folds < 2:
        return {}
    found = {}
    for col in [*numeric, *categorical]:
        auc = single_column_auc(frame[col], y, numeric=col in numeric, folds=folds)
        if auc >= threshold:
            found[col] = (
                f"separates the outcome on its own (out-of-fold AUC {auc:.3f} >= {threshold}): "
                "probably recorded after the outcome (leakage): excluded"
            )
    return found
