"""Peers beyond the classic baselines: CatBoost, an Explainable Boosting Machine and the LR + LightGBM
rank blend, each a function (train rows, test rows) -> PD on the test rows, on the same folds as ours.

Settings are fixed here, before any fold is seen (a protocol, not tuning): CatBoost with its
defaults except 300 rounds instead of 1000 (its automatic learning rate rises to match; 1000
rounds took ~50 s per German fold on the shared two-core machine); the EBM with interpret's
defaults except 4 outer bags instead of 14 (same reason); the blend is the plain average of the
logistic regression's and the regularised LightGBM's ranks.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from underwrite.bench.scoring_models import FoldModel, plain_schema
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.features import build_matrix

EBM_OUTER_BAGS = 4
CATBOOST_ITERATIONS = 300


def _peer_frame(ts: TrainingSet) -> tuple[pd.DataFrame, list[str]]:
    """The baselines' columns with categories as strings ("missing" for a gap), numbers as floats."""
    schema = plain_schema(ts.schema)
    matrix = build_matrix(ts.frame, schema)
    for col in schema.categorical:
        matrix[col] = matrix[col].astype(object).where(matrix[col].notna(), "missing").astype(str)
    return matrix, list(schema.categorical)


def catboost(ts: TrainingSet, seed: int = 17) -> FoldModel:
    from catboost import CatBoostClassifier

    matrix, cats = _peer_frame(ts)

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        model = CatBoostClassifier(
            iterations=CATBOOST_ITERATIONS,
            random_seed=seed,
            thread_count=1,
            verbose=False,
            allow_writing_files=False,
            cat_features=cats,
        )
        model.fit(matrix.iloc[fit_idx], ts.y[fit_idx])
        return np.asarray(model.predict_proba(matrix.iloc[held_idx]))[:, 1]

    return run


def ebm(ts: TrainingSet, seed: int = 17) -> FoldModel:
    from interpret.glassbox import ExplainableBoostingClassifier

    matrix, cats = _peer_frame(ts)
    types = ["nominal" if c in cats else "continuous" for c in matrix.columns]

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        model = ExplainableBoostingClassifier(
            feature_types=types, outer_bags=EBM_OUTER_BAGS, n_jobs=1, random_state=seed
        )
        with warnings.catch_warnings():  # "missing values are not visualised": we draw no graphs
            warnings.simplefilter("ignore", UserWarning)
            model.fit(matrix.iloc[fit_idx], ts.y[fit_idx])
        return np.asarray(model.predict_proba(matrix.iloc[held_idx]))[:, 1]

    return run


def cached(run: FoldModel) -> FoldModel:
    """The same fold model, fitted once per test fold (the blend reuses what the table already ran)."""
    memo: dict[bytes, np.ndarray] = {}

    def wrapped(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        key = np.asarray(held_idx).tobytes()
        if key not in memo:
            memo[key] = run(fit_idx, held_idx)
        return memo[key]

    return wrapped


def rank_blend(first: FoldModel, second: FoldModel) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Average of the two models' ranks on the test fold.

    A rank has no probability scale, so the ordered blend is mapped onto the sorted mean of the two
    PDs: AUC and KS are exactly the rank blend's, and Brier is that of a sensible PD for it.
    """

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        a, b = first(fit_idx, held_idx), second(fit_idx, held_idx)
        score = rankdata(a) + rankdata(b)
        order = np.argsort(score, kind="stable")
        placed = np.empty(len(a))
        placed[order] = np.sort((a + b) / 2.0)
        # Tied blends share one PD (the mean of their places), so ties stay ties and AUC is exact.
        _, group = np.unique(score, return_inverse=True)
        return np.asarray(np.bincount(group, placed) / np.bincount(group))[group]

    return run
