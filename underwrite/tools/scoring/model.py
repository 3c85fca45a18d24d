"""Fit one score model: matrix (+ stacked text block, + credit ratios) -> a logit-space weighted sum
of components with exact log-odds contributions -> out-of-fold calibration.

With ``stack.enabled`` (the default) the components are the monotone LightGBM, an additive monotone
booster and a sign-constrained logistic model, weighted by the nested protocol in ``stack.py``.
Otherwise (and for bundles written before the stack) the raw score is the legacy two-part blend
``(1 - w) * lgb + w * linear`` with ``w`` chosen on inner out-of-fold AUC.

Why the reasons still add up: every component's contributions are exact per column in log-odds
(LightGBM ``pred_contrib``; the linear model's ``coef * (x - mean)``), so the same weighted sum of
the contribution matrices adds up to the raw score exactly (bias in the last column); Platt
calibration is affine in log-odds (``logodds_contributions``), so the ranking is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.bagging import mean_predict
from underwrite.tools.scoring.calibrate import Calibrator, fit_calibrator
from underwrite.tools.scoring.catboost_part import CatBoostPart
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.diagnostics import TrainingDiagnostics, diagnose
from underwrite.tools.scoring.features import build_matrix, with_ratios
from underwrite.tools.scoring.fusion import TextBlock, fit_text_block
from underwrite.tools.scoring.linear import LinearPart, fit_linear
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.stack import fit_stacked, train_booster


@dataclass
class FittedModel:
    schema: FeatureSchema
    booster: lgb.Booster
    text_block: TextBlock | None
    calibrator: Calibrator
    params: dict[str, Any]
    oof_auc: float
    """AUC of the out-of-fold raw scores the calibrator was fitted on (an inner-CV estimate)."""
    linear: LinearPart | None = None
    blend_weight: float = 0.0
    """Weight of the linear half in the logit blend (0 = LightGBM alone)."""
    blend_oof_auc: dict[str, float] | None = None
    """Inner out-of-fold AUC per candidate weight: how ``blend_weight`` was chosen."""
    diagnostics: TrainingDiagnostics | None = None
    """In-sample vs out-of-fold stability and grades (set by fit_model; on the card of a bundle)."""
    additive: lgb.Booster | None = None
    """The stack's additive (depth-1) booster, when it has weight."""
    weights: dict[str, float] | None = None
    """Stack weights per component (lightgbm / additive / linear / catboost, sum 1); None = legacy."""
    catboost: CatBoostPart | None = None
    """The stack's monotone CatBoost part, when configured and given weight."""
    bags: dict[str, list[lgb.Booster]] | None = None
    """Extra seed copies of the booster parts (``stack.bag_seeds``): each part is the copies' mean."""

    def component_weights(self) -> dict[str, float]:
        if self.weights is not None:
            return self.weights
        if self.linear is None or self.blend_weight == 0.0:
            return {"lightgbm": 1.0}
        return {"lightgbm": 1.0 - self.blend_weight, "linear": self.blend_weight}

    def _part(self, name: str, matrix: pd.DataFrame, contrib: bool) -> np.ndarray:
        if name == "linear":
            assert self.linear is not None
            return self.linear.contributions(matrix) if contrib else self.linear.logit(matrix)
        if name == "catboost":
            assert self.catboost is not None, "component catboost has weight but no model"
            return self.catboost.contributions(matrix) if contrib else self.catboost.logit(matrix)
        booster = self.booster if name == "lightgbm" else self.additive
        assert booster is not None, f"component {name} has weight but no booster"
        extra = (self.bags or {}).get(name, [])
        if extra:
            return mean_predict([booster, *extra], matrix, contrib)
        kind = {"pred_contrib": True} if contrib else {"raw_score": True}
        return np.asarray(booster.predict(matrix, **kind), dtype=np.float64)

    def matrix(self, frame: pd.DataFrame, embeddings: np.ndarray | None) -> pd.DataFrame:
        matrix = build_matrix(frame, self.schema)
        if self.text_block is not None:
            if embeddings is None:
                raise ValueError("this model reads text: embeddings are required")
            block = self.text_block.transform(embeddings)
            for i, col in enumerate(self.schema.text_columns):
                matrix[col] = block[:, i]
        return matrix

    def raw_score(self, matrix: pd.DataFrame) -> np.ndarray:
        weights = self.component_weights()
        if weights == {"lightgbm": 1.0}:
            return self._part("lightgbm", matrix, contrib=False)
        return np.asarray(sum(w * self._part(n, matrix, contrib=False) for n, w in weights.items()))

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """Exact log-odds contributions (n, columns + 1), last column the bias; rows sum to raw_score.

        Each component's exact contributions, summed with the same weights as the raw score.
        """
        weights = self.component_weights()
        if weights == {"lightgbm": 1.0}:
            return self._part("lightgbm", matrix, contrib=True)
        return np.asarray(sum(w * self._part(n, matrix, contrib=True) for n, w in weights.items()))

    def logodds_contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """Contributions that add up to the *calibrated* log-odds (Platt: slope * raw + intercept)."""
        if self.calibrator.method != "sigmoid":
            raise ValueError("only an affine (sigmoid) calibration keeps contributions additive")
        out = self.contributions(matrix) * self.calibrator.slope
        out[:, -1] += self.calibrator.intercept
        return out

    def predict_pd(self, frame: pd.DataFrame, embeddings: np.ndarray | None) -> np.ndarray:
        return self.calibrator.predict(self.raw_score(self.matrix(frame, embeddings)))


