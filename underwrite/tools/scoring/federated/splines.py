"""Hinge (linear-spline) features at knots from a federated quantile sketch.

A linear model misses the bends LightGBM finds (income matters more at the bottom, seniority
saturates). Each numeric input gets hinge columns ``max(0, x - knot)`` at its pooled quartiles,
so its effect is piecewise linear and its reason stays one additive number per input.

The quartiles come from a sketch the silos build together: each silo sends, per numeric input, a
histogram of ``sign(x)·log1p(|x|)`` on a fixed grid of ``BINS`` bins over ``[-GRID, GRID]``
(0.125 log units wide, about 13% relative precision on a knot); the server sums the histograms and
reads quantiles by linear interpolation inside a bin. A histogram is an aggregate count per value
band, not a row, but a sparse band can still hint at one applicant's value: see the privacy notes.
"""

from __future__ import annotations

import numpy as np

BINS = 256
GRID = 16.0
QUANTILES = (0.25, 0.5, 0.75)
_EDGES = np.linspace(-GRID, GRID, BINS + 1)


def _to_grid(v: np.ndarray) -> np.ndarray:
    return np.sign(v) * np.log1p(np.abs(v))


def _from_grid(t: np.ndarray) -> np.ndarray:
    return np.sign(t) * np.expm1(np.abs(t))


def sketch(x_numeric: np.ndarray) -> np.ndarray:
    """(columns, BINS) counts of each numeric column's non-missing values (out-of-range -> edge bins)."""
    out = np.zeros((x_numeric.shape[1], BINS))
    for j in range(x_numeric.shape[1]):
        v = x_numeric[:, j]
        t = np.clip(_to_grid(v[~np.isnan(v)]), -GRID, GRID - 1e-9)
        out[j] = np.histogram(t, bins=_EDGES)[0]
    return out


def knots_from_sketch(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(knot_col, knot_val): distinct interior quartiles per column of a summed sketch.

    A knot needs some mass on both sides (a column with one or two values gets none), so no
    hinge column is constant.
    """
    cols, vals = [], []
    for j, counts in enumerate(hist):
        total = counts.sum()
        if total <= 0:
            continue
        cdf = np.cumsum(counts) / total
        chosen: list[float] = []
        for q in QUANTILES:
            b = int(np.searchsorted(cdf, q))
            below = cdf[b - 1] if b > 0 else 0.0
            frac = (q - below) / max(cdf[b] - below, 1e-12)
            t = _EDGES[b] + frac * (_EDGES[b + 1] - _EDGES[b])
            # interior: at least 5% of values strictly above the bin and below it
            if below >= 0.05 and cdf[b] <= 0.95 and all(abs(t - c) > 1e-9 for c in chosen):
                chosen.append(float(t))
        for t in chosen:
            cols.append(j)
            vals.append(float(_from_grid(np.array(t))))
    return np.array(cols, dtype=float), np.array(vals, dtype=float)


def column_scale(hist: np.ndarray, width: int, knot_col: np.ndarray) -> np.ndarray:
    """A per-design-column bound on |value| from a summed sketch: the numeric columns' outermost
    non-empty band (at least 1), their hinge columns the same; ranks and dummies keep 1.

    The stats round divides by it so that a silo's column means of x and x² fit SecAgg+'s
    quantization range (raw incomes squared do not); the server multiplies the scale back.
    """
    scale = np.ones(width)
    for j, counts in enumerate(hist):
        filled = np.flatnonzero(counts > 0.5)  # at least half a row: quantization noise is not a row
        if len(filled):
            edge = max(abs(_EDGES[filled[0]]), abs(_EDGES[filled[-1] + 1]))
            scale[j] = max(1.0, float(_from_grid(np.array(edge))))
    base = width - len(knot_col)
    for k, col in enumerate(knot_col):
        scale[base + k] = scale[int(col)]
    return scale


def expand(x: np.ndarray, knot_col: np.ndarray, knot_val: np.ndarray) -> np.ndarray:
    """Append one hinge column per knot (NaN stays NaN, so a missing value adds nothing)."""
    if len(knot_col) == 0:
        return x
    hinges = np.column_stack(
        [np.maximum(x[:, int(c)] - k, 0.0) for c, k in zip(knot_col, knot_val, strict=True)]
    )
    return np.hstack([x, hinges])


def hinge_names(numeric: list[str], knot_col: np.ndarray, knot_val: np.ndarray) -> list[str]:
    return [f"{numeric[int(c)]}>{k:.6g}" for c, k in zip(knot_col, knot_val, strict=True)]


def local_knots(x_numeric: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same sketch and knot rule on one party's rows (the benchmark's pooled / silo-alone fits)."""
    return knots_from_sketch(sketch(x_numeric))
