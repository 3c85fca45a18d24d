"""Paired fold-wise comparison of two models that were scored on identical folds.

Fold AUCs from repeated k-fold CV are not independent (training sets overlap), so the plain t-test
is too confident; the Nadeau–Bengio corrected resampled t-test inflates the variance by
``n_test / n_train`` to allow for that (Nadeau & Bengio 2003; Bouckaert & Frank 2004).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel
from scipy import stats


class PairedDifference(BaseModel):
    dataset: str
    model: str
    """The peer; differences are ours minus the peer, per fold."""
    reference: str
    mean: float
    sd: float
    wins: int
    """Folds on which ours had the higher AUC."""
    folds: int
    p_value: float | None
    """Two-sided, corrected resampled t-test; None when every difference is identical."""


def corrected_t_test(diffs: np.ndarray, test_share: float) -> float:
    """Two-sided p-value of mean(diffs) = 0, Nadeau–Bengio variance correction."""
    n = len(diffs)
    sd = float(np.std(diffs, ddof=1)) if n > 1 else 0.0
    if n < 2 or sd == 0.0:
        return float("nan")
    ratio = test_share / (1.0 - test_share)
    t = float(np.mean(diffs)) / math.sqrt((1.0 / n + ratio) * sd**2)
    return float(2.0 * stats.t.sf(abs(t), df=n - 1))


def paired(
    dataset: str, ours: str, ours_aucs: list[float], peer: str, peer_aucs: list[float], folds: int
) -> PairedDifference:
    if len(ours_aucs) != len(peer_aucs):
        raise ValueError(f"{peer}: {len(peer_aucs)} folds, ours {len(ours_aucs)}; not paired")
    diffs = np.asarray(ours_aucs) - np.asarray(peer_aucs)
    return PairedDifference(
        dataset=dataset,
        model=peer,
        reference=ours,
        mean=round(float(diffs.mean()), 5),
        sd=round(float(diffs.std(ddof=1)), 5) if len(diffs) > 1 else 0.0,
        wins=int((diffs > 0).sum()),
        folds=len(diffs),
        p_value=None if math.isnan(p := corrected_t_test(diffs, 1.0 / folds)) else round(p, 4),
    )
