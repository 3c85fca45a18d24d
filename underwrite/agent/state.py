"""The typed state of the underwriting graph. Each node returns a partial update of these keys.

Lists that several steps contribute to (flags, LLM calls, audit ids) have reducers that append;
every other key is owned by one node and simply overwritten.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from underwrite.agent.memo import (
    ExceptionRecord,
    Memo,
    MemoNarrative,
    NarrativeSource,
    PolicyEvidence,
    Violation,
)
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import Application, Decision, FactValue, RuleFinding, Score
from underwrite.tools.checks.ratios import Ratios


class Flag(BaseModel):
    """Something an underwriter must see: a consistency gap, an injection attempt, a fallback memo."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str
    severity: str = Field(default="warning", description="info | warning | critical")
    source: str | None = Field(default=None, description="doc id or step that raised it")


class LLMCall(BaseModel):
    """One model call: what prompt, how long, how much it produced (for the overhead benchmark)."""

    model_config = ConfigDict(extra="forbid")

    step: str
    prompt: str
    prompt_version: str
    latency_s: float
    ok: bool
    output_chars: int = 0
    error: str | None = None
    unavailable: bool = False
    """The model could not be reached (down, crashed, timed out): no draft, and no repair either."""


class ReviewInput(BaseModel):
    """What the underwriter sends back to resume the graph."""

    model_config = ConfigDict(extra="forbid")

    decision: Decision
    edited_narrative: MemoNarrative | None = None


def add_flags(existing: list[Flag] | None, new: list[Flag] | None) -> list[Flag]:
    """Append flags, dropping exact repeats (a resumed node must not double a flag)."""
    out = list(existing or [])
    for flag in new or []:
        if flag not in out:
            out.append(flag)
    return out


def merge_dicts(existing: dict[str, str] | None, new: dict[str, str] | None) -> dict[str, str]:
    return {**(existing or {}), **(new or {})}


class UnderwritingState(TypedDict, total=False):
    run_id: str
    """Unique id of this run; keys the audit records so a resumed run never writes them twice."""
    started_at: str
    """UTC time (ISO 8601) the run first read the documents. The memo is dated by it, so a step
    re-run after a crash assembles the same memo instead of a newly dated one."""
    packet_dir: str
    """Folder the application's documents were read from."""
    packet_sha256: str | None
    """sha256 over the packet's file names and bytes when they were read (``packet_content_hash``): a
    later call on the same application id with other documents is refused, not given this memo."""
    application_id: str
    """The application (and LangGraph thread) id: the packet folder name."""
    application: Application
    """Documents as read and every fact with its provenance (rule layer, then LLM prose facts)."""
    document_failures: list[dict[str, Any]]
    """Files that could not be read, each with its specific error."""
    missing_documents: list[str]
    """Documents the policy requires for this product that the packet lacks."""
    values: dict[str, FactValue]
    """Best value per fact name merged with the computed ratios: what rules and the memo read."""
    ratios: Ratios
    """Affordability and cash-flow ratios computed in code."""
    anomaly_score: float | None
    """Share of training applications less typical than this one (low = unusual), if computed."""
    score: Score
    """Calibrated PD, grade, reasons and model version from the scoring tool."""
    policy: list[PolicyEvidence]
    """Policy sections retrieved (and those cited by findings)."""
    precedents: list[PrecedentHit]
    """Similar past cases with their decisions and outcomes."""
    findings: list[RuleFinding]
    """Deterministic rule findings, each citing its policy section."""
    exceptions: list[ExceptionRecord]
    """Hard-rule exceptions granted by an authority (set at review)."""
    narrative: MemoNarrative | None
    """The current narrative: the LLM draft, its repair, or the deterministic fallback."""
    narrative_source: NarrativeSource
    """Where the current narrative came from."""
    draft_attempts: int
    """How many narratives the LLM has produced for this run (draft + repairs)."""
    draft_limit: int
    """How many the LLM may produce (first draft + the configured repair rounds), fixed at the draft."""
    violations: list[Violation]
    """Verifier findings on the current narrative (empty = verified)."""
    first_violations: list[Violation]
    """Verifier findings on the first LLM draft, kept for the memo's verification record."""
    claim_stats: dict[str, Any]
    """Claims path: claims proposed, kept, why each dropped one failed, seconds of the request."""
    memo: Memo
    """The assembled memo awaiting review."""
    review: ReviewInput
    """The underwriter's decision, reason and edits."""
    flags: Annotated[list[Flag], add_flags]
    """Everything an underwriter must see, appended by any step."""
    prompt_versions: Annotated[dict[str, str], merge_dicts]
    """Prompt name → version of every prompt this run rendered."""
    llm_calls: Annotated[list[LLMCall], operator.add]
    """Every model call with its latency."""
    audit_seqs: Annotated[list[int], operator.add]
    """Sequence numbers of the audit records this run wrote."""
