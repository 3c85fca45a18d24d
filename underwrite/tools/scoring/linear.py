"""The linear half of the score model: a sign-constrained, L2-penalised logistic regression.

Why it is here: on small credit sets a logistic model ranks about as well as boosting, and it errs
differently, so a logit-space blend of the two beats either (``underwrite bench scoring``).

Design, each column of the LightGBM matrix mapped to one or more linear terms:
- numeric: clipped to the training 1st–99th percentiles, log1p when non-negative and skewed,
  standardised, missing -> training median plus a "was missing" indicator;
- ordered categories (``schema.ordinal``): thermometer terms "rank >= k", so the step function is
  monotone when every step has the same sign;
- other categories: one-hot (an unseen or missing level is the all-zero reference).
Monotone directions from ``config.yaml`` become coefficient bounds (L-BFGS-B), so the linear half
honours the same credit-practice directions as the booster.

Contributions are exact in logit space: ``coef_j * (x_j - mean_j)`` summed per matrix column, plus
a bias ``intercept + coef · mean`` in the last column; they add up to the linear logit.
Parameters are plain numbers, so a bundle needs no pickle.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

from underwrite.tools.scoring.schema import FeatureSchema, rank_column


@dataclass
class Term:
    column: str
    """The matrix column whose contribution this term adds to."""
    kind: str  # "numeric" | "missing" | "level" | "step"
    level: str = ""
    step: float = 0.0
    lo: float = 0.0
    hi: float = 0.0
    log: bool = False
    median: float = 0.0
    centre: float = 0.0
    scale: float = 1.0
    sign: int = 0
    """Required sign of the coefficient (+1 / -1) or 0 for free."""


def _numeric_values(values: pd.Series, term: Term) -> np.ndarray:
    x = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    x = np.where(np.isnan(x), term.median, x)
    x = np.clip(x, term.lo, term.hi)
    if term.log:
        x = np.log1p(x)
    return (x - term.centre) / term.scale


def _column_terms(column: str, matrix: pd.DataFrame, schema: FeatureSchema) -> list[Term]:
    sign = int(schema.monotone.get(column, 0))
    values = matrix[column]
    if column in schema.categorical:
        if column in schema.ordinal:
            return []  # represented by its rank column's steps
        return [Term(column, "level", level=lvl) for lvl in schema.categories[column]]
    x = pd.to_numeric(values, errors="coerce").astype(float)
    terms: list[Term] = []
    if x.isna().any():
        terms.append(Term(column, "missing"))
    present = x.dropna().to_numpy()
    if present.size == 0:
        return terms
    if column in {rank_column(c) for c in schema.ordinal}:
        levels = np.unique(present)
        return terms + [Term(column, "step", step=float(s), sign=sign) for s in levels[1:]]
    lo, hi = (float(v) for v in np.quantile(present, [0.01, 0.99]))
    clipped = np.clip(present, lo, hi)
    skew = pd.Series(clipped).skew()
    skewed = lo >= 0 and bool(np.nan_to_num(np.float64(skew)) > 1.0)  # type: ignore[arg-type]
    shown = np.log1p(clipped) if skewed else clipped
    term = Term(column, "numeric", lo=lo, hi=hi, log=skewed, median=float(np.median(present)), sign=sign)
    term.centre = float(np.mean(shown))
    term.scale = float(np.std(shown)) or 1.0
    return [*terms, term]


def design(matrix: pd.DataFrame, terms: list[Term]) -> np.ndarray:
    out = np.zeros((len(matrix), len(terms)))
    for j, t in enumerate(terms):
        col = matrix[t.column]
        if t.kind == "numeric":
            out[:, j] = _numeric_values(col, t)
        elif t.kind == "missing":
            out[:, j] = col.isna().to_numpy(dtype=float)
        elif t.kind == "level":
            out[:, j] = (col.astype(object) == t.level).to_numpy(dtype=float)
        else:
            x = pd.to_numeric(col, errors="coerce").astype(float).to_numpy()
            out[:, j] = np.nan_to_num(x, nan=-np.inf) >= t.step
    return out


def _fit_bounded(x: np.ndarray, y: np.ndarray, signs: list[int], c: float) -> tuple[np.ndarray, float]:
    """Penalised logistic log-likelihood, coefficient j bounded to sign ``signs[j]``."""
    k = x.shape[1]

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:k], params[k]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z))
        resid = p - y
        grad = np.concatenate([x.T @ resid + w / c, [resid.sum()]])
        return nll + float(w @ w) / (2 * c), grad

    bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    rate = float(np.clip(y.mean(), 1e-4, 1 - 1e-4))
    start = np.concatenate([np.zeros(k), [np.log(rate / (1 - rate))]])
    # One BLAS thread: scipy's L-BFGS-B makes many tiny BLAS calls, and on a loaded machine a
    # threaded BLAS spends most of the fit spin-waiting (measured 3x slower on two shared cores).
    with threadpool_limits(limits=1):
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)])
    return result.x[:k], float(result.x[k])


@dataclass
class LinearPart:
    terms: list[Term]
    coef: list[float]
    intercept: float
    means: list[float]
    columns: list[str]
    """The matrix columns, in order, that contributions are reported against."""

    def logit(self, matrix: pd.DataFrame) -> np.ndarray:
        return design(matrix, self.terms) @ np.asarray(self.coef) + self.intercept

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """(n, columns + 1) like LightGBM's ``pred_contrib``: per-column terms, then the bias."""
        x = design(matrix, self.terms)
        coef, means = np.asarray(self.coef), np.asarray(self.means)
        out = np.zeros((len(matrix), len(self.columns) + 1))
        index = {c: i for i, c in enumerate(self.columns)}
        for j, t in enumerate(self.terms):
            out[:, index[t.column]] += coef[j] * (x[:, j] - means[j])
        out[:, -1] = self.intercept + float(coef @ means)
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "terms": [asdict(t) for t in self.terms],
            "coef": self.coef,
            "intercept": self.intercept,
            "means": self.means,
            "columns": self.columns,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearPart:
        return cls(
            terms=[Term(**t) for t in data["terms"]],
            coef=[float(v) for v in data["coef"]],
            intercept=float(data["intercept"]),
            means=[float(v) for v in data["means"]],
            columns=[str(c) for c in data["columns"]],
        )


def fit_linear(matrix: pd.DataFrame, y: np.ndarray, schema: FeatureSchema, c: float) -> LinearPart:
    terms = [t for col in matrix.columns for t in _column_terms(str(col), matrix, schema)]
    x = design(matrix, terms)
    coef, intercept = _fit_bounded(x, np.asarray(y, dtype=float), [t.sign for t in terms], c)
    return LinearPart(
        terms=terms,
        coef=[float(v) for v in coef],
        intercept=intercept,
        means=[float(v) for v in x.mean(axis=0)],
        columns=[str(c) for c in matrix.columns],
    )
