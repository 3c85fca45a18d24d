"""The real capabilities behind the workbench, wired to the agent, queue, scoring and retrieval.

Each capability names the piece it needs; until that piece is part of this build the call raises
:class:`NotAvailableYet` with the issue and branch that deliver it. Nothing here invents data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from underwrite.core.schemas import Decision, Recommendation
from underwrite.ui.models import (
    ApplicationView,
    AuditTrailView,
    ChatTurn,
    DecisionRecord,
    EvalReportView,
    MemoChunk,
    MemoView,
    PolicySectionView,
    QueueEntry,
    WhatIfView,
    WorkflowEvent,
)
from underwrite.ui.service import ExportFormat, NotAvailableYet

# (feature, issue, branch) for each piece the workbench relies on.
QUEUE = ("The application queue", 7, "batch")
PACKETS = ("Reading application packets", 2, "docs")
SCORING = ("Scoring and what-if", 3, "scoring")
POLICY = ("Policy sections", 4, "retrieval")
WORKFLOW = ("The underwriting workflow (graph, memo, review)", 6, "agent")
CHAT = ("The chat assistant", 6, "agent")
AUDIT = ("The audit trail", 6, "agent")
EXPORTS = ("Memo export", 6, "agent")
EVALS = ("The eval report", 9, "evals")


class RealBackend:
    """Implements :class:`underwrite.ui.service.WorkbenchBackend` with the product's own modules."""

    def list_queue(self) -> list[QueueEntry]:
        raise NotAvailableYet(*QUEUE)

    def open_application(self, application_id: str) -> ApplicationView:
        raise NotAvailableYet(*PACKETS)

    def submit_packet(self, files: Sequence[Path], submitted_by: str) -> str:
        raise NotAvailableYet(*QUEUE)

    def run_workflow(self, application_id: str, actor: str) -> Iterator[WorkflowEvent]:
        raise NotAvailableYet(*WORKFLOW)

    def what_if(self, application_id: str, changes: dict[str, float]) -> WhatIfView:
        raise NotAvailableYet(*SCORING)

    def policy_section(self, section_id: str) -> PolicySectionView:
        raise NotAvailableYet(*POLICY)

    def stream_memo(self, application_id: str, actor: str) -> Iterator[MemoChunk]:
        raise NotAvailableYet(*WORKFLOW)

    def chat_stream(
        self, application_id: str, history: Sequence[ChatTurn], question: str, actor: str
    ) -> Iterator[str]:
        raise NotAvailableYet(*CHAT)

    def save_memo_edits(self, application_id: str, markdown: str, editor: str) -> MemoView:
        raise NotAvailableYet(*WORKFLOW)

    def record_decision(
        self, decision: Decision, recommendation: Recommendation, adverse_action_reasons: list[str]
    ) -> DecisionRecord:
        raise NotAvailableYet(*WORKFLOW)

    def export_memo(self, application_id: str, fmt: ExportFormat, actor: str) -> Path:
        raise NotAvailableYet(*EXPORTS)

    def audit_trail(self, application_id: str) -> AuditTrailView:
        raise NotAvailableYet(*AUDIT)

    def latest_eval_report(self) -> EvalReportView | None:
        raise NotAvailableYet(*EVALS)
