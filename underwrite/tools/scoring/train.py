"""Train a bundle: choose the text variant out-of-fold, cross-validate the pipeline, write the card."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel
from rich.progress import Progress
from sklearn.model_selection import StratifiedKFold

from underwrite.core.console import message_console
from underwrite.tools.scoring.bundle import save_bundle
from underwrite.tools.scoring.card import build_card, render_markdown
from underwrite.tools.scoring.config import ScoringConfig, load_config
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.field_reader import reader_card
from underwrite.tools.scoring.metrics import MetricSummary, fold_metrics, summarise
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reader_fit import ReaderChoice, reader_for
from underwrite.tools.scoring.reasons import default_reason_table
from underwrite.tools.scoring.schema import FeatureSchema, TextVariant
from underwrite.tools.scoring.text import texts_for
from underwrite.tools.scoring.text_rule import allowed_variants

TextChoice = Literal["auto", "none", "serialised", "prose"]
_console = message_console()


class TrainResult(BaseModel):
    path: Path
    model_version: str
    text_variant: TextVariant
    cv: MetricSummary
    card: dict[str, object]


def with_text(schema: FeatureSchema, variant: TextVariant, pca_dims: int) -> FeatureSchema:
    return schema.model_copy(
        update={"text_variant": variant, "pca_dims": pca_dims if variant != "none" else 0}
    )


def embeddings_for(ts: TrainingSet, schema: FeatureSchema) -> np.ndarray | None:
    if schema.text_variant == "none":
        return None
    return embed_cached(texts_for(ts.frame, schema), label=f"embedding {ts.name} ({schema.text_variant})")


def cross_validate(
    ts: TrainingSet, schema: FeatureSchema, config: ScoringConfig, folds: int, seed: int = 29
) -> MetricSummary:
    """Stratified k-fold CV of the whole pipeline (text block, booster, calibrator) on ``ts``."""
    embeddings = embeddings_for(ts, schema)
    results = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task(f"cross-validating {ts.name}", total=folds)
        for fit_idx, held_idx in splitter.split(ts.frame, ts.y):
            fit_emb = None if embeddings is None else embeddings[fit_idx]
            held_emb = None if embeddings is None else embeddings[held_idx]
            model = fit_model(ts.frame.iloc[fit_idx], ts.y[fit_idx], schema, config, fit_emb)
            pd_values = model.predict_pd(ts.frame.iloc[held_idx], held_emb)
            results.append(fold_metrics(ts.y[held_idx], pd_values))
            progress.advance(task)
    return summarise(results)


def choose_and_fit(
    ts: TrainingSet, text: TextChoice, config: ScoringConfig
) -> tuple[FittedModel, dict[str, float]]:
    """Fit each candidate on all rows; with ``auto`` keep text only if it earns its place out-of-fold."""
    auto: list[TextVariant] = ["none", "serialised", *(["prose"] if ts.schema.prose else [])]  # type: ignore[list-item]
    # The text bench's report rules out variants it showed do not help on this dataset (text_rule.py).
    auto = allowed_variants(auto, ts.name, config.text.auto_min_gain)
    candidates: list[TextVariant] = auto if text == "auto" else [text]
    fitted: dict[TextVariant, FittedModel] = {}
    for variant in candidates:
        schema = with_text(ts.schema, variant, config.text.pca_dims)
        fitted[variant] = fit_model(ts.frame, ts.y, schema, config, embeddings_for(ts, schema))
    selection: dict[str, float] = {str(k): round(m.oof_auc, 4) for k, m in fitted.items()}
    best: TextVariant = "none" if "none" in fitted else candidates[0]
    for variant, model in fitted.items():
        if variant != "none" and model.oof_auc >= fitted[best].oof_auc + config.text.auto_min_gain:
            best = variant
    return fitted[best], selection


def train_bundle(
    ts: TrainingSet,
    out_dir: Path,
    text: TextChoice = "auto",
    config: ScoringConfig | None = None,
    cv_folds: int = 5,
    field_reader: ReaderChoice = "off",
) -> TrainResult:
    """``field_reader="auto"``: ship a decoded-field reader if the text bench's evidence says so."""
    config = config or load_config()
    model, selection = choose_and_fit(ts, text, config)
    cv = cross_validate(ts, model.schema, config, folds=cv_folds)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    version = f"{ts.name}-{model.schema.text_variant}-{ts.data_hash[:8]}-{stamp}"
    card = build_card(ts, model, version, cv, selection, config)
    reader, note = reader_for(ts, config, field_reader, schema=model.schema)
    text_section = card.get("text_inputs")
    if isinstance(text_section, dict):
        text_section["field_reader"] = {**note, **(reader_card(reader, note.get("bench")) if reader else {})}
    save_bundle(model, default_reason_table(), out_dir, version, card, render_markdown(card), reader)
    return TrainResult(
        path=out_dir, model_version=version, text_variant=model.schema.text_variant, cv=cv, card=card
    )
