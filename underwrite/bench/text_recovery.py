"""`underwrite bench text`: how much of the AUC lost when purpose, job and housing move into prose
each way of reading that prose wins back, on the same repeated folds.

Arms (German credit, the statements of ``scoring_prose``):
- tabular with / without the three fields: the ceiling and the floor;
- frozen encoder + the product's text block (a logistic sub-model on outcomes, stacked out-of-fold);
- frozen encoder + a supervised projection: per described field, a multinomial logistic regression
  from the 384-d embedding to the field's value, fitted on the training fold only (out-of-fold for
  the training rows themselves), whose class probabilities (17 columns) go to LightGBM;
- the same two readings on an encoder fine-tuned per fold on the training rows' labels
  (``text_finetune``);
- facts the rule extractor reads from the same statement (``prose_hits``: loan purpose).
Recovery = (arm - without) / (with - without) on mean AUC.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel
from rich.progress import Progress
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_val_predict

from underwrite.bench import scoring_models as bench_models
from underwrite.bench.scoring_extras import _without_moved
from underwrite.bench.scoring_models import FoldModel
from underwrite.bench.scoring_prose import MOVED_TO_PROSE
from underwrite.bench.text_finetune import FinetuneConfig, finetuned_embeddings
from underwrite.core.console import message_console
from underwrite.core.datasets import load_dataset
from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.scoring.config import ScoringConfig, load_config
from underwrite.tools.scoring.data import TrainingSet, from_dataset
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.train import embeddings_for, with_text

_console = message_console()
FROZEN = "frozen"
TUNED = "fine-tuned"


class ArmResult(BaseModel):
    arm: str
    auc_mean: float
    auc_sd: float
    recovery: float
    paired_vs_without: float
    """Mean fold-wise AUC difference to the tabular model without the moved fields."""


class TextRecovery(BaseModel):
    moved: list[str]
    folds: int
    repeats: int
    lost_auc: float
    arms: list[ArmResult]
    extraction_accuracy: dict[str, float]
    finetune: dict[str, float]


def _projection_features(emb: np.ndarray, labels: pd.DataFrame, fit_idx: np.ndarray, seed: int) -> np.ndarray:
    """(n, sum of classes): label probabilities; training rows out-of-fold, other rows from the full fit."""
    out = []
    inner = StratifiedKFold(n_splits=4, shuffle=True, random_state=seed)
    for col in labels.columns:
        y = labels[col].astype(str).to_numpy()
        model = LogisticRegression(C=1.0, max_iter=2000)
        probs = model.fit(emb[fit_idx], y[fit_idx]).predict_proba(emb)
        probs[fit_idx] = cross_val_predict(model, emb[fit_idx], y[fit_idx], cv=inner, method="predict_proba")
        out.append(probs)
    return np.column_stack(out)


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


def sub_model(ts: TrainingSet, embeddings: EmbeddingSource, config: ScoringConfig) -> FoldModel:
    schema = with_text(ts.schema, "prose", config.text.pca_dims)

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        emb = embeddings(fit_idx)
        model = fit_model(ts.frame.iloc[fit_idx], ts.y[fit_idx], schema, config, emb[fit_idx])
        return model.predict_pd(ts.frame.iloc[held_idx], emb[held_idx])

    return run


class EmbeddingSource:
    """All rows' embeddings for one fold: frozen ones are the same for every fold, tuned ones not."""

    def __init__(
        self, texts: list[str], labels: pd.DataFrame, frozen: np.ndarray | None, tune: FinetuneConfig
    ):
        self.texts, self.labels, self.frozen, self.tune = texts, labels, frozen, tune
        self.info: list[dict[str, float]] = []
        self._last: tuple[bytes, np.ndarray] | None = None

    def __call__(self, fit_idx: np.ndarray) -> np.ndarray:
        if self.frozen is not None:
            return self.frozen
        key = np.asarray(fit_idx).tobytes()
        if self._last is None or self._last[0] != key:  # two arms share each fold's tuned encoder
            vectors, info = finetuned_embeddings(self.texts, self.labels, fit_idx, self.tune)
            self.info.append(info)
            self._last = (key, vectors)
        return self._last[1]


