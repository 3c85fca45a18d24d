"""A synthetic lending population where the right LDA answer is known (used by test_scoring_lda.py).

Risk ``r`` drives default and is distributed alike in both groups; ``debt_ratio`` measures it.
``postcode_score`` says nothing about risk but marks group "b" (a redlining proxy). The training
labels carry a historical penalty on group "b" (extra recorded defaults), the hold-out labels do not:
a model that reads the proxy learns the old penalty and declines group "b" more often, so dropping
the proxy must raise the adverse impact ratio without costing hold-out AUC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.lda import SearchInputs
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.schema import FeatureSchema


def population(n: int, seed: int, penalty: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    group = np.where(rng.random(n) < 0.4, "b", "a")
    r = rng.normal(0, 1, n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(2.0 * r - 0.8 + penalty * (group == "b"))))).astype(int)
    return pd.DataFrame(
        {
            "debt_ratio": r + rng.normal(0, 0.3, n),
            "postcode_score": 1.0 * (group == "b") + rng.normal(0, 0.3, n),
            "group": group,
            "target": y,
        }
    )


def synthetic_inputs(seed: int = 5, n: int = 1500) -> SearchInputs:
    schema = FeatureSchema(
        dataset="synthetic",
        target="target",
        numeric=["debt_ratio", "postcode_score"],
        categorical=[],
        categories={},
    )
    base = load_config()
    config = base.model_copy(update={"lightgbm": {**base.lightgbm, "num_iterations": 60}})
    train, hold = population(n, seed, penalty=1.5), population(n, seed + 1, penalty=0.0)
    model = fit_model(train, train["target"].to_numpy(), schema, config)
    base_pd = model.predict_pd(hold, None)
    return SearchInputs(
        schema=schema,
        config=config,
        train_frame=train,
        y_train=train["target"].to_numpy(),
        hold_frame=hold,
        y_hold=hold["target"].to_numpy(),
        groups={"group": hold["group"].to_numpy()},
        base_pd=base_pd,
        base_approved=(base_pd < np.quantile(base_pd, 0.6)).astype(int),
        train_groups={"group": train["group"].to_numpy()},
    )
