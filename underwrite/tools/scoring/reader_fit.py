"""Whether a bundle gets a decoded-field reader, and fitting it: the text bench decides, not a flag.

The reader is fitted only when the packaged text evidence (``text_rule``) has a ``decoded`` entry
for the dataset that clears the same bar as fused text (mean gain at least ``auto_min_gain`` and
mean - 2 SE above zero). It reads the fields that entry measured, and is fitted on the generator
the bench measured it on (``prose_statements``: each training row's own values told in prose), so
the bench figure describes the reader that ships. How it does on letters phrased otherwise is not
measured; ``min_probability`` keeps unsure readings out, and present fields are never overwritten.
"""

from __future__ import annotations

from typing import Any, Literal

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.field_reader import FieldReader, fit_field_reader
from underwrite.tools.scoring.prose_statements import with_statements
from underwrite.tools.scoring.text_rule import TextEvidence, fusion_decision, packaged_evidence

SOURCE = "applicant_statement"
ReaderChoice = Literal["auto", "off"]


def reader_for(
    ts: TrainingSet,
    config: ScoringConfig,
    choice: ReaderChoice = "auto",
    evidence: TextEvidence | None = None,
) -> tuple[FieldReader | None, dict[str, Any]]:
    """The reader to ship (or None) and the card's note on why, with the bench figure if any."""
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
    texts = with_statements(ts.frame, tuple(fields))[SOURCE].astype(str).tolist()
    embeddings = embed_cached(texts, label=f"field reader {ts.name}")
    reader = fit_field_reader(
        embeddings,
        ts.frame[fields].reset_index(drop=True),
        source=SOURCE,
        min_probability=config.text.reader_min_probability,
        trained_on=f"{len(texts)} generated statements of the training rows (the text bench's generator)",
    )
    return reader, {**note, "fitted": True}
