"""The federated model: L2 logistic regression on the product's standardized features, then Platt.

Every function here works on one party's rows and returns only aggregates (sums, gradients,
coefficients) whose shapes depend on the number of model columns, never on the number of rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.metrics import brier_score_loss, roc_auc_score, roc_curve

from underwrite.tools.scoring.features import build_matrix
from underwrite.tools.scoring.federated import splines
from underwrite.tools.scoring.federated.text import is_text, text_names
from underwrite.tools.scoring.schema import FeatureSchema, rank_column

Knots = tuple[np.ndarray, np.ndarray]
"""(knot_col, knot_val): index into schema.numeric and the knot of each hinge column."""
NO_KNOTS: Knots = (np.zeros(0), np.zeros(0))


def design_columns(schema: FeatureSchema, knots: Knots = NO_KNOTS) -> list[str]:
    """Numeric inputs, ordinal ranks, one dummy per category level, the embedding (text on), hinges."""
    cols = [*schema.numeric, *(rank_column(c) for c in schema.ordinal)]
    for col in schema.categorical:
        cols.extend(f"{col}={level}" for level in schema.categories[col])
    return [*cols, *text_names(schema), *splines.hinge_names(schema.numeric, *knots)]


def column_group(schema: FeatureSchema, column: str) -> str:
    """The model column a design column is reported under (dummies, ranks and hinges fold into
    their input, the embedding into the product's one text column)."""
    if is_text(column):
        return schema.text_columns[0]
    return schema.group_of(column.split("=", 1)[0].split(">", 1)[0])


def raw_design(
    frame: pd.DataFrame,
    schema: FeatureSchema,
    knots: Knots = NO_KNOTS,
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """(rows, columns) float matrix; missing numerics stay NaN, an unseen level is all-zero dummies."""
    return splines.expand(base_design(frame, schema, embeddings), *knots)


def base_design(
    frame: pd.DataFrame, schema: FeatureSchema, embeddings: np.ndarray | None = None
) -> np.ndarray:
    """The design without hinge columns; the first len(schema.numeric) columns are the numerics."""
    matrix = build_matrix(frame, schema)
    parts = [matrix[[*schema.numeric, *(rank_column(c) for c in schema.ordinal)]].to_numpy(float)]
    for col in schema.categorical:
        codes = matrix[col].cat.codes.to_numpy()
        dummies = np.zeros((len(frame), len(schema.categories[col])))
        known = codes >= 0
        dummies[np.flatnonzero(known), codes[known]] = 1.0
        parts.append(dummies)
    if text_names(schema):
        if embeddings is None or embeddings.shape[0] != len(frame):
            raise ValueError("this federated model reads text: one embedding per row is required")
        parts.append(np.asarray(embeddings, dtype=float))
    return np.hstack(parts) if parts else np.zeros((len(frame), 0))


def column_stats(x: np.ndarray) -> np.ndarray:
    """(3, columns): non-missing count, sum and sum of squares per column — what a silo shares."""
    present = ~np.isnan(x)
    filled = np.where(present, x, 0.0)
    return np.vstack([present.sum(axis=0), filled.sum(axis=0), (filled**2).sum(axis=0)]).astype(float)


def standardizer(stats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pooled mean and sd from summed column stats; a constant column gets sd 1 (it then stays 0)."""
    count = np.maximum(stats[0], 1.0)
    mean = stats[1] / count
    var = np.maximum(stats[2] / count - mean**2, 0.0)
    sd = np.sqrt(var)
    return mean, np.where(sd > 1e-12, sd, 1.0)


def standardize(x: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """Deviation from the pooled mean in sds; missing -> 0 (the mean), so it adds nothing to the score."""
    z = (x - mean) / sd
    return np.where(np.isnan(z), 0.0, z)


def _sigmoid(t: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(t, -35, 35)))


Penalty = float | np.ndarray
"""L2 strength: one for all coefficients, or one per coefficient."""


def objective(
    w: np.ndarray, z: np.ndarray, y: np.ndarray, lam: Penalty, anchor: np.ndarray | None, mu: float
) -> tuple[float, np.ndarray]:
    """Mean log-loss + lam/2 |coef|^2 (+ FedProx mu/2 |w - anchor|^2); w[-1] is the intercept."""
    t = z @ w[:-1] + w[-1]
    p = _sigmoid(t)
    eps = 1e-12
    loss = -float(np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
    resid = (p - y) / len(y)
    grad = np.append(z.T @ resid, resid.sum())
    shrink = lam * w[:-1]
    loss += 0.5 * float(w[:-1] @ shrink)
    grad[:-1] += shrink
    if anchor is not None and mu > 0:
        diff = w - anchor
        loss += 0.5 * mu * float(diff @ diff)
        grad += mu * diff
    return loss, grad


def local_fit(
    z: np.ndarray,
    y: np.ndarray,
    start: np.ndarray,
    lam: Penalty,
    mu: float = 0.0,
    steps: int | None = None,
) -> np.ndarray:
    """L-BFGS on this party's rows from ``start``; ``steps=None`` runs to convergence (pooled fit)."""
    options = {"maxiter": steps if steps is not None else 1000}
    res = minimize(
        objective, start, args=(z, y, lam, start.copy(), mu), jac=True, method="L-BFGS-B", options=options
    )
    return np.asarray(res.x, dtype=float)


def raw_scores(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    return z @ w[:-1] + w[-1]


def platt_terms(raw: np.ndarray, y: np.ndarray, ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient (2,) and Hessian (2, 2) of the summed Platt log-loss at (slope, intercept) = ab."""
    p = _sigmoid(ab[0] * raw + ab[1])
    design = np.column_stack([raw, np.ones_like(raw)])
    grad = design.T @ (p - y)
    hess = (design * (p * (1 - p))[:, None]).T @ design
    return grad, hess


_PLATT_PRIOR = np.array([1.0, 0.0])
_MAX_STEP = 2.0


def newton_step(ab: np.ndarray, grad: np.ndarray, hess: np.ndarray) -> np.ndarray:
    """One Newton step on the summed Platt terms, with a unit Gaussian prior at (1, 0) and a capped step.

    The prior (worth about one row) and the cap keep the step sane when a small silo's scores
    separate its calibration rows perfectly, where plain Newton runs off to infinity.
    """
    grad = grad + (ab - _PLATT_PRIOR)
    step = np.linalg.solve(hess + np.eye(2), grad)
    norm = float(np.linalg.norm(step))
    if norm > _MAX_STEP:
        step *= _MAX_STEP / norm
    return ab - step


def fit_platt(raw: np.ndarray, y: np.ndarray, iterations: int) -> np.ndarray:
    """The centralized Platt fit with the same Newton iterations the federation runs."""
    ab = np.array([1.0, 0.0])
    for _ in range(iterations):
        ab = newton_step(ab, *platt_terms(raw, y, ab))
    return ab


def calibrated(raw: np.ndarray, ab: np.ndarray) -> np.ndarray:
    return _sigmoid(ab[0] * raw + ab[1])


def metrics(y: np.ndarray, pd_values: np.ndarray) -> dict[str, float]:
    """AUC / KS / Brier (NaN AUC/KS when a slice holds a single class)."""
    out = {"n": float(len(y)), "brier": float(brier_score_loss(y, np.clip(pd_values, 0, 1)))}
    if len(np.unique(y)) < 2:
        return {**out, "auc": float("nan"), "ks": float("nan")}
    fpr, tpr, _ = roc_curve(y, pd_values)
    return {**out, "auc": float(roc_auc_score(y, pd_values)), "ks": float(np.max(tpr - fpr))}
