"""Score-model metrics, the one home for them: discrimination (AUC, KS), calibration (Brier, bins,
ECE) and stability (PSI), used by training, the model card, the benchmark and the eval scorers."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
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
    fold_aucs: list[float] = []
    """AUC per fold, in fold order, for paired comparisons on identical folds."""


def fold_metrics(y: np.ndarray, pd_values: np.ndarray) -> FoldMetrics:
    return FoldMetrics(
        auc=auc(y, pd_values), ks=ks_statistic(y, pd_values), brier=brier(y, np.clip(pd_values, 0.0, 1.0))
    )


def summarise(folds: list[FoldMetrics]) -> MetricSummary:
    aucs = np.array([f.auc for f in folds])
    return MetricSummary(
        auc_mean=float(aucs.mean()),
        auc_sd=float(aucs.std(ddof=1)) if len(aucs) > 1 else 0.0,
        ks_mean=float(np.mean([f.ks for f in folds])),
        brier_mean=float(np.mean([f.brier for f in folds])),
        folds=len(folds),
        fold_aucs=[round(float(a), 6) for a in aucs],
    )


def auc(y_true: ArrayLike, score: ArrayLike) -> float:
    return float(roc_auc_score(np.asarray(y_true), np.asarray(score)))


def ks_statistic(y_true: ArrayLike, score: ArrayLike) -> float:
    """Kolmogorov–Smirnov: the largest gap between the bad and good score CDFs (= max TPR − FPR)."""
    fpr, tpr, _ = roc_curve(np.asarray(y_true), np.asarray(score))
    return float(np.max(tpr - fpr))


def brier(y_true: ArrayLike, prob: ArrayLike) -> float:
    return float(brier_score_loss(np.asarray(y_true), np.asarray(prob)))


def brier_skill(y_true: ArrayLike, prob: ArrayLike) -> float:
    """1 − Brier / Brier of always predicting the observed base rate (0 = no better than the base rate)."""
    y = np.asarray(y_true, dtype=float)
    reference = float(np.mean((y - y.mean()) ** 2))
    return float("nan") if reference == 0 else 1.0 - brier(y, prob) / reference


def calibration_bins(y_true: ArrayLike, prob: ArrayLike, n_bins: int = 5) -> list[tuple[float, float, int]]:
    """Quantile bins: (mean predicted, observed rate, count) per bin, lowest PD first."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(prob, dtype=float)
    order = np.argsort(p, kind="stable")
    return [
        (float(p[idx].mean()), float(y[idx].mean()), len(idx))
        for idx in np.array_split(order, n_bins)
        if len(idx)
    ]


def expected_calibration_error(y_true: ArrayLike, prob: ArrayLike, n_bins: int = 5) -> float:
    """Count-weighted mean |predicted − observed| over quantile bins."""
    bins = calibration_bins(y_true, prob, n_bins)
    total = sum(n for _, _, n in bins)
    return float(sum(n * abs(pred - obs) for pred, obs, n in bins) / total)


def psi(expected: ArrayLike, actual: ArrayLike, n_bins: int = 10) -> float:
    """Population stability index of ``actual`` against ``expected``, on ``expected``'s deciles.

    Empty bins get a floor of 0.5 observations so one empty bin does not make PSI infinite.
    """
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    edges = np.unique(np.quantile(e, np.linspace(0, 1, n_bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    e_counts = np.histogram(e, edges)[0].astype(float)
    a_counts = np.histogram(a, edges)[0].astype(float)
    e_share = np.maximum(e_counts, 0.5) / max(len(e), 1)
    a_share = np.maximum(a_counts, 0.5) / max(len(a), 1)
    return float(np.sum((a_share - e_share) * np.log(a_share / e_share)))
