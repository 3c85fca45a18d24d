"""A silo's personalised model: the global model fine-tuned on the silo's own rows (Ditto-style).

The silo minimises its own log-loss plus ``mu/2 |w - w_global|^2``: a small ``mu`` moves far
toward a silo-alone fit, a large one stays at the consortium's model. ``mu`` is chosen by the silo
alone, by 3-fold cross-validated log-loss on its own fit rows, from a grid that includes "keep the
global model" (``mu = inf``), so a silo whose data do not support a change keeps the global model.
Its Platt calibration is then refitted on its own calibration rows. Nothing here crosses the
wire: the personalised model stays with the silo (the client writes it next to its data file).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.federated import linear

MU_GRID = (0.01, 0.1, 1.0, math.inf)
_FOLDS = 3
_SEED = 2121


def _fit(z: np.ndarray, y: np.ndarray, w_global: np.ndarray, lam: float, mu: float) -> np.ndarray:
    if math.isinf(mu):
        return w_global.copy()
    return linear.local_fit(z, y, w_global, lam=lam, mu=mu, steps=None)


def _log_loss(y: np.ndarray, raw: np.ndarray) -> float:
    p = np.clip(linear.calibrated(raw, np.array([1.0, 0.0])), 1e-12, 1 - 1e-12)
    return -float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def choose_mu(
    z: np.ndarray, y: np.ndarray, w_global: np.ndarray, lam: float
) -> tuple[float, dict[str, float]]:
    """The grid's mu with the lowest cross-validated log-loss on this silo's fit rows (ties: larger mu)."""
    if min(np.bincount(y, minlength=2)) < _FOLDS:
        return math.inf, {}
    folds = list(StratifiedKFold(_FOLDS, shuffle=True, random_state=_SEED).split(z, y))
    losses: dict[str, float] = {}
    for mu in MU_GRID:
        loss = 0.0
        for train, test in folds:
            w = _fit(z[train], y[train], w_global, lam, mu)
            loss += _log_loss(y[test], linear.raw_scores(z[test], w)) * len(test)
        losses[str(mu)] = loss / len(y)
    best = min(MU_GRID, key=lambda m: (round(losses[str(m)], 9), -m))
    return best, losses


def personalise(
    z_fit: np.ndarray,
    y_fit: np.ndarray,
    z_cal: np.ndarray,
    y_cal: np.ndarray,
    global_summary: dict[str, Any],
    lam: float,
    platt_iterations: int = 6,
) -> dict[str, Any]:
    """The personalised model in the summary format ``model.from_weights`` reads, plus its mu."""
    w_global = np.asarray(global_summary["weights"], dtype=float)
    mu, losses = choose_mu(z_fit, y_fit, w_global, lam)
    w = _fit(z_fit, y_fit, w_global, lam, mu)
    ab = linear.fit_platt(linear.raw_scores(z_cal, w), y_cal, platt_iterations)
    return {
        **global_summary,
        "weights": w.tolist(),
        "platt": ab.tolist(),
        "personal_mu": mu if not math.isinf(mu) else "inf",
        "cv_log_loss": losses,
    }
