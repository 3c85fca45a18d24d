"""Disparity as a fair-lending review measures it: on the whole application population, at the
product's own cut-offs, with bootstrap intervals and the group sizes that bound them.

The population is every row of the dataset scored out-of-fold by the production recipe (the bundle's
schema and config refitted on k-1 folds, ``lda_inputs.population_inputs``): a 200-row hold-out leaves
8 non-foreign workers in German, and a ratio of two rates on 8 applicants is noise.

Intervals resample applicants *within* each group (a stratified bootstrap): the group sizes are
fixed by the population, so no resample loses a small group and every resample measures the same
comparison. ``GATE_RULE`` says how a bar is judged on the point estimate and its interval.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from fairlearn.metrics import MetricFrame, count, false_positive_rate, selection_rate, true_positive_rate
from pydantic import BaseModel

from underwrite.tools.scoring.disparity import air, eod, max_abs_smd, percentile_ci, resampled_air, smd

RESAMPLES = 1000
SEED = 20261201
GATE_RULE = (
    "A bar is judged on the point estimate over the whole population (out-of-fold PDs of the "
    "production recipe, every applicant), never on a hold-out of a few hundred: it is met when the "
    "point estimate meets it and missed otherwise; the bar itself is not moved. The 95% stratified "
    "bootstrap interval then says how sure the verdict is: a miss whose whole interval lies beyond "
    "the bar is significant; a miss whose interval reaches the bar is a miss within sampling noise "
    "(still a miss); a pass whose interval reaches the bar is a pass within noise."
)

Verdict = Literal["met", "met (within noise)", "missed (within noise)", "missed (significant)"]


class GroupRow(BaseModel):
    n: int
    n_good: int
    n_bad: int
    approval_rate: float
    tpr: float
    """Approval rate among applicants who repaid."""
    fpr: float
    """Approval rate among applicants who defaulted."""
    mean_pd: float
    smd: float


class AttributeMeasure(BaseModel):
    dataset: str
    attribute: str
    outcome: str
    cutoff: float | None
    n: int
    air: float
    air_ci: tuple[float, float]
    eod: float
    eod_ci: tuple[float, float]
    eod_driver: str
    """Which groups and which rate (TPR / FPR) make the equalized-odds difference, with counts."""
    max_abs_smd: float
    smd_ci: tuple[float, float]
    groups: dict[str, GroupRow]
    air_verdict: Verdict
    eod_verdict: Verdict


def verdict(point: float, ci: tuple[float, float], op: Literal[">=", "<="], threshold: float) -> Verdict:
    """``GATE_RULE``: pass/fail on the point estimate; the interval says whether it is beyond noise."""
    lo, hi = ci
    if op == ">=":
        met, sure = point >= threshold, (lo >= threshold if point >= threshold else hi < threshold)
    else:
        met, sure = point <= threshold, (hi <= threshold if point <= threshold else lo > threshold)
    if met:
        return "met" if sure else "met (within noise)"
    return "missed (significant)" if sure else "missed (within noise)"


def fast_eod(good: np.ndarray, approved: np.ndarray, groups: np.ndarray) -> float:
    """fairlearn's equalized-odds difference in NumPy (the bootstrap calls it thousands of times):
    the larger of the TPR and FPR ranges across groups; NaN when a group lacks repayers or defaulters."""
    gaps = []
    for label in (1, 0):
        rates = []
        for g in np.unique(groups):
            member = (groups == g) & (good == label)
            if not member.any():
                return float("nan")
            rates.append(approved[member].mean())
        gaps.append(max(rates) - min(rates))
    return float(max(gaps))


def resampled_eod(good: np.ndarray, approved: np.ndarray, groups: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``fast_eod`` of every resample ``good[r], approved[r], groups[r]`` for the rows of ``idx``."""
    labels, codes = np.unique(groups, return_inverse=True)
    codes_r, good_r, approved_r = codes[idx], good[idx], approved[idx].astype(bool)
    gaps = []
    for label in (1, 0):
        rates = []
        for g in range(len(labels)):
            member = (codes_r == g) & (good_r == label)
            size = member.sum(axis=1)
            hits = (member & approved_r).sum(axis=1)
            rates.append(np.where(size > 0, hits / np.maximum(size, 1), np.nan))
        table = np.vstack(rates)  # NaN where a group lacks this label: the resample's EOD is NaN
        gaps.append(table.max(axis=0) - table.min(axis=0))
    return np.maximum(gaps[0], gaps[1])


