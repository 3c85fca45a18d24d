"""Stack settings tried on the development folds, never on the bench's.

The development folds are StratifiedKFold(5, shuffle, seed 7) over each dataset; the bench scores
RepeatedStratifiedKFold(seed 2026). A variant is adopted only if it helps on development folds
first, so the bench's folds stay unseen by every choice (README, "How the changes were chosen").

    python -m underwrite.bench.scoring_dev_variants german base,extra_trees,num_leaves_4
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.config import ScoringConfig, StackConfig, load_config
from underwrite.tools.scoring.data import TrainingSet, load_training_dataset
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.train import with_text

DEV_SEED = 7
Change = Callable[[dict, StackConfig], None]

VARIANTS: dict[str, Change] = {
    "base": lambda lgbm, stack: None,
    "inner_folds_5": lambda lgbm, stack: setattr(stack, "inner_folds", 5),
    "additive_lr_0.05": lambda lgbm, stack: stack.additive.update(learning_rate=0.05, num_iterations=1200),
    "extra_trees": lambda lgbm, stack: lgbm.update(extra_trees=True),
    "num_leaves_4": lambda lgbm, stack: lgbm.update(num_leaves=4),
    "equal_weights": lambda lgbm, stack: setattr(stack, "weight_ridge", 1.0),
    "path_smooth_10": lambda lgbm, stack: lgbm.update(path_smooth=10.0),
    "min_data_in_leaf_60": lambda lgbm, stack: lgbm.update(min_data_in_leaf=60),
}
"""Each variant edits a copy of the main booster's parameters or the stack block."""


def variant_config(config: ScoringConfig, name: str) -> ScoringConfig:
    lgbm, stack = dict(config.lightgbm), config.stack.model_copy(deep=True)
    VARIANTS[name](lgbm, stack)
    return config.model_copy(update={"lightgbm": lgbm, "stack": stack})


def dev_aucs(ts: TrainingSet, name: str, config: ScoringConfig) -> list[float]:
    """Ours (text-free) under the variant, one AUC per development fold."""
    schema = with_text(ts.schema, "none", 0)
    changed = variant_config(config, name)
    aucs = []
    for fit_idx, held_idx in StratifiedKFold(5, shuffle=True, random_state=DEV_SEED).split(ts.frame, ts.y):
        model = fit_model(ts.frame.iloc[fit_idx], ts.y[fit_idx], schema, changed, None)
        aucs.append(float(roc_auc_score(ts.y[held_idx], model.predict_pd(ts.frame.iloc[held_idx], None))))
    return aucs


def main(argv: list[str]) -> None:
    dataset, names = argv[0], argv[1].split(",") if len(argv) > 1 else list(VARIANTS)
    config = load_config()
    ts = load_training_dataset(dataset, config)  # once: every variant sees the same rows
    for name in names:
        started = time.monotonic()
        aucs = dev_aucs(ts, name, config)
        row = {"dataset": dataset, "variant": name, "mean_auc": round(float(np.mean(aucs)), 4)}
        row |= {"fold_aucs": [round(a, 4) for a in aucs], "seconds": round(time.monotonic() - started)}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
