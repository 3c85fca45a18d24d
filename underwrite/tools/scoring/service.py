"""Scoring applications and dataset rows with a trained bundle (the default German one if none given)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.core.schemas import Application, Score
from underwrite.core.settings import get_settings
from underwrite.tools.encoder import embed
from underwrite.tools.policy.table import grade_for_pd
from underwrite.tools.scoring.bundle import BundleError, LoadedBundle, load_bundle, verify_bundle
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.features import application_row, application_values, missing_inputs, rows_frame
from underwrite.tools.scoring.field_reader import fill_from_statement
from underwrite.tools.scoring.reasons import grouped_contributions, top_reasons
from underwrite.tools.scoring.text import texts_for
from underwrite.tools.scoring.train import train_bundle

DEFAULT_MODEL_NAME = "german-default"


def ensure_default_model(dataset_name: str = "german") -> Path:
    """Path of the default bundle (German unless named: the fairness suite also needs HMDA's); trains
    it on first use from the holdout split's training rows with the product's recipe."""
    name = DEFAULT_MODEL_NAME if dataset_name == "german" else f"{dataset_name}-default"
    target = get_settings().models_dir / name
    if (target / "manifest.json").is_file():
        # Checked here, before any application is read: a damaged model then stops a memo or a
        # batch at setup, in words, instead of failing each application at its score step.
        verify_bundle(target)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    dataset = load_dataset(dataset_name)
    train_rows, _holdout = holdout_split(dataset)
    training = from_dataset(dataset, load_config(), rows=train_rows)
    staging = Path(tempfile.mkdtemp(prefix=".training-", dir=target.parent))
    try:
        train_bundle(training, staging, text="auto", field_reader="auto")
        try:
            staging.rename(target)
        except OSError:
            if not (target / "manifest.json").is_file():  # lost a race only if the winner finished
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


class Scorer:
    """A loaded bundle that turns input rows into calibrated scores with reasons."""

    def __init__(self, bundle: LoadedBundle) -> None:
        self.bundle = bundle
        self.schema = bundle.model.schema
        self.limit = load_config().max_reasons
        self.narrative_hint = {
            "prose": "the applicant's own statement",
            "serialised": "the application read as a whole",
        }.get(self.schema.text_variant, "")

    def unreliable_reason(self, missing: Sequence[str]) -> str | None:
        """In words, why a score with these inputs missing should not be relied on; None if it may."""
        rule = load_config().reliability
        inputs = self.schema.inputs
        key = [c for c in rule.key_inputs if c in inputs and c in missing]
        share = len(missing) / len(inputs) if inputs else 0.0
        if not key and share <= rule.max_missing_share:
            return None
        parts = [f"{len(missing)} of {len(inputs)} model inputs missing ({', '.join(missing)})"]
        if key:
            parts.append(f"key input(s) missing: {', '.join(key)}")
        return "; ".join(parts)

    def score_rows(self, rows: Sequence[Mapping[str, Any]]) -> list[Score]:
        if not rows:
            return []
        model = self.bundle.model
        decoded: list[list[str]] = [[] for _ in rows]
        reader = self.bundle.field_reader
        if reader is not None:  # inputs the application lacks, read from its statement where sure
            rows, decoded = fill_from_statement(rows, reader, embed)
        frame = rows_frame(rows, self.schema)
        embeddings = embed(texts_for(frame, self.schema)) if self.schema.text_variant != "none" else None
        matrix = model.matrix(frame, embeddings)
        raw = model.raw_score(matrix)
        pds = model.calibrator.predict(raw)
        contrib = model.contributions(matrix)
        scores = []
        records: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
        for i, row in enumerate(records):
            grouped = grouped_contributions(contrib[i, :-1], self.schema)
            reasons = top_reasons(
                grouped, row, self.schema, self.bundle.reason_table, self.limit, self.narrative_hint
            )
            pd_value = float(np.clip(pds[i], 0.0, 1.0))
            missing = missing_inputs(rows[i], self.schema)
            scores.append(
                Score(
                    pd=round(pd_value, 6),
                    grade=grade_for_pd(pd_value),  # the policy's bands (CP-9.2), never our own
                    reasons=reasons,
                    model_version=self.bundle.model_version,
                    raw_score=round(float(raw[i]), 6),
                    missing_inputs=missing,
                    input_count=len(self.schema.inputs),
                    decoded_inputs=decoded[i],
                    unreliable_reason=self.unreliable_reason(missing),
                )
            )
        return scores


@lru_cache(maxsize=8)
def _scorer_at(path: str, stamp: float) -> Scorer:
    return Scorer(load_bundle(Path(path)))


def active_bundle() -> Path:
    """The bundle used when none is passed: UW_SCORE_BUNDLE if set, else the default German model."""
    configured = get_settings().score_bundle
    if configured is None:
        return ensure_default_model()
    if not (configured / "manifest.json").is_file():
        raise BundleError(f"UW_SCORE_BUNDLE={configured} is not a model bundle (no manifest.json)")
    return configured


def get_scorer(bundle: Path | None = None) -> Scorer:
    path = (bundle or active_bundle()).resolve()
    manifest = path / "manifest.json"
    stamp = manifest.stat().st_mtime if manifest.exists() else 0.0
    return _scorer_at(str(path), stamp)


def score_features(row: Mapping[str, Any], bundle: Path | None = None) -> Score:
    """Score one dataset-style row (canonical column names; missing inputs allowed)."""
    return get_scorer(bundle).score_rows([row])[0]


def score_application(app: Application, bundle: Path | None = None) -> Score:
    """Calibrated PD, grade and the top adverse-action reasons for an application.

    Uses the facts the reader extracted (canonical names). Facts the model needs but the application
    lacks are scored as missing and listed in ``missing_inputs``.
    """
    scorer = get_scorer(bundle)
    row = application_row(app, scorer.schema)
    reader = scorer.bundle.field_reader
    if reader is not None and reader.meta.source not in row:
        row[reader.meta.source] = application_values(app).get(reader.meta.source)
    return scorer.score_rows([row])[0]
