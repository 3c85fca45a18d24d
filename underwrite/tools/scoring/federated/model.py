"""The federated logistic model as a score-model bundle ``underwrite score`` loads like any other.

It offers what the scorer uses from a LightGBM model: ``matrix``, ``raw_score``, ``contributions``
(one column per schema model column plus the bias, like ``pred_contrib``) and a sigmoid
``Calibrator`` holding the federated Platt slope / intercept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from underwrite.tools.scoring.calibrate import Calibrator
from underwrite.tools.scoring.federated.linear import (
    NO_KNOTS,
    Knots,
    column_group,
    design_columns,
    raw_design,
    standardize,
)
from underwrite.tools.scoring.schema import FeatureSchema

LINEAR_FILE = "linear.json"


@dataclass
class LinearModel:
    schema: FeatureSchema
    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    sd: np.ndarray
    calibrator: Calibrator
    params: dict[str, Any] = field(default_factory=dict)
    oof_auc: float = float("nan")
    knots: Knots = NO_KNOTS

    def __post_init__(self) -> None:
        columns = design_columns(self.schema, self.knots)
        if not (len(columns) == len(self.coef) == len(self.mean) == len(self.sd)):
            raise ValueError(
                f"linear model has {len(self.coef)} coefficients for {len(columns)} design columns"
            )
        groups = [column_group(self.schema, c) for c in columns]
        model_columns = self.schema.model_columns
        # Design column -> the schema model column its contribution is reported under (a dummy
        # under its categorical column, a rank under its rank column), so reasons group as usual.
        self._slot = np.array(
            [
                model_columns.index(c if c in model_columns else g)
                for c, g in zip(columns, groups, strict=True)
            ]
        )

    def matrix(self, frame: pd.DataFrame, embeddings: np.ndarray | None = None) -> pd.DataFrame:
        z = standardize(raw_design(frame, self.schema, self.knots, embeddings), self.mean, self.sd)
        return pd.DataFrame(z, columns=design_columns(self.schema, self.knots))

    def raw_score(self, matrix: pd.DataFrame) -> np.ndarray:
        return matrix.to_numpy(float) @ self.coef + self.intercept

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray:
        """(n, model columns + 1): coef × standardized deviation per model column; last = intercept."""
        per_design = matrix.to_numpy(float) * self.coef
        out = np.zeros((len(matrix), len(self.schema.model_columns) + 1))
        np.add.at(out.T, self._slot, per_design.T)
        out[:, -1] = self.intercept
        return out

    def predict_pd(self, frame: pd.DataFrame, embeddings: np.ndarray | None = None) -> np.ndarray:
        return self.calibrator.predict(self.raw_score(self.matrix(frame, embeddings)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": design_columns(self.schema, self.knots),
            "knot_col": self.knots[0].tolist(),
            "knot_val": self.knots[1].tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "mean": self.mean.tolist(),
            "sd": self.sd.tolist(),
        }


def from_weights(schema: FeatureSchema, summary: dict[str, Any], params: dict[str, Any]) -> LinearModel:
    """Build the model from a run's aggregated weights, standardizer and Platt terms."""
    w = np.asarray(summary["weights"], dtype=float)
    slope, intercept = (float(v) for v in summary["platt"])
    return LinearModel(
        schema=schema,
        coef=w[:-1],
        intercept=float(w[-1]),
        mean=np.asarray(summary["mean"], dtype=float),
        sd=np.asarray(summary["sd"], dtype=float),
        calibrator=Calibrator(method="sigmoid", slope=slope, intercept=intercept),
        params=params,
        knots=_knots(summary),
    )


def _knots(data: dict[str, Any]) -> Knots:
    """A run or file without hinge columns (before splines existed) has no knots."""
    return (
        np.asarray(data.get("knot_col", []), dtype=float),
        np.asarray(data.get("knot_val", []), dtype=float),
    )


def save_linear(model: LinearModel, out_dir: Path) -> None:
    (out_dir / LINEAR_FILE).write_text(json.dumps(model.to_dict(), indent=2))


def load_linear(
    path: Path, schema: FeatureSchema, calibrator: Calibrator, params: dict[str, Any]
) -> LinearModel:
    data = json.loads((path / LINEAR_FILE).read_text())
    knots = _knots(data)
    if data["columns"] != design_columns(schema, knots):
        raise ValueError(f"{path}: {LINEAR_FILE} columns do not match schema.json")
    return LinearModel(
        schema=schema,
        coef=np.asarray(data["coef"], dtype=float),
        intercept=float(data["intercept"]),
        mean=np.asarray(data["mean"], dtype=float),
        sd=np.asarray(data["sd"], dtype=float),
        calibrator=calibrator,
        params=params,
        knots=knots,
    )
