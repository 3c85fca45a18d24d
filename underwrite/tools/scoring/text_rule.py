"""When the product fuses text: a rule over the text bench's report, not a setting flipped by hand.

``underwrite bench text --evidence-out FILE`` writes, per dataset and text variant the product can
train, the paired fold-wise AUC change that variant's reader (the product's own text block) made
over the text-free model on the same folds. Training with ``text=auto`` consults the packaged copy
(``text_evidence.json``): a variant with evidence is a candidate only if the bench showed it helps
(mean gain at least ``min_gain`` and the lower end of its ~95% interval above zero); a dataset or
variant the bench never measured falls back to the inner out-of-fold choice in ``train.py``.
"""

from __future__ import annotations

import importlib.resources
import math
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, Field

EVIDENCE_FILE = "text_evidence.json"
V = TypeVar("V", bound=str)


class EvidenceEntry(BaseModel):
    dataset: str = Field(description="TrainingSet name the entry is about (e.g. german, german-prose)")
    variant: str = Field(description="Text variant the product would train: serialised or prose")
    reader: str = Field(description="Which bench arm measured it")
    fields: list[str] = Field(description="Text fields the variant reads")
    gain_mean: float = Field(description="Mean paired fold-wise AUC change over the text-free model")
    gain_sd: float
    folds: int


class TextEvidence(BaseModel):
    command: str
    generated: str
    entries: list[EvidenceEntry]


class FusionDecision(BaseModel):
    fuse: bool | None = Field(description="None: the bench has no figure for this dataset and variant")
    reason: str
    entry: EvidenceEntry | None = None


def lower_bound(entry: EvidenceEntry) -> float:
    """Mean gain less two standard errors over the folds (a rough 95% lower bound)."""
    return entry.gain_mean - 2.0 * entry.gain_sd / math.sqrt(max(entry.folds, 1))


def fusion_decision(
    evidence: TextEvidence | None, dataset: str, variant: str, min_gain: float
) -> FusionDecision:
    if variant == "none":
        return FusionDecision(fuse=True, reason="text-free needs no evidence")
    entry = next(
        (e for e in (evidence.entries if evidence else []) if e.dataset == dataset and e.variant == variant),
        None,
    )
    if entry is None:
        return FusionDecision(fuse=None, reason=f"no bench figure for {variant} text on {dataset}")
    figure = f"{entry.gain_mean:+.4f} AUC (sd {entry.gain_sd:.4f}, {entry.folds} folds)"
    if entry.gain_mean >= min_gain and lower_bound(entry) > 0:
        return FusionDecision(fuse=True, reason=f"bench: {variant} text adds {figure}", entry=entry)
    return FusionDecision(
        fuse=False,
        reason=f"bench: {variant} text changes AUC by {figure}, below +{min_gain} or not clear of zero",
        entry=entry,
    )


def allowed_variants(
    candidates: list[V], dataset: str, min_gain: float, evidence: TextEvidence | None = None
) -> list[V]:
    """The candidates the bench does not rule out (``train.choose_and_fit`` picks among them)."""
    evidence = evidence if evidence is not None else packaged_evidence()
    return [v for v in candidates if fusion_decision(evidence, dataset, v, min_gain).fuse is not False]


def load_evidence(path: Path) -> TextEvidence | None:
    if not path.is_file():
        return None
    return TextEvidence.model_validate_json(path.read_text("utf-8"))


@lru_cache(maxsize=1)
def packaged_evidence() -> TextEvidence | None:
    resource = importlib.resources.files("underwrite.tools.scoring").joinpath(EVIDENCE_FILE)
    if not resource.is_file():
        return None
    return TextEvidence.model_validate_json(resource.read_text("utf-8"))
