"""Split a built-in dataset's training rows into institution silos and write one file per silo.

``natural`` splits by a key a real lender population differs on (non-IID): German by purpose
group, credit_data by home ownership, lending_club by US census region of the borrower's state.
Key groups are dealt largest-first onto the smallest silo so any ``--silos N`` works. ``iid``
is a stratified random split for reference. The global evaluation holdout never enters a silo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sklearn.model_selection import StratifiedKFold, train_test_split

from underwrite.core.datasets import LoadedDataset, holdout_split

SplitKind = Literal["iid", "natural"]
CALIBRATION_FRACTION = 0.2
_SEED = 2121

_REGIONS = {
    "northeast": "CT ME MA NH RI VT NJ NY PA",
    "midwest": "IL IN MI OH WI IA KS MN MO NE ND SD",
    "south": "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
    "west": "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
}
_STATE_REGION = {s: region for region, states in _REGIONS.items() for s in states.split()}

_GERMAN_PURPOSE = {
    "car (new)": "car",
    "car (used)": "car",
    "radio/television": "household",
    "furniture/equipment": "household",
    "domestic appliances": "household",
    "repairs": "household",
}


def natural_key(ds: LoadedDataset) -> pd.Series:
    """The silo key per row (never a model input that is protected: addr_state is only used here)."""
    frame = ds.frame
    if ds.name == "german":
        return frame["loan_purpose"].map(lambda p: _GERMAN_PURPOSE.get(str(p), "business/education/other"))
    if ds.name == "credit_data":
        return frame["housing_status"].map(lambda h: h if h in {"owner", "rent", "parents"} else "other")
    if ds.name == "lending_club":
        return frame["addr_state"].map(lambda s: _STATE_REGION.get(str(s), "other"))
    raise ValueError(f"no natural silo key for dataset {ds.name!r}; use --split iid")


class SiloFile(BaseModel):
    name: str
    path: Path
    rows: int
    bad_rate: float
    keys: list[str]


def assign_silos(ds: LoadedDataset, rows: list[int], n: int, split: SplitKind) -> np.ndarray:
    """Silo index for each of ``rows`` (positions into ds.frame)."""
    if n < 2:
        raise ValueError("federated training needs at least 2 silos")
    y = ds.frame["target"].to_numpy()[rows]
    if split == "iid":
        out = np.zeros(len(rows), dtype=int)
        folds = StratifiedKFold(n_splits=n, shuffle=True, random_state=_SEED)
        for i, (_, idx) in enumerate(folds.split(np.zeros(len(rows)), y)):
            out[idx] = i
        return out
    keys = natural_key(ds).to_numpy()[rows]
    groups = pd.Series(keys).value_counts()
    if len(groups) < n:
        raise ValueError(f"{ds.name} has {len(groups)} natural groups; ask for at most {len(groups)} silos")
    sizes = [0] * n
    silo_of: dict[str, int] = {}
    for key, size in groups.items():
        target = int(np.argmin(sizes))
        silo_of[str(key)] = target
        sizes[target] += int(size)
    return np.array([silo_of[str(k)] for k in keys])


def write_silos(ds: LoadedDataset, n: int, split: SplitKind, out_dir: Path) -> list[SiloFile]:
    """Write silo_<i>.csv under ``out_dir`` from the dataset's training rows; returns what was written."""
    train_rows, _ = holdout_split(ds)
    assignment = assign_silos(ds, train_rows, n, split)
    keys = natural_key(ds).to_numpy()[train_rows] if split == "natural" else None
    out_dir.mkdir(parents=True, exist_ok=True)
    silos = []
    for i in range(n):
        part = ds.frame.iloc[[r for r, s in zip(train_rows, assignment, strict=True) if s == i]]
        path = out_dir / f"silo_{i}.csv"
        part.to_csv(path, index=False)
        silo_keys = sorted({str(k) for k in keys[assignment == i]}) if keys is not None else ["random"]
        silos.append(
            SiloFile(
                name=f"silo_{i}",
                path=path,
                rows=len(part),
                bad_rate=float(part["target"].mean()),
                keys=silo_keys,
            )
        )
    return silos


def read_silo(path: Path, categorical: list[str]) -> pd.DataFrame:
    """A silo's own file; categories are read as text so levels match the shared schema exactly."""
    return pd.read_csv(path, dtype={c: str for c in categorical}, keep_default_na=False, na_values=[""])


def local_split(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A silo's (fit, calibration) row positions: the calibration part fits Platt and the silo metrics."""
    positions = np.arange(len(y))
    stratify = y if min(np.bincount(y, minlength=2)) >= 2 else None
    fit, cal = train_test_split(
        positions, test_size=CALIBRATION_FRACTION, random_state=_SEED, stratify=stratify
    )
    return np.sort(fit), np.sort(cal)
