"""Fit one score model: tabular matrix (+ stacked text block) -> LightGBM -> out-of-fold calibration."""

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
from underwrite.tools.scoring.features import build_matrix
from underwrite.tools.scoring.fusion import TextBlock, fit_text_block
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
        return np.asarray(self.booster.predict(matrix, raw_score=True), dtype=np.float64)

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """LightGBM's own SHAP values: (n, columns + 1), last column the expected value."""
        return np.asarray(self.booster.predict(matrix, pred_contrib=True), dtype=np.float64)

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
    oof = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=config.text.inner_folds, shuffle=True, random_state=seed + 1)
    for fit_idx, held_idx in splitter.split(matrix, y):
        fold_booster = _train_booster(matrix.iloc[fit_idx], y[fit_idx], params, schema.categorical)
        oof[held_idx] = fold_booster.predict(matrix.iloc[held_idx], raw_score=True)
    calibrator = fit_calibrator(oof, y, config.calibration)
    return FittedModel(
        schema=schema,
        booster=booster,
        text_block=block,
        calibrator=calibrator,
        params=params,
        oof_auc=float(roc_auc_score(y, oof)),
    )
