"""How unusual an application is against the training population (IsolationForest).

Fitted on the German credit rows the default model trains on (the shared holdout split keeps the
holdout out), numeric non-protected fields only, and cached under ``UW_HOME/models`` as a pickle that is
only loaded back when its HMAC sidecar verifies (``signed_pickle``). The score is
the share of training applications that look *less* typical than this one: 0.01 means only 1% of
the training population is stranger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.core.schemas import FactValue
from underwrite.core.settings import get_settings
from underwrite.tools.signed_pickle import dump_signed, load_signed

ANOMALY_VERSION = "iforest-german-v1"
FEATURES = (
    "loan_amount",
    "loan_term_months",
    "residence_years",
    "existing_credits_count",
    "dependents",
)


class AnomalyModel(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    version: str
    features: tuple[str, ...]
    medians: list[float]
    forest: object
    training_scores: list[float]

    def percentile(self, values: Mapping[str, FactValue]) -> float | None:
        row: list[float] = []
        present = 0
        for name, median in zip(self.features, self.medians, strict=True):
            v = values.get(name)
            if isinstance(v, int | float) and not isinstance(v, bool):
                row.append(float(v))
                present += 1
            else:
                row.append(median)
        if present < 2:  # mostly imputed rows say nothing about the application
            return None
        score = float(self.forest.score_samples(np.array([row]))[0])  # type: ignore[attr-defined]
        return float(np.mean(np.array(self.training_scores) < score))


def _path() -> Path:
    return get_settings().models_dir / f"{ANOMALY_VERSION}.pkl"


def fit_anomaly_model() -> AnomalyModel:
    from sklearn.ensemble import IsolationForest

    ds = load_dataset("german")
    train_idx, _ = holdout_split(ds)
    frame = ds.frame.iloc[train_idx][list(FEATURES)].astype(float)
    medians = frame.median().tolist()
    x = frame.fillna(dict(zip(FEATURES, medians, strict=True))).to_numpy()
    forest = IsolationForest(n_estimators=200, random_state=0, n_jobs=1).fit(x)
    return AnomalyModel(
        version=ANOMALY_VERSION,
        features=FEATURES,
        medians=medians,
        forest=forest,
        training_scores=forest.score_samples(x).tolist(),
    )


def load_anomaly_model() -> AnomalyModel:
    """The cached model, fitted on first use."""
    path = _path()
    model = load_signed(path)  # None unless our HMAC beside it verifies: a swapped file is refit
    if isinstance(model, AnomalyModel) and model.version == ANOMALY_VERSION:
        return model
    model = fit_anomaly_model()
    dump_signed(model, path)
    return model


def default_anomaly_scorer() -> Callable[[Mapping[str, FactValue]], float | None]:
    """A scorer that loads (or fits) the model on its first call."""
    cache: list[AnomalyModel] = []

    def score(values: Mapping[str, FactValue]) -> float | None:
        if not cache:
            cache.append(load_anomaly_model())
        return cache[0].percentile(values)

    return score
