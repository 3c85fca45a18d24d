"""The decoded-field reader: categorical inputs read back from the applicant's statement.

The text bench's best reader (``bench text``, "frozen + decoded fields") is a per-field
multinomial logistic regression from the frozen MiniLM embedding of the statement to the field's
value; the predicted value goes into the field's own column, so the model reads it exactly as the
structured field. The product uses the same reader only where it cannot hurt a complete
application: a field the application *lacks* is filled from the statement when the reader's
probability for its value is at least ``min_probability``; present fields are never overwritten.

Stored in the bundle as plain arrays (``field_reader.npz``) and JSON (``field_reader.json``): no
pickle, and the probabilities are recomputed here from the coefficients, so loading a bundle
never needs scikit-learn's object format.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict

ARRAYS_FILE = "field_reader.npz"
META_FILE = "field_reader.json"
NOT_STATED = "(not stated)"
"""The class a reader learns for a statement that does not tell the field: never filled in."""


class FieldReaderMeta(BaseModel):
    source: str = Field(description="The prose input the reader reads (a canonical field name)")
    fields: list[str]
    classes: dict[str, list[str]]
    min_probability: float = Field(ge=0.0, le=1.0)
    inner_accuracy: dict[str, float] = Field(description="Out-of-fold share right over all training rows")
    inner_coverage: dict[str, float] = Field(description="Out-of-fold share at or above min_probability")
    inner_accuracy_covered: dict[str, float | None] = Field(
        description="Share right among the covered rows (None: no row reached the threshold)"
    )
    trained_on: str


@dataclass(frozen=True)
class FieldReader:
    meta: FieldReaderMeta
    coef: dict[str, np.ndarray]  # field -> (classes or 1, dims)
    intercept: dict[str, np.ndarray]

    def probabilities(self, field: str, embeddings: np.ndarray) -> np.ndarray:
        """(n, classes) class probabilities, as ``LogisticRegression.predict_proba`` gives them."""
        z = embeddings @ self.coef[field].T + self.intercept[field]
        if z.shape[1] == 1:  # binary: one logit for the second class
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.column_stack([1.0 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def decode(self, embeddings: np.ndarray) -> list[dict[str, tuple[str, float]]]:
        """Per row, each field the reader is sure enough of: (value, probability)."""
        out: list[dict[str, tuple[str, float]]] = [{} for _ in range(len(embeddings))]
        for field in self.meta.fields:
            probs = self.probabilities(field, embeddings)
            best = probs.argmax(axis=1)
            for i, k in enumerate(best):
                value = self.meta.classes[field][k]
                if value != NOT_STATED and probs[i, k] >= self.meta.min_probability:
                    out[i][field] = (value, float(probs[i, k]))
        return out

    def save(self, out_dir: Path) -> None:
        arrays = {f"coef__{f}": self.coef[f] for f in self.meta.fields}
        arrays |= {f"intercept__{f}": self.intercept[f] for f in self.meta.fields}
        np.savez(out_dir / ARRAYS_FILE, **arrays)  # type: ignore[arg-type]
        (out_dir / META_FILE).write_text(self.meta.model_dump_json(indent=2))

    @classmethod
    def load(cls, path: Path) -> FieldReader:
        meta = FieldReaderMeta.model_validate_json((path / META_FILE).read_text())
        with np.load(path / ARRAYS_FILE) as arrays:
            coef = {f: arrays[f"coef__{f}"] for f in meta.fields}
            intercept = {f: arrays[f"intercept__{f}"] for f in meta.fields}
        return cls(meta, coef, intercept)


def fit_field_reader(
    embeddings: np.ndarray,
    labels: pd.DataFrame,
    source: str,
    min_probability: float,
    trained_on: str,
    seed: int = 3,
    oof_stats: bool = True,
) -> FieldReader:
    """One classifier per column of ``labels`` (rows with a missing label are left out of its fit).

    ``oof_stats=False`` skips the out-of-fold accuracy and coverage (4 more fits per field), for
    readers fitted only to be tried inside a training run (``reader_threshold``).
    """
    coef, intercept, classes = {}, {}, {}
    accuracy, coverage, covered_accuracy = {}, {}, {}
    for field in labels.columns:
        known = labels[field].notna().to_numpy()
        x, y = embeddings[known], labels[field][known].astype(str).to_numpy()
        model = LogisticRegression(C=1.0, max_iter=2000)  # the bench's reader, same settings
        model.fit(x, y)
        coef[field], intercept[field] = model.coef_.copy(), model.intercept_.copy()
        classes[field] = [str(c) for c in model.classes_]
        if not oof_stats:
            continue
        # Stratified folds need every value at least once per fold; a rare value falls back to plain ones.
        rare = pd.Series(y).value_counts().min() < 4
        cv = (KFold if rare else StratifiedKFold)(n_splits=4, shuffle=True, random_state=seed)
        oof = cross_val_predict(model, x, y, cv=cv, method="predict_proba")
        right = model.classes_[oof.argmax(axis=1)] == y
        sure = oof.max(axis=1) >= min_probability
        accuracy[field] = round(float(right.mean()), 4)
        coverage[field] = round(float(sure.mean()), 4)
        # None, not NaN: NaN is no JSON, and the card and bundle metadata are JSON.
        covered_accuracy[field] = round(float(right[sure].mean()), 4) if sure.any() else None
    meta = FieldReaderMeta(
        source=source,
        fields=list(labels.columns),
        classes=classes,
        min_probability=min_probability,
        inner_accuracy=accuracy,
        inner_coverage=coverage,
        inner_accuracy_covered=covered_accuracy,
        trained_on=trained_on,
    )
    return FieldReader(meta, coef, intercept)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def fill_from_statement(
    rows: Sequence[Mapping[str, Any]],
    reader: FieldReader,
    embed: Callable[[list[str]], np.ndarray],
) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """``rows`` with the fields they lack filled from their statement where the reader is sure.

    Returns the new rows and, per row, the fields that were filled. Only rows that lack a field and
    carry a statement are embedded.
    """
    out = [dict(r) for r in rows]
    filled: list[list[str]] = [[] for _ in rows]
    todo = [
        i
        for i, r in enumerate(out)
        if not _missing(r.get(reader.meta.source)) and any(_missing(r.get(f)) for f in reader.meta.fields)
    ]
    if not todo:
        return out, filled
    embeddings = embed([str(out[i][reader.meta.source]).strip() for i in todo])
    for i, found in zip(todo, reader.decode(np.asarray(embeddings)), strict=True):
        for field, (value, _p) in found.items():
            if _missing(out[i].get(field)):
                out[i][field] = value
                filled[i].append(field)
    return out, filled


def reader_card(reader: FieldReader, bench: Mapping[str, Any] | None) -> dict[str, Any]:
    """The model card's account of the reader: what it reads, how sure it must be, what it added."""
    return {
        "source": reader.meta.source,
        "fields": reader.meta.fields,
        "min_probability": reader.meta.min_probability,
        "inner_accuracy": reader.meta.inner_accuracy,
        "inner_coverage": reader.meta.inner_coverage,
        "inner_accuracy_covered": reader.meta.inner_accuracy_covered,
        "trained_on": reader.meta.trained_on,
        "bench": dict(bench) if bench else None,
    }
