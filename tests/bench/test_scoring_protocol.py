"""The bench's protocol for ours: every choice (rounds, C, stack weights, calibration) is made inside
the outer training fold, so the outer test fold's labels cannot move a single prediction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from underwrite.bench import scoring_models as bench_models
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import TrainingSet, frame_hash
from underwrite.tools.scoring.schema import FeatureSchema


def _training_set(y_override: np.ndarray | None = None, n: int = 300) -> TrainingSet:
    rng = np.random.default_rng(4)
    amount = rng.lognormal(8, 0.6, n)
    income = rng.lognormal(7.5, 0.4, n)
    grade = rng.choice(["a", "b", "c"], n)
    logit = -0.8 + 1.2 * (np.log(amount / income) - 0.5) + np.where(grade == "c", 1.0, 0.0)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int) if y_override is None else y_override
    frame = pd.DataFrame({"loan_amount": amount, "monthly_net_income": income, "grade": grade, "target": y})
    schema = FeatureSchema(
        dataset="tiny",
        target="target",
        numeric=["loan_amount", "monthly_net_income"],
        categorical=["grade"],
        categories={"grade": ["a", "b", "c"]},
        monotone={"loan_amount": 1, "monthly_net_income": -1},
    )
    return TrainingSet("tiny", frame, y, schema, frame_hash(frame), "synthetic test rows")


def _fast_config():
    config = load_config()
    return config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 80, "learning_rate": 0.08},
            "blend": config.blend.model_copy(update={"linear_cs": [0.1, 1.0]}),
            "stack": config.stack.model_copy(
                update={"inner_folds": 3, "additive": {**config.stack.additive, "num_iterations": 80}}
            ),
        }
    )


def _ours_on(ts: TrainingSet, fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
    return bench_models.ours(ts, ts.schema, _fast_config(), None)(fit_idx, held_idx)


def test_outer_test_fold_labels_cannot_change_ours_predictions() -> None:
    ts = _training_set()
    fit_idx, held_idx = next(StratifiedKFold(3, shuffle=True, random_state=0).split(ts.frame, ts.y))
    before = _ours_on(ts, fit_idx, held_idx)
    flipped = ts.y.copy()
    flipped[held_idx] = 1 - flipped[held_idx]  # the test fold's labels (array and frame column) inverted
    after = _ours_on(_training_set(y_override=flipped), fit_idx, held_idx)
    np.testing.assert_array_equal(before, after)
    # The control: the same flip on the training fold does move them, so the check can fail.
    control = ts.y.copy()
    control[fit_idx[:60]] = 1 - control[fit_idx[:60]]
    assert not np.allclose(before, _ours_on(_training_set(y_override=control), fit_idx, held_idx))
