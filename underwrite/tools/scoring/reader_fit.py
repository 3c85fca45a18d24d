"""Whether a bundle gets a decoded-field reader, and fitting it: the text bench decides, not a flag.

The reader is fitted only when the packaged text evidence (``text_rule``) has a ``decoded`` entry
for the dataset that clears the same bar as fused text (mean gain at least ``auto_min_gain`` and
mean - 2 SE above zero). It reads the fields that entry measured, and is fitted on the generator
the bench measured it on (``prose_statements``: each training row's own values told in prose), so
the bench figure describes the reader that ships. How it does on letters phrased otherwise is not
measured; ``min_probability`` (chosen per training run on inner folds, ``reader_threshold``) keeps
unsure readings out, and present fields are never overwritten.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.field_reader import NOT_STATED, FieldReader, fit_field_reader
from underwrite.tools.scoring.prose_statements import statement
from underwrite.tools.scoring.reader_threshold import Statements, choose_threshold
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.text_rule import TextEvidence, fusion_decision, packaged_evidence

SOURCE = "applicant_statement"
ReaderChoice = Literal["auto", "off"]


def reader_for(
    ts: TrainingSet,
    config: ScoringConfig,
    choice: ReaderChoice = "auto",
    evidence: TextEvidence | None = None,
    schema: FeatureSchema | None = None,
) -> tuple[FieldReader | None, dict[str, Any]]:
    """The reader to ship (or None) and the card's note on why, with the bench figure if any.

    ``schema``: the text-free schema the bundle's model is fitted with; its fill threshold is then
    chosen on inner folds of the training rows (``reader_threshold``), else the fixed one is used.
    """
    if choice == "off":
        return None, {"fitted": False, "reason": "field reader turned off for this training run"}
    evidence = evidence if evidence is not None else packaged_evidence()
    decision = fusion_decision(evidence, ts.name, "decoded", config.text.auto_min_gain)
    note: dict[str, Any] = {"fitted": False, "reason": decision.reason}
    if decision.entry is not None:
        note["bench"] = {
            "reader": decision.entry.reader,
            "fields": decision.entry.fields,
            "gain_mean": decision.entry.gain_mean,
            "gain_sd": decision.entry.gain_sd,
            "folds": decision.entry.folds,
            "command": evidence.command if evidence else None,
        }
    fields = [f for f in (decision.entry.fields if decision.entry else []) if f in ts.schema.categorical]
    if decision.fuse is not True or not fields:
        return None, note
    texts, labels = training_statements(ts.frame, fields)
    embeddings = embed_cached(texts, label=f"field reader {ts.name}")
    threshold = config.text.reader_min_probability
    note["threshold"] = {"from_inner_folds": False, "chosen": threshold}
    if not config.text.reader_threshold_grid:
        note["threshold"]["reason"] = "fixed in config.yaml (text.reader_threshold_grid is empty)"
    elif schema is None or schema.text_variant != "none":
        # The inner refits read no text block; a text-fused model keeps the fixed threshold.
        note["threshold"]["reason"] = "fixed: the choice refits a text-free model only"
    else:
        statements = Statements(texts, labels, np.asarray(embeddings))
        grid = config.text.reader_threshold_grid
        picked = choose_threshold(ts.frame, ts.y, schema, config, fields, statements, grid, SOURCE)
        threshold, note["threshold"] = picked.chosen, {"from_inner_folds": True, **picked.model_dump()}
    reader = fit_field_reader(
        embeddings,
        labels,
        source=SOURCE,
        min_probability=threshold,
        trained_on=f"{len(texts)} generated statements of the training rows (the text bench's generator; "
        "each row once with every field told, once with a random subset)",
    )
    return reader, {**note, "fitted": True}


def training_statements(
    frame: pd.DataFrame, fields: list[str], seed: int = 5, told_share: float = 0.4
) -> tuple[list[str], pd.DataFrame]:
    """Each row told twice: every field (the bench's statement), then a random subset of them.

    Real letters tell some fields, not all; a reader that only ever saw six-field statements reads
    a purpose-only letter as housing "own" and a skilled job (measured on the synthetic letters'
    purpose stories). The subset copies teach it a ``NOT_STATED`` class, which is never filled in.
    """
    rng = np.random.default_rng(seed)
    texts: list[str] = []
    labels: dict[str, list[str]] = {f: [] for f in fields}
    records: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    for i, row in enumerate(records):
        subset = [f for f in fields if rng.random() < told_share] or [fields[int(rng.integers(len(fields)))]]
        for seed_i, told in ((i, fields), (i + len(records), subset)):
            texts.append(statement(row, seed_i, tuple(told)))
            for f in fields:
                labels[f].append(str(row[f]) if f in told and row[f] is not None else NOT_STATED)
    return texts, pd.DataFrame(labels)
