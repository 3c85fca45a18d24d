"""Fit one score model: matrix (+ stacked text block) -> monotone LightGBM blended in logit space with
a sign-constrained logistic model -> out-of-fold calibration.

Why the reasons still add up: LightGBM's ``pred_contrib`` is exact per column in log-odds, and so
is the linear half's ``coef * (x - mean)``. The raw score is ``(1 - w) * lgb + w * linear``, so the
same weighted sum of the two contribution matrices adds up to the raw score exactly (bias in the
last column); Platt calibration is monotone, so the ranking of adverse factors is unchanged.
The weight ``w`` is chosen on out-of-fold predictions inside the training rows (never on test rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.calibrate import Calibrator, fit_calibrator
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.diagnostics import TrainingDiagnostics, diagnose
from underwrite.tools.scoring.features import build_matrix
from underwrite.tools.scoring.fusion import TextBlock, fit_text_block
from underwrite.tools.scoring.linear import LinearPart, fit_linear
from underwrite.tools.scoring.schema import FeatureSchema


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
        raw = np.asarray(self.booster.predict(matrix, raw_score=True), dtype=np.float64)
        if self.linear is None or self.blend_weight == 0.0:
            return raw
        return (1.0 - self.blend_weight) * raw + self.blend_weight * self.linear.logit(matrix)

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """Exact log-odds contributions (n, columns + 1), last column the bias; rows sum to raw_score.

        LightGBM's own SHAP values, blended with the linear half's exact terms by the same weight.
        """
        contrib = np.asarray(self.booster.predict(matrix, pred_contrib=True), dtype=np.float64)
        if self.linear is None or self.blend_weight == 0.0:
            return contrib
        w = self.blend_weight
        return (1.0 - w) * contrib + w * self.linear.contributions(matrix)

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


def _train_booster(
    matrix: pd.DataFrame, y: np.ndarray, params: dict[str, Any], cats: list[str]
) -> lgb.Booster:
    rounds = int(params.get("num_iterations", 100))
    clean = {k: v for k, v in params.items() if k != "num_iterations"}
    data = lgb.Dataset(matrix, label=y, categorical_feature=cats or "auto", free_raw_data=True)
    return lgb.train(clean, data, num_boost_round=rounds)


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
