"""Training data: built-in datasets or any CSV with a binary target, validated with specific errors."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from underwrite.core.datasets import LoadedDataset, load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.features import parse_numbers
from underwrite.tools.scoring.schema import FeatureSchema


class TrainingDataError(ValueError):
    """The training data cannot be used; the message says exactly why."""


class UnreadableCSVError(TrainingDataError): ...


class MissingTargetError(TrainingDataError): ...


class SingleClassTargetError(TrainingDataError): ...


class NonBinaryTargetError(TrainingDataError): ...


class TooFewRowsError(TrainingDataError): ...


# Column names that are (or proxy) a prohibited basis under ECOA / Reg B and the GDPR's special
# categories. Matched on word parts, so `applicant_age` and `Sex` are caught, `usage` is not.
_PROTECTED_PATTERN = re.compile(
    r"(^|_)(age|dob|birth|sex|gender|race|ethnic\w*|religion|marital|married|single|national\w*|"
    r"citizen\w*|foreign\w*|origin|pregnan\w*|disab\w*)($|_|\d)",
)
_BAD_LABELS = {"1", "1.0", "bad", "default", "defaulted", "yes", "true", "charged off", "denied", "y"}
_GOOD_LABELS = {"0", "0.0", "good", "paid", "fully paid", "no", "false", "approved", "n", "non-default"}
_MAX_CATEGORY_LEVELS = 50
# Tokens that mean "not known" in hand-made credit files, beyond pandas' own (NA, n/a, null, ...).
_MISSING_TOKENS = ["?", "-", "--", "."]


@dataclass(frozen=True)
class TrainingSet:
    name: str
    frame: pd.DataFrame
    y: np.ndarray
    schema: FeatureSchema
    data_hash: str
    source: str


def is_protected(column: str, extra: set[str] | frozenset[str] = frozenset()) -> bool:
    name = re.sub(r"[^a-z0-9]+", "_", column.lower()).strip("_")
    return column in PROTECTED_FIELDS or column in extra or bool(_PROTECTED_PATTERN.search(name))


def frame_hash(frame: pd.DataFrame) -> str:
    raw = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return hashlib.sha256(raw).hexdigest()[:16]


def from_dataset(ds: LoadedDataset, config: ScoringConfig, rows: list[int] | None = None) -> TrainingSet:
    frame = ds.frame if rows is None else ds.frame.iloc[rows].reset_index(drop=True)
    excluded = {c: "protected attribute (prohibited basis; fairness testing only)" for c in ds.protected}
    for col in frame.columns:
        if col not in ds.features and col != "target" and col not in excluded:
            excluded[col] = "not a model input in the dataset definition"
    schema = _schema(ds.name, "target", frame, ds.numeric, ds.categorical, ds.text, excluded, config)
    return TrainingSet(
        name=ds.name,
        frame=frame,
        y=frame["target"].to_numpy(dtype=int),
        schema=schema,
        data_hash=frame_hash(frame),
        source=ds.source,
    )


def load_training_dataset(name: str, config: ScoringConfig, rows: list[int] | None = None) -> TrainingSet:
    return from_dataset(load_dataset(name), config, rows)


def _schema(
    name: str,
    target: str,
    frame: pd.DataFrame,
    numeric: list[str],
    categorical: list[str],
    prose: list[str],
    excluded: dict[str, str],
    config: ScoringConfig,
) -> FeatureSchema:
    categories = {c: sorted(frame[c].dropna().astype(str).unique().tolist()) for c in categorical}
    ordinal = {
        c: levels
        for c, levels in config.ordinal.items()
        if c in categorical and set(categories[c]) & set(levels)
    }
    columns = [*numeric, *categorical, *(f"{c}_rank" for c in ordinal)]
    return FeatureSchema(
        dataset=name,
        target=target,
        numeric=numeric,
        categorical=categorical,
        categories=categories,
        ordinal=ordinal,
        prose=prose,
        excluded=excluded,
        monotone={c: d for c, d in config.monotone.items() if c in columns and d},
    )


def _binary_target(series: pd.Series, target: str) -> np.ndarray:
    values = series.dropna()
    if values.empty:
        raise SingleClassTargetError(f"target column {target!r} is empty")
    labels = values.astype(str).str.strip().str.lower()
    distinct = sorted(labels.unique())
    if len(distinct) == 1:
        raise SingleClassTargetError(
            f"target column {target!r} has a single class ({distinct[0]!r}); need both good and bad rows"
        )
    unknown = [v for v in distinct if v not in _BAD_LABELS | _GOOD_LABELS]
    if unknown or len(distinct) > 2:
        shown = ", ".join(repr(v) for v in distinct[:8])
        raise NonBinaryTargetError(
            f"target column {target!r} is not a binary outcome: values {shown}"
            f"{' …' if len(distinct) > 8 else ''}; use 1/0 (1 = default/bad) or good/bad"
        )
    if all(v in _BAD_LABELS for v in distinct) or all(v in _GOOD_LABELS for v in distinct):
        raise NonBinaryTargetError(f"target column {target!r}: cannot tell bad from good in {distinct}")
    return labels.isin(_BAD_LABELS).to_numpy(dtype=int)


def load_csv(path: Path, target: str, config: ScoringConfig) -> TrainingSet:
    """Read and validate a CSV; infer numeric / categorical / free-text columns."""
    if not path.is_file():
        raise UnreadableCSVError(f"{path}: no such file")
    try:
        frame = pd.read_csv(
            path, sep=None, engine="python", encoding_errors="strict", na_values=_MISSING_TOKENS
        )
    except (
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        csv.Error,
        UnicodeDecodeError,
        ValueError,
    ) as exc:
        raise UnreadableCSVError(f"{path}: not a readable CSV ({exc.__class__.__name__}: {exc})") from exc
    if frame.shape[1] < 2:
        raise UnreadableCSVError(f"{path}: found {frame.shape[1]} column(s); need a target and features")
    if target not in frame.columns:
        cols = ", ".join(map(str, frame.columns[:20]))
        raise MissingTargetError(f"target column {target!r} not in {path.name}; columns are: {cols}")
    frame = frame[frame[target].notna()].reset_index(drop=True)
    y = _binary_target(frame[target], target)
    if len(frame) < config.min_training_rows:
        raise TooFewRowsError(
            f"{path.name} has {len(frame)} labelled rows; at least {config.min_training_rows} are needed"
        )
    if min(int(y.sum()), int(len(y) - y.sum())) < 10:
        raise TooFewRowsError(f"{path.name}: fewer than 10 rows in the minority class ({int(y.sum())} bad)")
    numeric, categorical, prose, excluded = [], [], [], {}
    for col in frame.columns:
        if col == target:
            continue
        kind = _infer_kind(frame[col], col)
        if kind == "numeric":
            numeric.append(col)
            frame[col] = parse_numbers(frame[col])
        elif kind == "categorical":
            categorical.append(col)
            frame[col] = frame[col].astype("string").astype(object).where(frame[col].notna(), None)
        elif kind == "text":
            prose.append(col)
        else:
            excluded[col] = kind
    if not numeric and not categorical:
        raise TrainingDataError(f"{path.name}: no usable feature columns ({excluded})")
    schema = _schema(path.stem, target, frame, numeric, categorical, prose, excluded, config)
    return TrainingSet(path.stem, frame, y, schema, frame_hash(frame), str(path))


def _infer_kind(series: pd.Series, name: str) -> str:
    if is_protected(name):
        return "protected attribute (prohibited basis): excluded"
    present = series.dropna()
    if present.empty:
        return "empty column: excluded"
    as_number = parse_numbers(present)
    if as_number.notna().mean() >= 0.95:
        return "numeric" if present.nunique() > 1 else "constant column: excluded"
    levels = present.astype(str).nunique()
    if levels <= _MAX_CATEGORY_LEVELS:
        return "categorical" if levels > 1 else "constant column: excluded"
    mean_words = float(present.astype(str).map(lambda s: len(s.split())).mean())
    if mean_words >= 4:
        return "text"
    return "identifier-like (many distinct short values): excluded"
