"""Personalisation (personal.py): chosen on the silo's own fit rows, never on a hold-out."""

from __future__ import annotations

import numpy as np

from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.personal import choose, personalise


def _silo(w: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, len(w) - 1))
    p = 1.0 / (1.0 + np.exp(-(z @ w[:-1] + w[-1])))
    return z, (rng.random(n) < p).astype(int)


def test_a_silo_unlike_the_consortium_moves_away_from_the_global_model() -> None:
    w_true = np.array([1.5, -1.0, 0.5, 0.0, -1.0])
    w_global = np.array([-1.0, 1.0, 0.0, 0.5, -1.0])  # wrong for this silo
    z, y = _silo(w_true, 600, 1)
    choice, losses = choose(z, y, w_global, 1e-3, 1.0 / len(y))
    assert choice != "global" and losses[choice] < losses["global"]
    z_new, y_new = _silo(w_true, 2000, 2)
    mine = personalise(z, y, z_new[:200], y_new[:200], {"weights": w_global.tolist()}, 1e-3, 1.0 / len(y))
    auc = linear.metrics(y_new, linear.raw_scores(z_new, np.asarray(mine["weights"])))["auc"]
    assert auc > linear.metrics(y_new, linear.raw_scores(z_new, w_global))["auc"] + 0.2
    assert mine["personal_choice"] == choice


def test_a_small_silo_like_the_consortium_keeps_most_of_the_global_model() -> None:
    w_true = np.array([1.0, -0.8, 0.6, -0.4, 0.3, 0.2, -0.2, 0.1, -1.5])
    z, y = _silo(w_true, 90, 3)
    choice, losses = choose(z, y, w_true, 1e-3, 1.0 / len(y))
    # Its own 90 rows cannot beat the true model: the silo-alone fit is never chosen.
    assert choice != "mix a=1", losses
