"""The readers `bench text` compares, each a ``FoldModel``: fit on the fold's training rows only.

- ``sub_model``: the product's text block (a logistic sub-model of the *outcome* on the 384-d
  embedding, stacked out-of-fold as one log-odds column). With ~240 bad loans in a fold it has to
  learn 384 weights from the outcome alone, which is why it adds noise rather than signal.
- ``projected``: per described field, a multinomial logistic regression embedding -> field value
  (train fold only); its class probabilities go to the booster as numeric columns.
- ``decoded``: the same per-field classifiers, but their *predicted value* goes back into the
  field's own categorical column, so the booster, the monotone rank columns and the linear half
  see it exactly as they would see the structured field. This is the low-dimensional reading:
  six categorical columns instead of 384 dimensions or 23 probabilities.
- ``extracted``: what the product's rule prose reader (#12) finds in the same statement.

Held-out rows are only ever *read* (embedded, predicted): no label of theirs reaches a fit. The
training rows' own decoded values are out-of-fold (inner CV) so the booster learns from values as
noisy as the ones it will see on held-out rows.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from underwrite.bench.scoring_models import FoldModel
from underwrite.bench.text_finetune import FinetuneConfig, FoldTuner
from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.train import with_text


class EmbeddingSource:
    """All rows' embeddings for one fold: frozen ones are the same for every fold, tuned ones not."""

    def __init__(
        self, texts: list[str], labels: pd.DataFrame, frozen: np.ndarray | None, tune: FinetuneConfig
    ):
        self.frozen = frozen
        self.tuner = FoldTuner(texts, labels, tune)
        self.info: list[dict[str, float]] = []
        self._last: tuple[bytes, np.ndarray] | None = None

    def __call__(self, fit_idx: np.ndarray) -> np.ndarray:
        if self.frozen is not None:
            return self.frozen
        key = np.asarray(fit_idx).tobytes()
        if self._last is None or self._last[0] != key:  # several arms share each fold's tuned encoder
            vectors, info = self.tuner.embeddings(fit_idx)
            self.info.append(info)
            self._last = (key, vectors)
        return self._last[1]


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000)


def _inner(seed: int) -> StratifiedKFold:
    return StratifiedKFold(n_splits=4, shuffle=True, random_state=seed)


def _projection_features(emb: np.ndarray, labels: pd.DataFrame, fit_idx: np.ndarray, seed: int) -> np.ndarray:
    """(n, sum of classes): label probabilities; training rows out-of-fold, other rows from the full fit."""
    out = []
    for col in labels.columns:
        y = labels[col].astype(str).to_numpy()
        model = _classifier()
        probs = model.fit(emb[fit_idx], y[fit_idx]).predict_proba(emb)
        probs[fit_idx] = cross_val_predict(
            model, emb[fit_idx], y[fit_idx], cv=_inner(seed), method="predict_proba"
        )
        out.append(probs)
    return np.column_stack(out)


def decode_labels(emb: np.ndarray, labels: pd.DataFrame, fit_idx: np.ndarray, seed: int) -> pd.DataFrame:
    """Each field's value read back from the embedding: training rows out-of-fold, others full-fit."""
    out = {}
    for col in labels.columns:
        y = labels[col].astype(str).to_numpy()
        model = _classifier()
        values = model.fit(emb[fit_idx], y[fit_idx]).predict(emb).astype(object)
        values[fit_idx] = cross_val_predict(model, emb[fit_idx], y[fit_idx], cv=_inner(seed))
        out[col] = values
    return pd.DataFrame(out)


def _with_columns(ts: TrainingSet, extra: np.ndarray, prefix: str) -> TrainingSet:
    names = [f"{prefix}{i}" for i in range(extra.shape[1])]
    frame = ts.frame.copy()
    frame[names] = extra
    schema = ts.schema.model_copy(update={"numeric": [*ts.schema.numeric, *names], "prose": []})
    return TrainingSet(ts.name, frame, ts.y, schema, ts.data_hash, ts.source)


def projected(
    ts: TrainingSet, embeddings: EmbeddingSource, labels: pd.DataFrame, config: ScoringConfig
) -> FoldModel:
    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        emb = embeddings(fit_idx)
        fold = _with_columns(ts, _projection_features(emb, labels, fit_idx, seed=3), "text_label_p")
        schema = with_text(fold.schema, "none", 0)
        model = fit_model(fold.frame.iloc[fit_idx], ts.y[fit_idx], schema, config, None)
        return model.predict_pd(fold.frame.iloc[held_idx], None)

    return run


class Decoded:
    """The ceiling's own schema and model, with the moved fields' values decoded from the prose."""

    def __init__(
        self,
        full: TrainingSet,
        embeddings: EmbeddingSource,
        labels: pd.DataFrame,
        config: ScoringConfig,
    ):
        self.full, self.embeddings, self.labels, self.config = full, embeddings, labels, config
        self.accuracy: list[dict[str, float]] = []
        """Per fold: share of held-out rows whose decoded value equals the true one, per field."""

    def __call__(self, fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        decoded = decode_labels(self.embeddings(fit_idx), self.labels, fit_idx, seed=3)
        frame = self.full.frame.copy()
        for col in self.labels.columns:
            frame[col] = decoded[col].to_numpy()
        self.accuracy.append(
            {
                col: float(
                    (decoded[col].iloc[held_idx] == self.labels[col].astype(str).iloc[held_idx]).mean()
                )
                for col in self.labels.columns
            }
        )
        schema = with_text(self.full.schema, "none", 0)
        model = fit_model(frame.iloc[fit_idx], self.full.y[fit_idx], schema, self.config, None)
        return model.predict_pd(frame.iloc[held_idx], None)


def sub_model(ts: TrainingSet, embeddings: EmbeddingSource, config: ScoringConfig) -> FoldModel:
    schema = with_text(ts.schema, "prose", config.text.pca_dims)

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        emb = embeddings(fit_idx)
        model = fit_model(ts.frame.iloc[fit_idx], ts.y[fit_idx], schema, config, emb[fit_idx])
        return model.predict_pd(ts.frame.iloc[held_idx], emb[held_idx])

    return run


def extracted(without: TrainingSet, truth: pd.Series) -> tuple[TrainingSet, float]:
    """The statement's rule-extracted loan purpose as a categorical input, and its accuracy."""
    ref = date(2026, 1, 1)
    found = []
    for text in without.frame["applicant_statement"]:
        hit = next((h for h in prose_hits(str(text), ref) if h.name == "loan_purpose"), None)
        found.append(None if hit is None else str(hit.value))
    frame = without.frame.copy()
    frame["extracted_purpose"] = found
    accuracy = float((frame["extracted_purpose"] == truth.astype(str).to_numpy()).mean())
    categories = sorted({v for v in found if v is not None})
    schema = without.schema.model_copy(
        update={
            "categorical": [*without.schema.categorical, "extracted_purpose"],
            "categories": {**without.schema.categories, "extracted_purpose": categories},
            "prose": [],
        }
    )
    return TrainingSet(without.name, frame, without.y, schema, without.data_hash, without.source), accuracy
