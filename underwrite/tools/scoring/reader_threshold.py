"""The decoded-field reader's fill threshold, chosen inside the training rows, never on a test fold.

A fixed 0.8 left 60% of the held-out fields missing in the text bench and recovered 45% of what the
prose carries, against 85% at 0.5 with 3.4% of fills wrong: a model trained on complete fields
loses more to a missing field than to a slightly unsure one. Which threshold is best depends on the
reader and the model, so each training run chooses it the way the stack chooses its rounds
(``RULE``, fixed before any test fold was scored):

1. split the training rows into ``folds`` stratified folds (fixed seed);
2. per inner fold, fit the score model on the other rows' true fields and the reader on their
   statements (each told twice, as shipped); strip the described fields from the held-out rows and
   fill them from each row's statement at every threshold of the grid (the scoring service's own
   ``fill_from_statement``);
3. keep the threshold with the best mean inner AUC; a higher threshold within ``TIE`` of the best
   wins (fewer fills for the same ranking).

The grid's floor (0.5 in ``config.yaml``) is policy, not a tuned value: a fill is never less sure
than its alternatives together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.features import rows_frame
from underwrite.tools.scoring.field_reader import FieldReader, fill_from_statement, fit_field_reader
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.schema import FeatureSchema

TIE = 0.0005
RULE = (
    "threshold chosen inside the training rows: per stratified inner fold, the score model and the "
    "reader are fitted on the other rows, the described fields are stripped from the held-out rows "
    "and filled from their statements at each threshold of the grid; the best mean inner AUC wins, "
    f"a higher threshold within {TIE} of it preferred"
)


class ThresholdRow(BaseModel):
    threshold: float
    inner_auc: float
    filled_share: float
    """Share of the held-out rows' described fields that the reader filled."""
    wrong_share: float | None
    """Share of the filled values that differ from the row's true value (None: nothing filled)."""


class ThresholdChoice(BaseModel):
    chosen: float
    folds: int
    rows: list[ThresholdRow]
    rule: str = RULE


@dataclass(frozen=True)
class Statements:
    """Each training row told twice (``reader_fit.training_statements``): texts 2i (every field), 2i+1."""

    texts: list[str]
    labels: pd.DataFrame
    vectors: np.ndarray

    def rows(self, idx: np.ndarray) -> np.ndarray:
        return np.sort(np.concatenate([2 * idx, 2 * idx + 1]))

    def subset(self, idx: np.ndarray) -> Statements:
        """The statements of rows ``idx`` in ascending row order: row k of ``sorted(idx)`` is 2k, 2k+1."""
        rows = self.rows(np.asarray(idx))
        labels = self.labels.iloc[rows].reset_index(drop=True)
        return Statements([self.texts[j] for j in rows], labels, self.vectors[rows])

    @cached_property
    def _vector(self) -> dict[str, np.ndarray]:
        return dict(zip(self.texts, self.vectors, strict=True))

    def embed(self, texts: list[str]) -> np.ndarray:
        """The stored vectors of ``texts`` (each one of these statements): the scorer's embed function."""
        return np.stack([self._vector[t] for t in texts])


def fit_reader(statements: Statements, source: str, min_probability: float, trained_on: str) -> FieldReader:
    """A reader fitted on these statements only, without out-of-fold statistics (a trial reader)."""
    return fit_field_reader(
        statements.vectors, statements.labels, source, min_probability, trained_on, oof_stats=False
    )


def fill_and_score(
    frame: pd.DataFrame,
    held_idx: np.ndarray,
    fields: Sequence[str],
    reader: FieldReader,
    statements: Statements,
    model: FittedModel,
) -> tuple[np.ndarray, int, int]:
    """PDs of the held-out rows with ``fields`` stripped and read back from their full statement.

    Returns the PDs, the number of values filled and how many of them are wrong. Shared by the
    inner choice and the text bench's product-reader arm, so both fill exactly as the product does.
    """
    held = frame.iloc[held_idx]
    truth = held[list(fields)].astype(str).to_dict(orient="records")
    records: list[dict[str, Any]] = held.to_dict(orient="records")  # type: ignore[assignment]
    lacking: dict[str, Any] = dict.fromkeys(fields)
    source = reader.meta.source
    rows = [
        {**record, **lacking, source: statements.texts[2 * int(i)]}
        for i, record in zip(held_idx, records, strict=True)
    ]
    filled, which = fill_from_statement(rows, reader, statements.embed)
    wrong = sum(filled[r][f] != truth[r][f] for r, names in enumerate(which) for f in names)
    pds = model.predict_pd(rows_frame(filled, model.schema), None)
    return np.asarray(pds), sum(map(len, which)), wrong


def with_threshold(reader: FieldReader, threshold: float) -> FieldReader:
    meta = reader.meta.model_copy(update={"min_probability": threshold})
    return FieldReader(meta, reader.coef, reader.intercept)


def choose_threshold(
    frame: pd.DataFrame,
    y: np.ndarray,
    schema: FeatureSchema,
    config: ScoringConfig,
    fields: Sequence[str],
    statements: Statements,
    grid: Sequence[float],
    source: str,
    folds: int = 3,
    seed: int = 11,
) -> ThresholdChoice:
    """The fill threshold of ``grid`` that ranks the training rows best when they lack ``fields``.

    ``source``: the statement field the reader reads; row k of ``frame`` is told by statements 2k, 2k+1.
    """
    y = np.asarray(y, dtype=int)
    grid = sorted({float(t) for t in grid})
    aucs: dict[float, list[float]] = {t: [] for t in grid}
    counts = {t: [0, 0] for t in grid}  # filled, wrong
    cells = 0
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_idx, held_idx in splitter.split(np.zeros(len(y)), y):
        # min_probability 0: each threshold is applied by with_threshold below.
        reader = fit_reader(statements.subset(fit_idx), source, 0.0, "inner fold")
        model = fit_model(frame.iloc[fit_idx], y[fit_idx], schema, config, None)
        cells += len(held_idx) * len(fields)
        for t in grid:
            reader_t = with_threshold(reader, t)
            pds, filled, wrong = fill_and_score(frame, held_idx, fields, reader_t, statements, model)
            aucs[t].append(float(roc_auc_score(y[held_idx], pds)))
            counts[t][0] += filled
            counts[t][1] += wrong
    mean_auc = {t: float(np.mean(aucs[t])) for t in grid}
    table = [
        ThresholdRow(
            threshold=t,
            inner_auc=round(mean_auc[t], 4),
            filled_share=round(counts[t][0] / cells, 4),
            wrong_share=round(counts[t][1] / counts[t][0], 4) if counts[t][0] else None,
        )
        for t in grid
    ]
    best = max(mean_auc.values())
    chosen = max(t for t in grid if mean_auc[t] >= best - TIE)
    return ThresholdChoice(chosen=chosen, folds=folds, rows=table)