def resampled_max_abs_smd(scores: np.ndarray, groups: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``max_abs_smd(scores[r], groups[r])`` per resample, for resamples that keep every group (as
    the stratified bootstrap does): the reference is each resample's lowest-mean group."""
    labels, codes = np.unique(groups, return_inverse=True)
    codes_r, scores_r = codes[idx], scores[idx].astype(float)
    sizes, means, variances = [], [], []
    for g in range(len(labels)):
        member = codes_r == g
        size = member.sum(axis=1)
        if (size == 0).any():
            raise ValueError("resampled_max_abs_smd needs every group in every resample")
        mean = np.where(member, scores_r, 0.0).sum(axis=1) / size
        sq = np.where(member, (scores_r - mean[:, None]) ** 2, 0.0).sum(axis=1)
        sizes.append(size)
        means.append(mean)
        variances.append(np.where(size > 1, sq / np.maximum(size - 1, 1), np.nan))
    n, m, v = np.vstack(sizes), np.vstack(means), np.vstack(variances)
    rows = np.arange(idx.shape[0])
    ref = m.argmin(axis=0)  # first of tied minima, as ``smd``'s min over sorted labels
    n_ref, m_ref, v_ref = n[ref, rows], m[ref, rows], v[ref, rows]
    dof = n + n_ref - 2
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = ((n - 1) * v + (n_ref - 1) * v_ref) / dof
        usable = (dof > 0) & (n > 1) & (n_ref > 1) & (pooled > 0)
        value = np.where(usable, np.abs(m - m_ref) / np.sqrt(np.where(usable, pooled, 1.0)), 0.0)
    value[ref, rows] = 0.0
    return value.max(axis=0)


def stratified_indices(groups: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """(resamples, n) row positions, drawn with replacement within each group (sizes kept)."""
    rng = np.random.default_rng(seed)
    out = np.empty((resamples, len(groups)), dtype=np.int64)
    start = 0
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g)
        out[:, start : start + len(members)] = rng.choice(members, size=(resamples, len(members)))
        start += len(members)
    return out


def group_rows(
    good: np.ndarray, approved: np.ndarray, groups: np.ndarray, pd_values: np.ndarray
) -> dict[str, GroupRow]:
    """Per group (fairlearn ``MetricFrame``): size, approval rate, TPR and FPR; mean PD and SMD."""
    frame = MetricFrame(
        metrics={
            "n": count,
            "approval_rate": selection_rate,
            "tpr": true_positive_rate,
            "fpr": false_positive_rate,
        },
        y_true=good,
        y_pred=approved,
        sensitive_features=groups,
    )
    diffs = smd(pd_values, groups)
    rows = {}
    for g, row in frame.by_group.iterrows():
        member = groups == g
        rows[str(g)] = GroupRow(
            n=int(row["n"]),
            n_good=int(good[member].sum()),
            n_bad=int((1 - good[member]).sum()),
            approval_rate=round(float(row["approval_rate"]), 4),
            tpr=round(float(row["tpr"]), 4),
            fpr=round(float(row["fpr"]), 4),
            mean_pd=round(float(pd_values[member].mean()), 4),
            smd=round(diffs.get(str(g), 0.0), 4),
        )
    return rows


def eod_driver(rows: dict[str, GroupRow]) -> str:
    """The gap fairlearn's equalized-odds difference reports, in words with the counts behind it."""
    parts = []
    for rate, size in (("tpr", "n_good"), ("fpr", "n_bad")):
        lo = min(rows, key=lambda g: getattr(rows[g], rate))
        hi = max(rows, key=lambda g: getattr(rows[g], rate))
        gap = getattr(rows[hi], rate) - getattr(rows[lo], rate)
        parts.append(
            (
                gap,
                f"{rate.upper()} {hi} {getattr(rows[hi], rate):.3f} (of {getattr(rows[hi], size)}) vs "
                f"{lo} {getattr(rows[lo], rate):.3f} (of {getattr(rows[lo], size)})",
            )
        )
    return max(parts)[1]


def measure(
    dataset: str,
    attribute: str,
    outcome: str,
    good: np.ndarray,
    approved: np.ndarray,
    pd_values: np.ndarray,
    groups: np.ndarray,
    *,
    cutoff: float | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    air_bar: float = 0.8,
    eod_bar: float = 0.2,
) -> AttributeMeasure:
    """AIR, equalized-odds difference and |SMD| of PD for these approvals, with 95% intervals."""
    idx = stratified_indices(groups, resamples, seed)
    airs = resampled_air(approved, groups, idx)
    smds = resampled_max_abs_smd(pd_values, groups, idx)
    eods = resampled_eod(good, approved, groups, idx)
    rows = group_rows(good, approved, groups, pd_values)
    point_air, point_eod = air(approved, groups), eod(good, approved, groups)
    air_ci, eod_ci, smd_ci = percentile_ci(airs), percentile_ci(eods), percentile_ci(smds)
    return AttributeMeasure(
        dataset=dataset,
        attribute=attribute,
        outcome=outcome,
        cutoff=cutoff,
        n=len(groups),
        air=round(point_air, 4),
        air_ci=(round(air_ci[0], 4), round(air_ci[1], 4)),
        eod=round(point_eod, 4),
        eod_ci=(round(eod_ci[0], 4), round(eod_ci[1], 4)),
        eod_driver=eod_driver(rows),
        max_abs_smd=round(max_abs_smd(pd_values, groups), 4),
        smd_ci=(round(smd_ci[0], 4), round(smd_ci[1], 4)),
        groups=rows,
        air_verdict=verdict(point_air, air_ci, ">=", air_bar),
        eod_verdict=verdict(point_eod, eod_ci, "<=", eod_bar),
    )