def lgb_params(config: ScoringConfig, schema: FeatureSchema, columns: list[str]) -> dict[str, Any]:
    params = dict(config.lightgbm)
    # The stacked text score is log-odds of default, so its direction is known too.
    constraints = [
        int(schema.monotone.get(c, 0) or (config.monotone.get(c, 0) if c in schema.text_columns else 0))
        for c in columns
    ]
    if any(constraints):
        params["monotone_constraints"] = constraints
    return params


_train_booster = train_booster  # the legacy path's name for it


def fit_model(
    frame: pd.DataFrame,
    y: np.ndarray,
    schema: FeatureSchema,
    config: ScoringConfig,
    embeddings: np.ndarray | None = None,
    seed: int = 17,
) -> FittedModel:
    """Train on these rows only; every stacked or calibrating quantity is out-of-fold within them."""
    y = np.asarray(y, dtype=int)
    schema = with_ratios(schema, config.ratios, config.monotone)
    matrix = build_matrix(frame, schema)
    block: TextBlock | None = None
    if schema.text_variant != "none":
        if embeddings is None:
            raise ValueError(f"text variant {schema.text_variant!r} needs embeddings")
        block, text_features = fit_text_block(
            embeddings,
            y,
            c=config.text.sub_model_c,
            pca_dims=schema.pca_dims,
            folds=config.text.inner_folds,
            seed=seed,
        )
        for i, col in enumerate(schema.text_columns):
            matrix[col] = text_features[:, i]
    params = lgb_params(config, schema, list(matrix.columns))
    if config.stack.enabled:
        return _fit_stacked_model(matrix, y, schema, config, params, block, seed)
    booster = _train_booster(matrix, y, params, schema.categorical)
    blend = config.blend
    cs = blend.linear_cs if blend.weights != [0.0] else []
    oof = np.zeros(len(y))
    oof_linear = {c: np.zeros(len(y)) for c in cs}
    splitter = StratifiedKFold(n_splits=config.text.inner_folds, shuffle=True, random_state=seed + 1)
    for fit_idx, held_idx in splitter.split(matrix, y):
        fold_booster = _train_booster(matrix.iloc[fit_idx], y[fit_idx], params, schema.categorical)
        oof[held_idx] = fold_booster.predict(matrix.iloc[held_idx], raw_score=True)
        for c in cs:
            fold_linear = fit_linear(matrix.iloc[fit_idx], y[fit_idx], schema, c)
            oof_linear[c][held_idx] = fold_linear.logit(matrix.iloc[held_idx])
    c_best, weight, by_choice = choose_blend(oof, oof_linear, y, blend.weights)
    linear = fit_linear(matrix, y, schema, c_best) if weight > 0 else None
    blended = oof if weight == 0 else (1.0 - weight) * oof + weight * oof_linear[c_best]
    calibrator = fit_calibrator(blended, y, config.calibration)
    model = FittedModel(
        schema=schema,
        booster=booster,
        text_block=block,
        calibrator=calibrator,
        params=params,
        oof_auc=float(roc_auc_score(y, blended)),
        linear=linear,
        blend_weight=weight,
        blend_oof_auc=by_choice,
    )
    in_sample = calibrator.predict(model.raw_score(matrix))
    model.diagnostics = diagnose(y, in_sample, calibrator.predict(blended))
    return model


def _fit_stacked_model(
    matrix: pd.DataFrame,
    y: np.ndarray,
    schema: FeatureSchema,
    config: ScoringConfig,
    params: dict[str, Any],
    block: TextBlock | None,
    seed: int,
) -> FittedModel:
    parts = fit_stacked(matrix, y, schema, config, params, seed)
    calibrator = parts.calibrator
    if config.calibration == "isotonic":
        calibrator = fit_calibrator(parts.oof_raw, y, "isotonic")
    model = FittedModel(
        schema=schema,
        booster=parts.booster,
        text_block=block,
        calibrator=calibrator,
        params={**params, "num_iterations": int(parts.selection["rounds lightgbm"])},
        oof_auc=float(parts.selection["inner OOF AUC stack"]),
        linear=parts.linear,
        blend_weight=parts.weights.get("linear", 0.0),
        blend_oof_auc=parts.selection,
        additive=parts.additive,
        weights=parts.weights,
        catboost=parts.catboost,
        bags=parts.bags,
    )
    in_sample = calibrator.predict(model.raw_score(matrix))
    model.diagnostics = diagnose(y, in_sample, calibrator.predict(parts.oof_raw))
    return model


def choose_blend(
    oof_lgb: np.ndarray, oof_linear: dict[float, np.ndarray], y: np.ndarray, weights: list[float]
) -> tuple[float, float, dict[str, float]]:
    """(C, weight) with the best inner out-of-fold AUC; ties go to the smaller weight, then larger C.

    Returns the linear model's C, its weight in the blend and every candidate's AUC (for the card).
    """
    scores: dict[tuple[float, float], float] = {(0.0, 0.0): float(roc_auc_score(y, oof_lgb))}
    for c, linear in oof_linear.items():
        for w in weights:
            if w > 0:
                scores[(c, w)] = float(roc_auc_score(y, (1.0 - w) * oof_lgb + w * linear))
    c_best, w_best = max(scores, key=lambda k: (round(scores[k], 6), -k[1], k[0]))
    return c_best, w_best, {f"C={c:g} w={w:.2f}": round(v, 4) for (c, w), v in scores.items()}
