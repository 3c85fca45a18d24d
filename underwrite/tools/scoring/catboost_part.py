"""The stack's fourth part: a monotone CatBoost (oblivious trees, ordered target statistics).

It sees the same matrix as the LightGBM parts, with the same monotone directions on the numeric
columns; categories go in as strings ("missing" for a gap), which CatBoost encodes with ordered
target statistics inside its own training rows. Its round count is chosen like the boosters': the
cut (every ``eval_period`` rounds up to ``iterations``) with the lowest summed inner validation log
loss (``stack.py``).

Why its reasons add up: CatBoost's ``ShapValues`` are exact TreeSHAP values for its own trees, one
column per input column plus the expected value, summing to its raw log-odds exactly; they enter
the stack's weighted sum like LightGBM's ``pred_contrib``. The model is stored as CatBoost's JSON
export (text, no pickle), which loads back to identical raw scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from underwrite.tools.scoring.schema import FeatureSchema

MISSING = "missing"


def catboost_frame(matrix: pd.DataFrame, categorical: list[str]) -> pd.DataFrame:
    """The model matrix as CatBoost reads it: categories as strings, numbers untouched (NaN kept)."""
    out = matrix.copy()
    for col in categorical:
        out[col] = out[col].astype(object).where(out[col].notna(), MISSING).astype(str)
    return out


def _classifier(params: dict[str, Any], iterations: int, cats: list[str], constraints: list[int]) -> Any:
    from catboost import CatBoostClassifier

    settings = {k: v for k, v in params.items() if k not in ("iterations", "eval_period")}
    return CatBoostClassifier(
        iterations=iterations,
        thread_count=1,
        verbose=False,
        allow_writing_files=False,
        cat_features=cats,
        monotone_constraints=constraints if any(constraints) else None,
        **settings,
    )


@dataclass
class CatBoostPart:
    model: Any
    """A fitted ``catboost.CatBoostClassifier``."""
    categorical: list[str]

    def _pool(self, matrix: pd.DataFrame) -> Any:
        from catboost import Pool

        return Pool(catboost_frame(matrix, self.categorical), cat_features=self.categorical)

    def logit(self, matrix: pd.DataFrame) -> np.ndarray:
        return np.asarray(
            self.model.predict(self._pool(matrix), prediction_type="RawFormulaVal"), dtype=float
        )

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """Exact log-odds contributions (n, columns + 1), last column the expected value."""
        return np.asarray(
            self.model.get_feature_importance(self._pool(matrix), type="ShapValues"), dtype=float
        )

    def save(self, path: Path) -> None:
        self.model.save_model(str(path), format="json")

    @classmethod
    def load(cls, path: Path, categorical: list[str]) -> CatBoostPart:
        from catboost import CatBoostClassifier

        model = CatBoostClassifier()
        model.load_model(str(path), format="json")
        return cls(model=model, categorical=categorical)


def constraints_for(matrix: pd.DataFrame, schema: FeatureSchema, lgb_params: dict[str, Any]) -> list[int]:
    """The LightGBM parts' monotone directions, column for column (categories stay free)."""
    given = lgb_params.get("monotone_constraints")
    values = list(given) if given is not None else [0] * matrix.shape[1]
    return [0 if col in schema.categorical else int(v) for col, v in zip(matrix.columns, values, strict=True)]


def catboost_rounds(
    matrix: pd.DataFrame,
    y: np.ndarray,
    params: dict[str, Any],
    cats: list[str],
    constraints: list[int],
    splits: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[int, np.ndarray]:
    """Round cut with the lowest summed inner validation log loss, and the OOF logits at it."""
    cap, step = int(params["iterations"]), int(params.get("eval_period", 25))
    frame = catboost_frame(matrix, cats)
    staged: list[np.ndarray] = []
    for fit_idx, held_idx in splits:
        model = _classifier(params, cap, cats, constraints).fit(frame.iloc[fit_idx], y[fit_idx])
        cuts = model.staged_predict(frame.iloc[held_idx], prediction_type="RawFormulaVal", eval_period=step)
        staged.append(np.stack([np.asarray(c, dtype=float) for c in cuts]))
    n_cuts = min(s.shape[0] for s in staged)
    losses = np.zeros(n_cuts)
    for s, (_, held_idx) in zip(staged, splits, strict=True):
        z, t = s[:n_cuts], y[held_idx]
        losses += np.sum(np.logaddexp(0.0, z) - t * z, axis=1)
    best = int(np.argmin(losses))
    oof = np.zeros(len(y))
    for s, (_, held_idx) in zip(staged, splits, strict=True):
        oof[held_idx] = s[best]
    return min(step * (best + 1), cap), oof


def fit_catboost(
    matrix: pd.DataFrame,
    y: np.ndarray,
    params: dict[str, Any],
    cats: list[str],
    constraints: list[int],
    rounds: int,
) -> CatBoostPart:
    frame = catboost_frame(matrix, cats)
    model = _classifier(params, rounds, cats, constraints).fit(frame, y)
    return CatBoostPart(model=model, categorical=list(cats))