def extracted(without: TrainingSet) -> tuple[TrainingSet, float]:
    """The statement's rule-extracted loan purpose as a categorical input, and its accuracy."""
    ref = date(2026, 1, 1)
    found = []
    for text in without.frame["applicant_statement"]:
        hit = next((h for h in prose_hits(str(text), ref) if h.name == "loan_purpose"), None)
        found.append(None if hit is None else str(hit.value))
    frame = without.frame.copy()
    frame["extracted_purpose"] = found
    accuracy = float((frame["extracted_purpose"] == frame["loan_purpose"]).mean())
    categories = sorted({v for v in found if v is not None})
    schema = without.schema.model_copy(
        update={
            "categorical": [*without.schema.categorical, "extracted_purpose"],
            "categories": {**without.schema.categories, "extracted_purpose": categories},
            "prose": [],
        }
    )
    return TrainingSet(without.name, frame, without.y, schema, without.data_hash, without.source), accuracy


def run_text_recovery(folds: int = 5, repeats: int = 2, tune: FinetuneConfig | None = None) -> TextRecovery:
    config = load_config()
    tune = tune or FinetuneConfig()
    with_fields = from_dataset(load_dataset("german"), config)
    without = _without_moved(with_fields)
    labels = with_fields.frame[list(MOVED_TO_PROSE)].reset_index(drop=True)
    texts = without.frame["applicant_statement"].astype(str).tolist()
    frozen_emb = embeddings_for(without, with_text(without.schema, "prose", 0))
    frozen = EmbeddingSource(texts, labels, frozen_emb, tune)
    tuned = EmbeddingSource(texts, labels, None, tune)
    facts, accuracy = extracted(without)
    models: dict[str, FoldModel] = {
        "tabular, all fields (ceiling)": bench_models.ours(
            with_fields, with_text(with_fields.schema, "none", 0), config, None
        ),
        "tabular, fields moved out (floor)": bench_models.ours(
            without, with_text(without.schema, "none", 0), config, None
        ),
        f"{FROZEN} + outcome sub-model (product today)": sub_model(without, frozen, config),
        f"{FROZEN} + label projection": projected(without, frozen, labels, config),
        f"{TUNED} + outcome sub-model": sub_model(without, tuned, config),
        f"{TUNED} + label projection": projected(without, tuned, labels, config),
        "extracted facts (rule prose reader)": bench_models.ours(
            facts, with_text(facts.schema, "none", 0), config, None
        ),
    }
    per_fold = _fold_aucs(without, models, folds, repeats)
    names = list(models)
    ceiling, floor = float(per_fold[names[0]].mean()), float(per_fold[names[1]].mean())
    lost = ceiling - floor
    arms = []
    for name in names:
        auc = float(per_fold[name].mean())
        arms.append(
            ArmResult(
                arm=name,
                auc_mean=round(auc, 4),
                auc_sd=round(float(per_fold[name].std(ddof=1)), 4),
                recovery=round((auc - floor) / lost, 3) if lost > 0 else float("nan"),
                paired_vs_without=round(float((per_fold[name] - per_fold[names[1]]).mean()), 4),
            )
        )
    tune_info = (
        {k: round(float(np.mean([i[k] for i in tuned.info])), 4) for k in tuned.info[0]} if tuned.info else {}
    )
    return TextRecovery(
        moved=list(MOVED_TO_PROSE),
        folds=folds,
        repeats=repeats,
        lost_auc=round(lost, 4),
        arms=arms,
        extraction_accuracy={"loan_purpose": round(accuracy, 4)},
        finetune={**tune_info, "pairs": tune.pairs, "epochs": tune.epochs, "batch_size": tune.batch_size},
    )


def _fold_aucs(
    ts: TrainingSet, models: dict[str, FoldModel], folds: int, repeats: int
) -> dict[str, np.ndarray]:
    """Held-out AUC per fold and arm; the folds of ``bench scoring`` (same splitter, same seed)."""
    splits = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=2026).split(
        ts.frame, ts.y
    )
    out: dict[str, list[float]] = {name: [] for name in models}
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task("text recovery", total=folds * repeats * len(models))
        for fit_idx, held_idx in splits:
            for name, run in models.items():
                out[name].append(float(roc_auc_score(ts.y[held_idx], run(fit_idx, held_idx))))
                progress.advance(task)
    return {name: np.array(v) for name, v in out.items()}
