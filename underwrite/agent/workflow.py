"""The workflow's public API: draft (up to review), resume after a crash, review, read a run.

One LangGraph thread per application id (the packet folder name). Calling :func:`draft_memo`
again after a crash resumes from the last checkpoint instead of starting over. The UI, the queue,
the evals, the benchmarks and the CLI use only this module (it re-exports the step names).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from langgraph.types import Command
from pydantic import BaseModel, ConfigDict

from underwrite.agent.assessment import Assessment, assess
from underwrite.agent.chat import ChatAgent, ChatPiece
from underwrite.agent.checkpoints import open_checkpointer
from underwrite.agent.deps import Deps
from underwrite.agent.errors import (
    ApplicationAlreadyDecided,
    NotAwaitingReview,
    PacketChanged,
    ReviewError,
    WorkflowError,
)
from underwrite.agent.graph import compile_graph
from underwrite.agent.lease import fence_saver
from underwrite.agent.limits import RATIO_LABELS, RatioCheck, format_ratio, ratio_checks
from underwrite.agent.memo import Memo, MemoNarrative
from underwrite.agent.nodes._common import STREAM_TEXT_KEY
from underwrite.agent.nodes.review import hard_failed_rules, validate_decision
from underwrite.agent.runs import (
    RunStatus,
    RunView,
    load_state,
    run_evidence,
    run_view,
    run_views,
    thread_config,
)
from underwrite.agent.state import Flag, LLMCall, ReviewInput
from underwrite.agent.steps import FIRST_STEP, STEP_LABELS, STEPS, next_step, step_label
from underwrite.agent.whatif import WHAT_IF_FIELDS, DecisionWhatIf, WhatIfChanges, decision_what_if
from underwrite.core.schemas import Decision
from underwrite.tools.intake.packet import packet_content_hash

__all__ = [
    "FIRST_STEP",
    "RATIO_LABELS",
    "STEPS",
    "STEP_LABELS",
    "WHAT_IF_FIELDS",
    "Assessment",
    "ChatAgent",
    "ChatPiece",
    "DecisionWhatIf",
    "Deps",
    "Flag",
    "PacketChanged",
    "RatioCheck",
    "RunResult",
    "RunStatus",
    "RunView",
    "WhatIfChanges",
    "WorkflowError",
    "assess",
    "decision_what_if",
    "draft_memo",
    "format_ratio",
    "load_state",
    "next_step",
    "ratio_checks",
    "run_evidence",
    "run_view",
    "run_views",
    "step_label",
    "submit_review",
]

StepCallback = Callable[[str], None]
TextCallback = Callable[[str, str], None]


class RunResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    application_id: str
    status: Literal["awaiting_review", "decided"]
    memo: Memo
    flags: list[Flag]
    llm_calls: list[LLMCall]
    audit_seqs: list[int]
    resumed: bool = False
    """True when this call continued a run that had stopped part-way (crash or kill)."""
    reused: bool = False
    """True when the memo was drafted by an earlier call and still awaits review (no step ran)."""


def _same_documents(values: dict[str, Any] | None, packet_dir: Path, application_id: str) -> None:
    """Refuse to resume or show a run read from other documents: its memo is not this folder's."""
    then = (values or {}).get("packet_sha256")
    if not then or not packet_dir.is_dir() or packet_content_hash(packet_dir) == then:
        return  # runs from before the hash was recorded cannot be checked
    raise PacketChanged(
        f"application {application_id!r} already has a run drafted from other documents than "
        f"{packet_dir} holds now (a file was added, removed or changed since); its memo is not "
        "this folder's. Decide that draft first, or put the new documents in a folder with a new "
        "name (the folder name is the application id)."
    )


def _result(snap: Any, application_id: str, resumed: bool, reused: bool = False) -> RunResult:
    v = snap.values
    return RunResult(
        application_id=application_id,
        status="awaiting_review" if snap.next else "decided",
        memo=v["memo"],
        flags=v.get("flags", []),
        llm_calls=v.get("llm_calls", []),
        audit_seqs=v.get("audit_seqs", []),
        resumed=resumed,
        reused=reused,
    )


def draft_memo(
    packet_dir: Path,
    deps: Deps,
    *,
    on_step: StepCallback | None = None,
    on_text: TextCallback | None = None,
    checkpoints: str | Path | None = None,
) -> RunResult:
    """Run (or resume) the workflow for the packet until it waits for the underwriter's review.

    ``on_step(node)`` is called as each node finishes; ``on_text(node, piece)`` with the memo's text
    while the model writes it (unverified until the verify step has run).
    """
    application_id = packet_dir.name
    cfg = thread_config(application_id)
    if on_text is not None:
        cfg["configurable"][STREAM_TEXT_KEY] = True
    with open_checkpointer(checkpoints) as saver:
        fence_saver(saver)  # a queue worker's run: no write once its lease is lost (agent.lease)
        graph = compile_graph(saver)
        snap = graph.get_state(cfg)
        # A process killed after a step saved its writes but before the next checkpoint leaves no
        # `next` (LangGraph counts the step done from its writes) yet that step's task: unfinished.
        unfinished = bool(snap.next or snap.tasks)
        if snap.values and not unfinished:
            raise ApplicationAlreadyDecided(f"application {application_id!r} has already been decided")
        _same_documents(snap.values, packet_dir, application_id)
        if snap.interrupts:
            return _result(snap, application_id, resumed=False, reused=True)
        resumed = unfinished
        graph_input = None if resumed else {"packet_dir": str(packet_dir), "application_id": application_id}
        for mode, chunk in graph.stream(graph_input, cfg, context=deps, stream_mode=["updates", "custom"]):
            if mode == "custom" and on_text is not None:
                on_text(str(chunk["step"]), str(chunk["text"]))
            elif mode == "updates":
                for node in chunk:
                    if on_step is not None and not node.startswith("__"):
                        on_step(node)
        return _result(graph.get_state(cfg), application_id, resumed)


def submit_review(
    application_id: str,
    decision: Decision,
    deps: Deps,
    *,
    edited_narrative: MemoNarrative | None = None,
    checkpoints: str | Path | None = None,
) -> RunResult:
    """Record the underwriter's decision and finish the run. Invalid decisions raise and record nothing."""
    if decision.application_id != application_id:
        raise ReviewError(f"decision is for {decision.application_id!r}, not {application_id!r}")
    cfg = thread_config(application_id)
    with open_checkpointer(checkpoints) as saver:
        graph = compile_graph(saver)
        snap = graph.get_state(cfg)
        if not snap.interrupts:
            raise NotAwaitingReview(f"no draft memo is waiting for review for {application_id!r}")
        validate_decision(snap.values["memo"], hard_failed_rules(snap.values), decision)
        review = ReviewInput(decision=decision, edited_narrative=edited_narrative)
        graph.invoke(Command(resume=review.model_dump(mode="json")), cfg, context=deps)
        return _result(graph.get_state(cfg), application_id, resumed=False)
