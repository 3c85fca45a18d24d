"""The issue's targets on a benchmark's rows, with a paired bootstrap of each per-silo AUC gap.

A smaller silo's hold-out segment has a few hundred rows and some 20 defaults, so an AUC there
moves by ±0.03 with the sample. Each "federated above silo-alone" verdict therefore carries the
95% interval of the AUC difference over 1,000 paired resamples of that segment (same rows for
both models), so a reader can tell a real gap from noise. "Best silo-alone" is the best of *all*
silos' alone models on that segment, picked on the segment itself, which flatters it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.stats import rankdata

_RESAMPLES = 1000
_SEED = 2121


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    pos = y == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = rankdata(s)
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def paired_gap(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """AUC(a) - AUC(b) on (y) and its 2.5% / 97.5% paired-bootstrap percentiles."""
    rng = np.random.default_rng(_SEED)
    gaps = []
    for _ in range(_RESAMPLES):
        idx = rng.integers(0, len(y), size=len(y))
        gaps.append(_auc(y[idx], a[idx]) - _auc(y[idx], b[idx]))
    lo, hi = np.nanpercentile(gaps, [2.5, 97.5])
    return _auc(y, a) - _auc(y, b), float(lo), float(hi)


def targets(
    auc: Mapping[tuple[str, str], float],
    silos: int,
    sizes: Mapping[str, int],
    y: np.ndarray,
    segments: Mapping[str, np.ndarray],
    predictions: Mapping[str, np.ndarray],
) -> dict[str, bool | float | str]:
    gap = auc[("pooled logit", "all")] - auc[("federated logit", "all")]
    out: dict[str, bool | float | str] = {
        "pooled_minus_federated_auc": round(gap, 4),
        "within_0.01_of_pooled": gap <= 0.01,
    }
    best_alone = max(auc[(f"silo_{i} alone", "all")] for i in range(silos))
    out["best_silo_alone_auc_all"] = round(best_alone, 4)
    out["federated_above_best_silo_alone_all"] = auc[("federated logit", "all")] > best_alone
    smaller = sorted(sizes, key=sizes.__getitem__)[: max(1, silos - 1)]
    candidates = [m for m in ("federated logit", "federated personalised") if (m, "all") in auc]
    for silo in smaller:
        segment = silo if silo in segments else "all"
        mask = segments[segment]
        best = max(range(silos), key=lambda i: auc[(f"silo_{i} alone", segment)])
        for model in candidates:
            tag = "personalised" if "personalised" in model else "federated"
            d, lo, hi = paired_gap(y[mask], predictions[model][mask], predictions[f"silo_{best} alone"][mask])
            out[f"{silo}_{tag}_above_best_alone_on_{segment}"] = d > 0
            out[f"{silo}_{tag}_minus_best_alone(silo_{best})"] = f"{d:+.4f} [95% {lo:+.4f}, {hi:+.4f}]"
            if segment == silo:
                own = f"{silo} alone"
                d, lo, hi = paired_gap(y[mask], predictions[model][mask], predictions[own][mask])
                out[f"{silo}_{tag}_minus_own_alone"] = f"{d:+.4f} [95% {lo:+.4f}, {hi:+.4f}]"
    return out
