"""What a run of the workflow has produced so far, read back from its checkpoint, as one typed view.

The UI, the evals and the benchmarks read runs through :func:`run_view`; none of them opens the
checkpointer, compiles the graph or knows the state's keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict

from underwrite.agent.checkpoints import open_checkpointer
from underwrite.agent.graph import compile_graph
from underwrite.agent.memo import Evidence, ExceptionRecord, Memo, PolicyEvidence
from underwrite.agent.memo.evidence import evidence_of
from underwrite.agent.state import Flag, LLMCall, ReviewInput, UnderwritingState
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import Application, FactValue, RuleFinding, Score
from underwrite.tools.checks.ratios import Ratios

RunStatus = Literal["new", "interrupted", "awaiting_review", "decided"]


class RunView(BaseModel):
    """A run's results; a field stays empty until the step that fills it has run."""

    model_config = ConfigDict(extra="forbid")

    application_id: str
    status: RunStatus
    """new: never ran; interrupted: stopped part-way (resume with ``draft_memo``); awaiting_review:
    the memo waits for the underwriter; decided: the decision is recorded."""
    started: bool = False
    """True once any step has written to the run's state."""
    next_steps: list[str] = []
    application: Application | None = None
    values: dict[str, FactValue] = {}
    ratios: Ratios | None = None
    anomaly_score: float | None = None
    score: Score | None = None
    policy: list[PolicyEvidence] = []
    precedents: list[PrecedentHit] = []
    findings: list[RuleFinding] = []
    exceptions: list[ExceptionRecord] = []
    missing_documents: list[str] = []
    memo: Memo | None = None
    review: ReviewInput | None = None
    flags: list[Flag] = []
    llm_calls: list[LLMCall] = []
    audit_seqs: list[int] = []


def thread_config(application_id: str) -> dict[str, Any]:
    """LangGraph's config for an application's run: one thread per application id."""
    return {"configurable": {"thread_id": application_id}}


def _status(snap: Any) -> RunStatus:
    values = snap.values or {}
    if "review" in values:
        return "decided"
    if "memo" in values and snap.interrupts:
        return "awaiting_review"
    if values and snap.next:
        return "interrupted"
    return "new"


def _view(application_id: str, snap: Any) -> RunView:
    values = dict(snap.values or {})
    fields = {k: v for k, v in values.items() if k in RunView.model_fields and v is not None}
    fields.update(
        application_id=application_id,
        status=_status(snap),
        started=bool(values),
        next_steps=list(snap.next or ()),
    )
    return RunView.model_validate(fields)


def run_views(application_ids: Sequence[str], checkpoints: str | Path | None = None) -> dict[str, RunView]:
    """The view of each application's run, read with one checkpointer connection."""
    with open_checkpointer(checkpoints) as saver:
        graph = compile_graph(saver)
        return {a: _view(a, graph.get_state(thread_config(a))) for a in application_ids}


def run_view(application_id: str, checkpoints: str | Path | None = None) -> RunView:
    return run_views([application_id], checkpoints)[application_id]


def load_state(application_id: str, checkpoints: str | Path | None = None) -> UnderwritingState:
    """The raw state of an application's run (empty if it never ran): for the agent's own chat."""
    with open_checkpointer(checkpoints) as saver:
        return cast(
            UnderwritingState, dict(compile_graph(saver).get_state(thread_config(application_id)).values)
        )


def run_evidence(application_id: str, checkpoints: str | Path | None = None) -> Evidence:
    """Everything the run's memo may rest on, as its verifier saw it (for independent re-checks)."""
    return evidence_of(load_state(application_id, checkpoints))
