"""The workflow's steps: their order, their labels, and which step runs after a finished one.

The graph (``graph.py``) wires these names; progress displays (workbench, CLI) read them here, so
no caller re-derives the graph's edges.
"""

from __future__ import annotations

import itertools

# The steps that always follow one another; after verify_memo the graph chooses (repair/fallback).
LINEAR_STEPS: tuple[str, ...] = (
    "read_documents",
    "extract_prose_facts",
    "check_completeness",
    "compute_ratios",
    "check_consistency",
    "score",
    "retrieve_evidence",
    "evaluate_rules",
    "draft_memo",
    "verify_memo",
)
STEP_LABELS: dict[str, str] = {
    "read_documents": "read documents",
    "extract_prose_facts": "extract prose-only facts (LLM, quote-checked)",
    "check_completeness": "check required documents",
    "compute_ratios": "compute ratios",
    "check_consistency": "consistency and anomaly checks",
    "score": "score (PD, grade, reasons)",
    "retrieve_evidence": "retrieve policy sections and precedents",
    "evaluate_rules": "evaluate policy rules",
    "draft_memo": "draft memo narrative (LLM)",
    "verify_memo": "verify numbers, citations, recommendation",
    "repair_memo": "repair narrative (LLM)",
    "fallback_memo": "deterministic narrative (fallback)",
    "assemble_memo": "assemble memo",
    "record_draft": "record draft in audit trail",
    "human_review": "human review",
    "finalise": "record decision",
}
STEPS: tuple[str, ...] = tuple(STEP_LABELS)
"""Every step, in the order a run that needs a repair and then falls back would pass them."""
FIRST_STEP = LINEAR_STEPS[0]
# The steps a progress display announces as running once the one before has finished: the linear
# run and the draft record. verify_memo has none (the graph routes to assemble, repair or fallback);
# after record_draft the run stops at the review interrupt, which the caller reports itself.
_NEXT: dict[str, str] = dict(itertools.pairwise(LINEAR_STEPS)) | {"assemble_memo": "record_draft"}


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, step)


def next_step(step: str) -> str | None:
    """The step announced after ``step`` finishes, or None where the graph decides or stops."""
    return _NEXT.get(step)
