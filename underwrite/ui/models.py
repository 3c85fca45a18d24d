"""What the workbench shows, as pydantic models: the only shapes that cross the service facade.

The panels render these and nothing else, so the UI never depends on how the agent, the queue or the
score model represent things internally, and a test can hand the UI a fake service built from them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from underwrite.agent.workflow import DecisionWhatIf
from underwrite.core.schemas import (
    Application,
    Decision,
    Recommendation,
    RuleFinding,
    Score,
)


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Role(StrEnum):
    underwriter = "underwriter"
    compliance = "compliance"


class User(_View):
    username: str
    role: Role


class QueueEntry(_View):
    application_id: str
    status: str = Field(
        description="new, queued, running, retry_wait, interrupted, awaiting_review, decided, failed"
    )
    product: str | None = None
    grade: str | None = None
    pd: float | None = None
    recommendation: Recommendation | None = None
    decision: Recommendation | None = None
    updated_at: datetime | None = None
    failure_reason: str | None = None


class StepStatus(StrEnum):
    running = "running"
    done = "done"
    failed = "failed"


class WorkflowEvent(_View):
    """One progress report of a workflow run: a step started, finished or failed."""

    step: str = Field(description="Workflow node name, e.g. read_documents, score, draft_memo")
    status: StepStatus
    detail: str = ""
    text: str = Field(default="", description="A piece of model output written during this step")


class PolicyFinding(_View):
    """A rule finding with the title of the policy section it cites."""

    finding: RuleFinding
    section_title: str = ""


class PolicySectionView(_View):
    section_id: str
    title: str
    text: str


class PrecedentView(_View):
    case_id: str
    similarity: float
    comparability: float | None = None  # the ranking key (text similarity weighed by amount and term)
    amount: str = ""  # in the case's own currency and in EUR, as the memo's table shows it
    decision: str | None = None
    outcome: str | None = None
    summary: str = ""


class MemoFlagView(_View):
    code: str
    message: str
    severity: str = "warning"


class MemoView(_View):
    """The memo as the underwriter reviews it: rendered Markdown plus its verification state."""

    application_id: str
    markdown: str
    recommendation: Recommendation
    verified: bool
    narrative_source: str = Field(description="llm, repaired or fallback")
    flags: list[MemoFlagView] = Field(default_factory=list)
    adverse_action_reasons: list[str] = Field(default_factory=list, description="'R07: text' lines")
    edited_by: str | None = Field(default=None, description="Reviewer whose edits the markdown holds")
    claims: list[ClaimOriginView] = Field(default_factory=list, description="Per-statement origin")


class MemoChunk(_View):
    """A piece of a memo being written; the last chunk of a stream carries the finished memo."""

    text: str = ""
    draft: str | None = Field(
        default=None,
        description="Readable preview of the narrative the model is writing now (unverified); "
        "replaces the previous preview",
    )
    memo: MemoView | None = None


class ApplicationView(_View):
    """Everything the application, score and evidence panels show for one application."""

    application: Application
    status: str
    ratios: dict[str, float | None] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list, description="Consistency and anomaly flags")
    score: Score | None = None
    findings: list[PolicyFinding] = Field(default_factory=list)
    precedents: list[PrecedentView] = Field(default_factory=list)
    memo: MemoView | None = None
    decision: Decision | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    file_flags: list[str] = Field(default_factory=list, description="Flag codes the run raised")


WhatIfView = DecisionWhatIf
"""Score, ratios against limits, rule outcomes and recommendation, as the file is and as changed."""


class FactView(_View):
    """A fact as the facts table shows it (prohibited-basis facts only after an audited reveal)."""

    label: str
    value: str
    source: str = Field(description="document, page and quote, or '(computed)'")
    method: str


class TimelineEntry(_View):
    """One event in an application's life: a run, a memo draft or edit, a chat turn, the decision."""

    at: str
    kind: str
    actor: str
    summary: str


class ClaimOriginView(_View):
    """Who wrote one statement of the memo: the model (llm / repaired) or code (deterministic)."""

    location: str
    origin: str
    text: str


class ChatTurn(_View):
    role: Literal["user", "assistant"]
    content: str


class DecisionRequest(_View):
    application_id: str
    decision: Recommendation
    reason: str = ""
    conditions: list[str] = Field(default_factory=list)
    exception_authority: str = Field(
        default="", description="Authority approving over a failed hard rule (policy CP-10.1 levels)"
    )


class DecisionRecord(_View):
    decision: Decision
    recommendation: Recommendation | None
    departs_from_recommendation: bool
    adverse_action_reasons: list[str] = Field(default_factory=list)
    audit_record_id: str | None = None


class AuditEntryView(_View):
    seq: int
    kind: str
    actor: str
    created_at: str
    summary: str
    hash: str
    payload: dict[str, Any] = Field(default_factory=dict)


class AuditTrailView(_View):
    application_id: str
    entries: list[AuditEntryView]
    chain_ok: bool | None = Field(default=None, description="Result of verifying the whole chain")
    chain_problem: str | None = None


class EvalReportView(_View):
    path: str = Field(description="The HTML report on disk")
    created_at: datetime | None = None
    passed: bool | None = None
    summary_markdown: str = ""
