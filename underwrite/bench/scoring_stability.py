"""Why the validation PSI missed, measured: `python -m underwrite.bench.scoring_stability [--json]`.

The model_validation suite compares the German hold-out rows' PDs with the training rows'
*in-sample* PDs. This fits the text-free configuration on the training rows three times (LightGBM
alone, the legacy LightGBM + linear logit blend, the shipped stack) and reports for each: in-sample
vs hold-out AUC (the overfitting), the suite's PSI, and the hold-out bad rate per policy grade
(CP-9.2) with the inversions the suite counts (grades with >= 10 rows).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
from pydantic import BaseModel

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.policy.table import grade_for_pd, load_rule_table
from underwrite.tools.scoring.config import ScoringConfig, load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.metrics import auc, psi
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.train import with_text


class StabilityRow(BaseModel):
    variant: str
    linear_weight: float
    train_auc_in_sample: float
    holdout_auc: float
    psi_holdout_vs_train: float
    grades: list[tuple[str, int, float]]
    """(grade, hold-out rows, observed bad rate) for populated grades, best first."""
    inversions: int


def _grades(pd_values: np.ndarray, y: np.ndarray) -> tuple[list[tuple[str, int, float]], int]:
    assigned = np.array([grade_for_pd(float(p)) for p in pd_values])
    table = []
    for band in load_rule_table().grades:
        mask = assigned == band.grade
        if mask.any():
            table.append((band.grade, int(mask.sum()), round(float(y[mask].mean()), 4)))
    tested = [rate for _, n, rate in table if n >= 10]
    return table, sum(1 for lo, hi in itertools.pairwise(tested) if hi < lo)


def run(config: ScoringConfig | None = None) -> list[StabilityRow]:
    config = config or load_config()
    dataset = load_dataset("german")
    train_rows, holdout_rows = holdout_split(dataset)
    train = from_dataset(dataset, config, rows=train_rows)
    holdout = from_dataset(dataset, config, rows=holdout_rows)
    schema = with_text(train.schema, "none", 0)
    legacy = config.model_copy(update={"stack": config.stack.model_copy(update={"enabled": False})})
    off = legacy.model_copy(update={"blend": config.blend.model_copy(update={"weights": [0.0]})})
    stacked = config.model_copy(update={"stack": config.stack.model_copy(update={"enabled": True})})
    rows = []
    variants = (("lightgbm alone", off), ("lightgbm + linear blend", legacy), ("stack (default)", stacked))
    for name, cfg in variants:
        model = fit_model(train.frame, train.y, schema, cfg)
        in_sample = model.predict_pd(train.frame, None)
        held = model.predict_pd(holdout.frame, None)
        grades, inversions = _grades(held, holdout.y)
        rows.append(
            StabilityRow(
                variant=name,
                linear_weight=model.blend_weight,
                train_auc_in_sample=round(auc(train.y, in_sample), 4),
                holdout_auc=round(auc(holdout.y, held), 4),
                psi_holdout_vs_train=round(psi(in_sample, held), 4),
                grades=grades,
                inversions=inversions,
            )
        )
    return rows


if __name__ == "__main__":
    results = run()
    if "--json" in sys.argv:
        print("[" + ",".join(r.model_dump_json() for r in results) + "]")
    else:
        for r in results:
            print(r.model_dump())
