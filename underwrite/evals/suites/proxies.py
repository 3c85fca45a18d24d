"""The proxy check: how well a model's inputs reconstruct a protected attribute (the groupings
themselves live in ``tools/scoring/disparity.py``, re-exported here)."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.evals.scorers.fairness import ProxyResult
from underwrite.tools.scoring.disparity import AGE_BANDS as AGE_BANDS
from underwrite.tools.scoring.disparity import age_band as age_band


def _matrix(frame: pd.DataFrame, numeric: list[str], categorical: list[str]) -> pd.DataFrame:
    x = frame[numeric].astype(float).copy()
    for col in categorical:
        x[col] = frame[col].astype("category")
    return x


def proxy_check(
    frame: pd.DataFrame,
    numeric: list[str],
    categorical: list[str],
    protected: np.ndarray,
    *,
    dataset: str,
    attribute: str,
    seed: int,
    folds: int = 5,
) -> ProxyResult:
    """Cross-validated AUC of a small LightGBM predicting ``protected`` from the model's inputs.

    Multi-group attributes (age bands) use the macro one-vs-rest AUC. Feature importances (gain,
    fitted on all rows) name the strongest proxies for the LDA search.
    """
    x = _matrix(frame, numeric, categorical)
    labels, y = np.unique(protected, return_inverse=True)
    params = {
        "objective": "binary" if len(labels) == 2 else "multiclass",
        "num_class": 1 if len(labels) == 2 else len(labels),
        "learning_rate": 0.05,
        "num_leaves": 8,
        "min_data_in_leaf": 20,
        "num_threads": 1,
        "seed": seed,
        "deterministic": True,
        "verbosity": -1,
    }
    oof = np.zeros((len(y), len(labels))) if len(labels) > 2 else np.zeros(len(y))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        booster = lgb.train(params, lgb.Dataset(x.iloc[train], y[train]), num_boost_round=150)
        oof[test] = booster.predict(x.iloc[test])
    if len(labels) == 2:
        auc = float(roc_auc_score(y, oof))
    else:
        auc = float(roc_auc_score(y, oof, multi_class="ovr", average="macro"))
    full = lgb.train(params, lgb.Dataset(x, y), num_boost_round=150)
    gains = full.feature_importance(importance_type="gain")
    total = float(gains.sum()) or 1.0
    ranked = sorted(zip(x.columns, gains / total, strict=True), key=lambda kv: -kv[1])
    return ProxyResult(
        dataset=dataset,
        attribute=attribute,
        auc=auc,
        top_features=[(str(name), round(float(share), 4)) for name, share in ranked[:5]],
    )
