"""Out-of-fold PDs from the project's own training pipeline (``from_dataset`` + ``fit_model``, what
``underwrite train`` runs), cached on disk by inputs and scoring code so reruns reuse them."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.resources
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.core.datasets import LoadedDataset

FOLDS = 5
FOLD_SEED = 41


def _scoring_code_hash() -> str:
    """Hash of the scoring package's source and config: a code change invalidates cached PDs."""
    root = importlib.resources.files("underwrite.tools.scoring")
    digest = hashlib.sha256()
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".py", ".yaml")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def restrict(ds: LoadedDataset, drop: tuple[str, ...]) -> LoadedDataset:
    """The dataset with some model inputs removed (an LDA candidate)."""
    return dataclasses.replace(
        ds,
        numeric=[c for c in ds.numeric if c not in drop],
        categorical=[c for c in ds.categorical if c not in drop],
    )


def oof_pd(ds: LoadedDataset, cache_dir: Path) -> np.ndarray:
    """Calibrated out-of-fold PD for every row of ``ds`` (stratified ``FOLDS``-fold, fixed seed)."""
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset
    from underwrite.tools.scoring.model import fit_model

    config = load_config()
    ts = from_dataset(ds, config)
    key = hashlib.sha256(
        json.dumps(
            [ts.data_hash, ts.schema.model_dump(mode="json"), _scoring_code_hash(), FOLDS, FOLD_SEED],
            sort_keys=True,
        ).encode()
    ).hexdigest()[:20]
    path = cache_dir / "fairness" / f"{ds.name}-{key}.npy"
    if path.is_file():
        return np.load(path)
    pd_values = np.zeros(len(ts.y))
    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=FOLD_SEED)
    for fit_idx, held_idx in splitter.split(ts.frame, ts.y):
        model = fit_model(ts.frame.iloc[fit_idx], ts.y[fit_idx], ts.schema, config)
        pd_values[held_idx] = model.predict_pd(ts.frame.iloc[held_idx], None)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, pd_values)
    return pd_values


def auc_of(ds: LoadedDataset, pd_values: np.ndarray) -> float:
    return float(roc_auc_score(ds.frame["target"].to_numpy(), pd_values))


def approve_at_rate(pd_values: np.ndarray, rate: float) -> np.ndarray:
    """Approve the ``rate`` share with the lowest PD: alternatives are compared at equal volume."""
    if rate <= 0:
        return np.zeros(len(pd_values), dtype=int)
    cutoff = np.quantile(pd_values, min(rate, 1.0))
    return (pd_values <= cutoff).astype(int)
