"""Disparity measures a fair-lending review uses: adverse impact ratio, standardised mean difference of
scores, equalized odds, and paired bootstrap confidence intervals that resample applicants.

AIR and SMD are plain NumPy so the bootstrap can call them thousands of times; the reported group
tables use fairlearn (``MetricFrame`` with ``selection_rate``), and the tests check the NumPy AIR
against fairlearn's ``demographic_parity_ratio``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, count, equalized_odds_difference, selection_rate

FOUR_FIFTHS = 0.8
"""The EEOC four-fifths rule, used by bank examiners as the adverse-impact screening line."""

AGE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("under 25", 0, 25),
    ("25-39", 25, 40),
    ("40-61", 40, 62),
    # Reg B §1002.6(b)(2): applicants 62 or older may not be treated less favourably because of age.
    ("62+", 62, 200),
)


def age_band(age: pd.Series) -> np.ndarray:
    out = np.full(len(age), "unknown", dtype=object)
    values = age.to_numpy(dtype=float)
    for label, lo, hi in AGE_BANDS:
        out[(values >= lo) & (values < hi)] = label
    return out.astype(str)


def protected_groups(dataset: str, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The protected groupings a dataset supports (German: age band, sex, foreign worker; HMDA: race)."""
    if dataset == "german":
        return {
            "age_band": age_band(frame["age_years"]),
            "sex": frame["sex"].astype(str).to_numpy(),
            "foreign_worker": frame["foreign_worker"].astype(str).to_numpy(),
        }
    if dataset == "hmda":
        return {"race_african_american": frame["race_african_american"].astype(str).to_numpy()}
    raise ValueError(f"no protected groupings defined for {dataset}")


def approval_rates(approved: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    labels, codes = np.unique(groups, return_inverse=True)
    sizes = np.bincount(codes, minlength=len(labels))
    hits = np.bincount(codes, weights=approved.astype(float), minlength=len(labels))
    return {str(g): float(h / n) for g, h, n in zip(labels, hits, sizes, strict=True) if n}


def air(approved: np.ndarray, groups: np.ndarray) -> float:
    """Lowest group approval rate / highest (1.0 when every group is approved alike)."""
    rates = list(approval_rates(approved, groups).values())
    top = max(rates, default=0.0)
    return float(min(rates) / top) if top > 0 else 1.0


def smd(scores: np.ndarray, groups: np.ndarray, reference: str | None = None) -> dict[str, float]:
    """Standardised mean difference of ``scores`` (PD) for each group against ``reference``.

    (mean_group − mean_reference) / pooled SD, the pooled SD being
    sqrt(((n_g − 1)·s_g² + (n_r − 1)·s_r²) / (n_g + n_r − 2)). Positive = the group is scored
    riskier. The reference defaults to the group with the lowest mean PD (the most favoured one,
    as AIR compares against the most approved group).
    """
    scores = np.asarray(scores, dtype=float)
    labels = [str(g) for g in np.unique(groups)]
    means = {g: float(scores[groups == g].mean()) for g in labels}
    ref = reference if reference is not None else min(means, key=lambda g: means[g])
    ref_scores = scores[groups == ref]
    out = {}
    for g in labels:
        if g == ref:
            continue
        mine = scores[groups == g]
        dof = len(mine) + len(ref_scores) - 2
        pooled = (
            ((len(mine) - 1) * mine.var(ddof=1) + (len(ref_scores) - 1) * ref_scores.var(ddof=1)) / dof
            if dof > 0 and len(mine) > 1 and len(ref_scores) > 1
            else 0.0
        )
        out[g] = float((means[g] - means[ref]) / np.sqrt(pooled)) if pooled > 0 else 0.0
    return out


def max_abs_smd(scores: np.ndarray, groups: np.ndarray) -> float:
    return max((abs(v) for v in smd(scores, groups).values()), default=0.0)


def eod(good: np.ndarray, approved: np.ndarray, groups: np.ndarray) -> float:
    """fairlearn's equalized-odds difference of approvals with repayment as the 'qualified' label."""
    return float(equalized_odds_difference(good, approved, sensitive_features=groups))


def group_report(
    good: np.ndarray, approved: np.ndarray, groups: np.ndarray, scores: np.ndarray
) -> dict[str, dict[str, float]]:
    """Per group: approval rate and count (fairlearn ``MetricFrame``), mean PD and SMD."""
    frame = MetricFrame(
        metrics={"approval_rate": selection_rate, "count": count},
        y_true=good,
        y_pred=approved,
        sensitive_features=groups,
    )
    diffs = smd(scores, groups)
    out: dict[str, dict[str, float]] = {}
    for g, row in frame.by_group.iterrows():
        key = str(g)
        out[key] = {k: float(v) for k, v in row.items()}
        out[key]["mean_pd"] = float(np.mean(scores[groups == g]))
        out[key]["smd"] = diffs.get(key, 0.0)
    return out


def bootstrap_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """(resamples, n) row positions drawn with replacement: applicants are the sampling unit."""
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def percentile_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (float("nan"), float("nan"))
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(finite, [tail, 100 - tail])
    return (float(lo), float(hi))


def paired_ci(
    statistic: Callable[[np.ndarray], float], indices: np.ndarray, level: float = 0.95
) -> tuple[float, float]:
    """Percentile CI of ``statistic(rows)`` over bootstrap resamples (NaN resamples skipped)."""
    values = np.array([statistic(rows) for rows in indices], dtype=float)
    return percentile_ci(values, level)


# Vectorised over resamples: ``idx`` is a (resamples, n) matrix of row positions and each function
# returns one value per resample, equal to the scalar function applied to ``x[idx[i]]`` (the tests
# check this). The LDA search differences every alternative against the baseline on the same rows,
# thousands of times; row-at-a-time Python calls were most of its bootstrap time.


def resampled_air(approved: np.ndarray, groups: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``air(approved[r], groups[r])`` for every resample ``r`` (groups absent from a resample are
    left out, as ``approval_rates`` leaves them out)."""
    _labels, codes = np.unique(groups, return_inverse=True)
    codes_r, approved_r = codes[idx], approved[idx].astype(bool)
    rates = []
    for g in range(len(_labels)):
        member = codes_r == g
        size = member.sum(axis=1)
        hits = (member & approved_r).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            rates.append(np.where(size > 0, hits / np.maximum(size, 1), np.nan))
    table = np.vstack(rates)
    top, low = np.nanmax(table, axis=0), np.nanmin(table, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(top > 0, low / np.where(top > 0, top, 1.0), 1.0)


def resampled_auc(y: np.ndarray, scores: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """ROC AUC of ``scores`` for label ``y`` per resample (the Mann-Whitney form with average ranks
    for ties, which equals sklearn's trapezoidal ``roc_auc_score``); NaN when a resample has one class."""
    from scipy.stats import rankdata

    y_r = y[idx].astype(float)
    ranks = rankdata(scores[idx], axis=1)
    positives = y_r.sum(axis=1)
    negatives = idx.shape[1] - positives
    with np.errstate(invalid="ignore", divide="ignore"):
        value = ((ranks * y_r).sum(axis=1) - positives * (positives + 1) / 2) / (positives * negatives)
    return np.where((positives > 0) & (negatives > 0), value, np.nan)


def resampled_bad_rate(y: np.ndarray, approved: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Default rate among the approved per resample (0 when a resample approves nobody)."""
    approved_r = approved[idx].astype(float)
    count = approved_r.sum(axis=1)
    bad = (y[idx] * approved_r).sum(axis=1)
    return np.where(count > 0, bad / np.maximum(count, 1), 0.0)
