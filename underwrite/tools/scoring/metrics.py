"""Discrimination and calibration metrics used by the model card and the benchmark."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel
from sklearn.metrics import brier_score_loss, roc_auc_score, roc_curve


class FoldMetrics(BaseModel):
    auc: float
    ks: float
    brier: float


class MetricSummary(BaseModel):
    auc_mean: float
    auc_sd: float
    ks_mean: float
    brier_mean: float
    folds: int


def fold_metrics(y: np.ndarray, pd_values: np.ndarray) -> FoldMetrics:
    fpr, tpr, _ = roc_curve(y, pd_values)
    return FoldMetrics(
        auc=float(roc_auc_score(y, pd_values)),
        ks=float(np.max(tpr - fpr)),
        brier=float(brier_score_loss(y, np.clip(pd_values, 0.0, 1.0))),
    )


def summarise(folds: list[FoldMetrics]) -> MetricSummary:
    aucs = np.array([f.auc for f in folds])
    return MetricSummary(
        auc_mean=float(aucs.mean()),
        auc_sd=float(aucs.std(ddof=1)) if len(aucs) > 1 else 0.0,
        ks_mean=float(np.mean([f.ks for f in folds])),
        brier_mean=float(np.mean([f.brier for f in folds])),
        folds=len(folds),
    )
