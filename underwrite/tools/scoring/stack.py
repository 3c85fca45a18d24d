"""The stacked score model: monotone LightGBM + additive monotone booster + sign-constrained linear.

Protocol (``config.yaml`` ``stack``), run inside one training run's rows and nowhere else:

1. the training rows are split into ``inner_folds`` stratified folds;
2. each booster is trained to its round cap on every inner fold; the round count with the lowest
   summed inner validation log loss is chosen; the linear model's C is chosen from a fixed grid on
   inner out-of-fold AUC;
3. a logistic regression with non-negative weights, their shares ridge-pulled toward equal
   (``weight_ridge``), is fitted on the components' inner out-of-fold logits: its normalised
   weights are the blend, its slope and intercept the Platt calibration;
4. every component is refitted on all training rows with the chosen settings.

Why the reasons still add up: each component's per-column contributions are exact in log-odds
(LightGBM's ``pred_contrib`` is TreeSHAP, exact for its own trees; the linear model's terms are
``coef * (x - mean)``), so the same weighted sum of the three contribution matrices adds up to the
blended raw score exactly. Platt calibration is affine in log-odds: scaling every contribution by
its slope and adding its intercept to the bias gives contributions that add up to the calibrated
log-odds of default, with the same ranking of adverse factors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from underwrite.tools.scoring.bagging import bagged_rounds, seed_copies, train_copies
from underwrite.tools.scoring.calibrate import Calibrator
from underwrite.tools.scoring.catboost_part import (
    CatBoostPart,
    catboost_rounds,
    constraints_for,
    fit_catboost,
)
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.linear import LinearPart, fit_linear
from underwrite.tools.scoring.schema import FeatureSchema

COMPONENTS = ("lightgbm", "additive", "linear")
OPTIONAL_COMPONENTS = ("catboost",)
"""Parts that join the stack only when configured (``stack.catboost``)."""
STACK_EXPLANATION = (
    "The raw score is w1 * LightGBM + w2 * additive LightGBM (depth-1 trees) + w3 * linear "
    "(+ w4 * monotone CatBoost when configured), in log-odds; each LightGBM part is the mean of "
    "its seed copies when stack.bag_seeds is set (a mean of exact contributions is exact), "
    "with non-negative weights fitted by logistic regression on inner out-of-fold logits "
    "(inside the training rows only; a ridge pulls their shares toward equal). Each part's "
    "per-input contributions are exact in log-odds "
    "(LightGBM pred_contrib; CatBoost ShapValues; the linear model's coef * (x - training mean)), "
    "so their weighted sum "
    "adds up to the raw score exactly; Platt calibration is affine in log-odds (slope times every "
    "contribution, intercept into the base value), so it keeps them additive and their ranking. "
    "Monotone directions bind every part: LightGBM and CatBoost constraints, coefficient sign bounds."
)


def train_booster(
    matrix: pd.DataFrame, y: np.ndarray, params: dict[str, Any], cats: list[str], rounds: int | None = None
) -> lgb.Booster:
    rounds = int(params.get("num_iterations", 100)) if rounds is None else rounds
    clean = {k: v for k, v in params.items() if k != "num_iterations"}
    data = lgb.Dataset(matrix, label=y, categorical_feature=cats or "auto", free_raw_data=True)
    return lgb.train(clean, data, num_boost_round=rounds)


def booster_rounds(
    matrix: pd.DataFrame,
    y: np.ndarray,
    params: dict[str, Any],
    cats: list[str],
    splits: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[int, np.ndarray]:
    """Round count with the lowest summed inner validation log loss, and the OOF logits at it."""
    cap = int(params.get("num_iterations", 100))
    clean = {k: v for k, v in params.items() if k != "num_iterations"}
    clean["metric"] = "binary_logloss"
    losses = np.zeros(cap)
    boosters = []
    for fit_idx, held_idx in splits:
        data = lgb.Dataset(matrix.iloc[fit_idx], label=y[fit_idx], categorical_feature=cats or "auto")
        held = lgb.Dataset(matrix.iloc[held_idx], label=y[held_idx], reference=data)
        record: dict[str, Any] = {}
        booster = lgb.train(
            clean,
            data,
            num_boost_round=cap,
            valid_sets=[held],
            valid_names=["held"],
            callbacks=[lgb.record_evaluation(record)],
        )
        curve = np.asarray(record["held"]["binary_logloss"], dtype=float)
        losses[: len(curve)] += curve * len(held_idx)
        boosters.append(booster)
    best = int(np.argmin(losses)) + 1
    oof = np.zeros(len(y))
    for booster, (_, held_idx) in zip(boosters, splits, strict=True):
        oof[held_idx] = booster.predict(matrix.iloc[held_idx], raw_score=True, num_iteration=best)
    return best, oof


def fit_weights(logits: np.ndarray, y: np.ndarray, ridge: float = 0.0) -> tuple[np.ndarray, float]:
    """Logistic regression of y on the component logits with every weight >= 0 (L-BFGS-B).

    ``ridge`` (per training row) pulls the weights' *shares* toward equal: the penalty is
    ``ridge * n * ||w - sum(w) / k||^2``, which leaves the total (the Platt slope) free. The parts'
    out-of-fold logits are highly collinear, so unpenalised weights swing from fold to fold (a
    part's weight hit 0 on some); equal shares ranked as well or better on every dataset's
    development folds (README, scoring section).
    """
    k = logits.shape[1]
    target = np.asarray(y, dtype=float)
    strength = float(ridge) * len(target)

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w = params[:k]
        z = logits @ w + params[k]
        resid = 1.0 / (1.0 + np.exp(-z)) - target
        nll = float(np.sum(np.logaddexp(0.0, z) - target * z))
        # d sums to zero, so the penalty's gradient is 2 * strength * d (the total is unpenalised).
        d = w - w.sum() / k
        return nll + strength * float(d @ d), np.concatenate(
            [logits.T @ resid + 2.0 * strength * d, [resid.sum()]]
        )

    start = np.concatenate([np.full(k, 1.0 / k), [0.0]])
    bounds = [(0.0, None)] * k + [(None, None)]
    with threadpool_limits(limits=1):  # tiny problem: BLAS threads only spin (see linear.py)
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return np.maximum(result.x[:k], 0.0), float(result.x[k])


@dataclass
class StackedParts:
    booster: lgb.Booster
    additive: lgb.Booster | None
    linear: LinearPart | None
    weights: dict[str, float]
    """Normalised non-negative weights per component (sum 1); zero-weight parts are dropped."""
    calibrator: Calibrator
    oof_raw: np.ndarray
    """The blended inner out-of-fold raw scores the calibration was fitted on."""
    selection: dict[str, float]
    """How the protocol chose: rounds, C, each component's inner OOF AUC, the weights."""
    catboost: CatBoostPart | None = None
    bags: dict[str, list[lgb.Booster]] | None = None
    """Extra seed copies per booster part (``stack.bag_seeds``); the part is the copies' mean."""


def additive_params(params: dict[str, Any], config: ScoringConfig) -> dict[str, Any]:
    """The main booster's parameters (monotone constraints included) with the additive overrides."""
    return {**params, **config.stack.additive}


def fit_stacked(
    matrix: pd.DataFrame,
    y: np.ndarray,
    schema: FeatureSchema,
    config: ScoringConfig,
    params: dict[str, Any],
    seed: int,
) -> StackedParts:
    """Steps 1–4 of the protocol on these rows only (see the module docstring)."""
    cats = list(schema.categorical)
    splitter = StratifiedKFold(n_splits=config.stack.inner_folds, shuffle=True, random_state=seed + 1)
    splits = [(a, b) for a, b in splitter.split(matrix, y)]
    add_params = additive_params(params, config)
    bag = list(config.stack.bag_seeds)
    if bag:
        rounds_main, oof_main = bagged_rounds(matrix, y, seed_copies(params, bag), cats, splits)
        rounds_add, oof_add = bagged_rounds(matrix, y, seed_copies(add_params, bag), cats, splits)
    else:
        rounds_main, oof_main = booster_rounds(matrix, y, params, cats, splits)
        rounds_add, oof_add = booster_rounds(matrix, y, add_params, cats, splits)
    oof_linear: dict[float, np.ndarray] = {}
    for c in config.blend.linear_cs:
        oof_linear[c] = np.zeros(len(y))
        for fit_idx, held_idx in splits:
            part = fit_linear(matrix.iloc[fit_idx], y[fit_idx], schema, c)
            oof_linear[c][held_idx] = part.logit(matrix.iloc[held_idx])
    c_best = max(oof_linear, key=lambda c: (round(float(roc_auc_score(y, oof_linear[c])), 6), c))
    oofs = {"lightgbm": oof_main, "additive": oof_add, "linear": oof_linear[c_best]}
    selection: dict[str, float] = {
        "rounds lightgbm": rounds_main,
        "rounds additive": rounds_add,
        "linear C": c_best,
    }
    cb_params, constraints = config.stack.catboost, constraints_for(matrix, schema, params)
    if cb_params:
        selection["rounds catboost"], oofs["catboost"] = catboost_rounds(
            matrix, y, cb_params, cats, constraints, splits
        )
    names = [n for n in (*COMPONENTS, *OPTIONAL_COMPONENTS) if n in oofs]
    coef, intercept = fit_weights(np.column_stack([oofs[n] for n in names]), y, config.stack.weight_ridge)
    total = float(coef.sum())
    selection.update({f"inner OOF AUC {n}": round(float(roc_auc_score(y, oofs[n])), 4) for n in names})
    if total <= 0.0:
        # No component carries usable signal out-of-fold: the booster alone, scored at the base rate.
        rate = float(np.clip(np.mean(y), 1e-4, 1 - 1e-4))
        weights = {"lightgbm": 1.0}
        calibrator = Calibrator(method="sigmoid", slope=0.0, intercept=float(np.log(rate / (1 - rate))))
    else:
        weights = {n: float(w / total) for n, w in zip(names, coef, strict=True) if w > 0}
        calibrator = Calibrator(method="sigmoid", slope=total, intercept=intercept)
    oof_raw = sum(w * oofs[n] for n, w in weights.items())
    selection.update({f"weight {n}": round(weights.get(n, 0.0), 4) for n in names})
    selection["inner OOF AUC stack"] = round(float(roc_auc_score(y, oof_raw)), 4)
    mains = train_copies(matrix, y, seed_copies(params, bag), cats, rounds_main)
    adds = (
        train_copies(matrix, y, seed_copies(add_params, bag), cats, rounds_add)
        if "additive" in weights
        else []
    )
    booster, additive = mains[0], (adds[0] if adds else None)
    bags = {n: extra for n, extra in (("lightgbm", mains[1:]), ("additive", adds[1:])) if extra} or None
    linear = fit_linear(matrix, y, schema, c_best) if "linear" in weights else None
    catboost = None
    if "catboost" in weights:
        catboost = fit_catboost(matrix, y, cb_params, cats, constraints, int(selection["rounds catboost"]))
    return StackedParts(
        booster, additive, linear, weights, calibrator, np.asarray(oof_raw), selection, catboost, bags
    )
