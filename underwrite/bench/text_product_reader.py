"""The product's own decoded-field path as a `bench text` arm, threshold and all.

"frozen + decoded fields" (``text_arms.Decoded``) reads every moved field by argmax and trains the
booster on decoded values. The product does something else (``tools/scoring/field_reader``,
``reader_fit``): the booster is trained on the *true* structured fields, the reader is fitted on
the training rows' statements told twice (all fields, then a random subset, which teaches a
"not stated" class), and a scored application that lacks a field gets it from its statement only
where the reader's probability is at least ``text.reader_min_probability`` (0.8); otherwise the
field stays missing. This arm runs exactly that per fold: the reader and the model are fitted on
the fold's training rows only, the held-out rows are stripped of the moved fields, and
``fill_from_statement`` (the scoring service's own function) fills them from their statement.

One fit per fold serves every threshold (``arm(t)`` only changes ``min_probability``), and each
threshold's fills are counted against the held-out rows' true values: the recovery/precision
trade-off of the threshold, measured on the same splits as every other arm.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel

from underwrite.bench.scoring_models import FoldModel
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.features import rows_frame
from underwrite.tools.scoring.field_reader import FieldReader, fill_from_statement, fit_field_reader
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reader_fit import SOURCE, training_statements
from underwrite.tools.scoring.train import with_text

PRODUCT_READER = "frozen + product field reader"


def reader_arm_name(threshold: float, shipped: float) -> str:
    mark = " (shipped)" if threshold == shipped else " (argmax)" if threshold == 0 else ""
    return f"{PRODUCT_READER}, p >= {threshold:g}{mark}"


class FillCounts(BaseModel):
    """Held-out field values over all scored folds: how many the reader filled, how many wrongly."""

    cells: int = 0
    filled: int = 0
    wrong: int = 0

    def __add__(self, other: FillCounts) -> FillCounts:
        return FillCounts(
            cells=self.cells + other.cells, filled=self.filled + other.filled, wrong=self.wrong + other.wrong
        )


class ProductReader:
    """Per fold: the product model on true fields + the bundle's reader, both from training rows only."""

    def __init__(self, full: TrainingSet, fields: list[str], config: ScoringConfig):
        self.full, self.fields, self.config = full, fields, config
        # Row i is told twice: texts[2i] every field (the bench's own statement of row i), 2i+1 a subset.
        self.texts, self.labels = training_statements(full.frame, fields)
        vectors = embed_cached(self.texts, label="field reader statements")
        self._vector = dict(zip(self.texts, vectors, strict=True))
        self._vectors = vectors
        self._fold: tuple[bytes, FittedModel, FieldReader] | None = None
        self.fills: dict[float, FillCounts] = {}

    def _fitted(self, fit_idx: np.ndarray) -> tuple[FittedModel, FieldReader]:
        key = np.asarray(fit_idx).tobytes()
        if self._fold is None or self._fold[0] != key:  # every threshold's arm shares the fold's fit
            rows = np.sort(np.concatenate([2 * fit_idx, 2 * fit_idx + 1]))
            reader = fit_field_reader(
                self._vectors[rows],
                self.labels.iloc[rows].reset_index(drop=True),
                SOURCE,
                self.config.text.reader_min_probability,
                "bench fold training statements",
            )
            schema = with_text(self.full.schema, "none", 0)
            model = fit_model(self.full.frame.iloc[fit_idx], self.full.y[fit_idx], schema, self.config, None)
            self._fold = (key, model, reader)
        return self._fold[1], self._fold[2]

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector[t] for t in texts])

    def arm(self, threshold: float) -> FoldModel:
        def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
            model, fitted = self._fitted(fit_idx)
            reader = FieldReader(
                fitted.meta.model_copy(update={"min_probability": threshold}), fitted.coef, fitted.intercept
            )
            held = self.full.frame.iloc[held_idx]
            truth = held[self.fields].astype(str).to_dict(orient="records")
            # The application lacks the moved fields and carries the bench's statement of its row.
            lacking: dict[str, Any] = dict.fromkeys(self.fields)
            records: list[dict[str, Any]] = held.to_dict(orient="records")  # type: ignore[assignment]
            rows = [
                {**record, **lacking, SOURCE: self.texts[2 * int(i)]}
                for i, record in zip(held_idx, records, strict=True)
            ]
            filled, which = fill_from_statement(rows, reader, self._embed)
            wrong = sum(filled[r][f] != truth[r][f] for r, names in enumerate(which) for f in names)
            counts = FillCounts(cells=len(rows) * len(self.fields), filled=sum(map(len, which)), wrong=wrong)
            self.fills[threshold] = self.fills.get(threshold, FillCounts()) + counts
            return model.predict_pd(rows_frame(filled, model.schema), None)

        return run
