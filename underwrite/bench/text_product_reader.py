"""The product's own decoded-field path as a `bench text` arm, threshold and all.

"frozen + decoded fields" (``text_arms.Decoded``) reads every moved field by argmax and trains the
booster on decoded values. The product does something else (``tools/scoring/field_reader``,
``reader_fit``): the booster is trained on the *true* structured fields, the reader is fitted on
the training rows' statements told twice (all fields, then a random subset, which teaches a
"not stated" class), and a scored application that lacks a field gets it from its statement only
where the reader's probability is at least its threshold; otherwise the field stays missing. This
arm runs exactly that per fold: the reader and the model are fitted on the fold's training rows
only, the held-out rows are stripped of the moved fields, and ``fill_from_statement`` (the
scoring service's own function) fills them from their statement.

One fit per fold serves every threshold (``arm(t)`` only changes ``min_probability``), and each
threshold's fills are counted against the held-out rows' true values: the recovery/precision
trade-off of the threshold, measured on the same splits as every other arm. The shipped arm,
``chosen_arm()``, picks its threshold per fold as a training run does (``reader_threshold``: inner
folds of the fold's training rows only), so its figure is the product's, not a threshold picked
on the test folds.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from underwrite.bench.scoring_models import FoldModel
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.field_reader import FieldReader, fit_field_reader
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reader_fit import SOURCE, training_statements
from underwrite.tools.scoring.reader_threshold import (
    Statements,
    choose_threshold,
    fill_and_score,
    with_threshold,
)
from underwrite.tools.scoring.train import with_text

PRODUCT_READER = "frozen + product field reader"
CHOSEN = f"{PRODUCT_READER}, threshold chosen on inner folds (shipped)"


def reader_arm_name(threshold: float) -> str:
    mark = " (argmax)" if threshold == 0 else ""
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
        texts, labels = training_statements(full.frame, fields)
        vectors = embed_cached(texts, label="field reader statements")
        self.statements = Statements(texts, labels, np.asarray(vectors))
        self.schema = with_text(full.schema, "none", 0)
        self._fold: tuple[bytes, FittedModel, FieldReader] | None = None
        self.fills: dict[str, FillCounts] = {}
        self.chosen: list[float] = []
        """The inner-chosen threshold of each scored fold, in fold order."""

    def _fitted(self, fit_idx: np.ndarray) -> tuple[FittedModel, FieldReader]:
        key = np.asarray(fit_idx).tobytes()
        if self._fold is None or self._fold[0] != key:  # every threshold's arm shares the fold's fit
            fold = self.statements.subset(fit_idx)
            reader = fit_field_reader(
                fold.vectors,
                fold.labels,
                SOURCE,
                self.config.text.reader_min_probability,
                "bench fold training statements",
            )
            frame, y = self.full.frame.iloc[fit_idx], self.full.y[fit_idx]
            model = fit_model(frame, y, self.schema, self.config, None)
            self._fold = (key, model, reader)
        return self._fold[1], self._fold[2]

    def _score(self, name: str, threshold: float, fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        model, fitted = self._fitted(fit_idx)
        reader = with_threshold(fitted, threshold)
        pds, filled, wrong = fill_and_score(
            self.full.frame, held_idx, self.fields, reader, self.statements, model
        )
        counts = FillCounts(cells=len(held_idx) * len(self.fields), filled=filled, wrong=wrong)
        self.fills[name] = self.fills.get(name, FillCounts()) + counts
        return pds

    def arm(self, threshold: float) -> FoldModel:
        def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
            return self._score(reader_arm_name(threshold), threshold, fit_idx, held_idx)

        return run

    def chosen_arm(self) -> FoldModel:
        """The threshold a training run on this fold's rows would ship, then scored like the others."""

        def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
            order = np.sort(np.asarray(fit_idx))  # fold row k <-> fold statements 2k, 2k+1 (subset)
            choice = choose_threshold(
                self.full.frame.iloc[order].reset_index(drop=True),
                self.full.y[order],
                self.schema,
                self.config,
                self.fields,
                self.statements.subset(order),
                self.config.text.reader_threshold_grid,
                SOURCE,
            )
            self.chosen.append(choice.chosen)
            return self._score(CHOSEN, choice.chosen, fit_idx, held_idx)

        return run
