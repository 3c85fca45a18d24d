"""A silo's personalised model, chosen by the silo on its own training rows only.

Candidates, all linear models on the consortium's design (pooled knots and standardizer):

- ``global``: the consortium's model as it is;
- ``ditto mu=M``: the global model fine-tuned on the silo's rows with ``mu/2 |w - w_global|^2``
  (Ditto-style; a small mu moves far toward a silo-alone fit);
- ``mix a=A``: the interpolation ``(1 - A)·w_global + A·w_local`` between the global weights and
  the silo's own alone fit (APFL-style model mixing; a mix of two linear scores is linear, so the
  result is still one coefficient per column and its reasons still add up).

The silo picks the candidate with the lowest out-of-fold log-loss over 3-fold stratified CV on
its *fit* rows, each fold's scores Platt-calibrated on that fold's training part (so a candidate is
judged on ranking and shape, not on whose intercept matches the silo's base rate). Ties keep the
earlier candidate, ``global`` first. Platt is then refitted on the silo's calibration rows. The
evaluation holdout is never seen, and nothing here crosses the wire: the personalised model stays
with the silo (the client writes it next to its data file) and only its choice and AUC are reported.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.federated import linear

DITTO_MUS = (0.01, 0.1, 1.0)
MIX_WEIGHTS = (0.25, 0.5, 0.75, 1.0)
NAMES = ("global", *(f"ditto mu={m:g}" for m in DITTO_MUS), *(f"mix a={a:g}" for a in MIX_WEIGHTS))
_FOLDS = 3
_SEED = 2121
_PLATT_ITERATIONS = 6


def candidates(
    z: np.ndarray, y: np.ndarray, w_global: np.ndarray, lam: linear.Penalty, local_lam: linear.Penalty
) -> dict[str, np.ndarray]:
    """Every candidate's weights fitted on these rows (``NAMES`` order).

    ``lam`` is the federation's L2 (the Ditto fine-tunes); ``local_lam`` the silo-alone fit's,
    scaled to the silo's own row count like a silo-alone model. One local fit serves every mix.
    """
    out = {"global": w_global.copy()}
    for mu in DITTO_MUS:
        out[f"ditto mu={mu:g}"] = linear.local_fit(z, y, w_global, lam=lam, mu=mu, steps=None)
    local = linear.local_fit(z, y, np.zeros_like(w_global), lam=local_lam)
    for a in MIX_WEIGHTS:
        out[f"mix a={a:g}"] = (1.0 - a) * w_global + a * local
    return out


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def choose(
    z: np.ndarray, y: np.ndarray, w_global: np.ndarray, lam: linear.Penalty, local_lam: linear.Penalty
) -> tuple[str, dict[str, float]]:
    """The candidate with the lowest cross-validated, fold-calibrated log-loss on these rows."""
    if min(np.bincount(y, minlength=2)) < _FOLDS:
        return "global", {}
    totals = dict.fromkeys(NAMES, 0.0)
    for train, test in StratifiedKFold(_FOLDS, shuffle=True, random_state=_SEED).split(z, y):
        for name, w in candidates(z[train], y[train], w_global, lam, local_lam).items():
            ab = linear.fit_platt(linear.raw_scores(z[train], w), y[train], _PLATT_ITERATIONS)
            pd_test = linear.calibrated(linear.raw_scores(z[test], w), ab)
            totals[name] += _log_loss(y[test], pd_test) * len(test)
    losses = {name: round(total / len(y), 9) for name, total in totals.items()}
    best = min(NAMES, key=losses.__getitem__)  # ties go to the earlier candidate, global first
    return best, losses


def personalise(
    z_fit: np.ndarray,
    y_fit: np.ndarray,
    z_cal: np.ndarray,
    y_cal: np.ndarray,
    global_summary: dict[str, Any],
    lam: linear.Penalty,
    local_lam: linear.Penalty,
    platt_iterations: int = _PLATT_ITERATIONS,
) -> dict[str, Any]:
    """The personalised model in the summary format ``model.from_weights`` reads, plus its choice."""
    w_global = np.asarray(global_summary["weights"], dtype=float)
    choice, losses = choose(z_fit, y_fit, w_global, lam, local_lam)
    w = w_global.copy() if choice == "global" else candidates(z_fit, y_fit, w_global, lam, local_lam)[choice]
    ab = linear.fit_platt(linear.raw_scores(z_cal, w), y_cal, platt_iterations)
    return {
        **global_summary,
        "weights": w.tolist(),
        "platt": ab.tolist(),
        "personal_choice": choice,
        "cv_log_loss": losses,
    }
