"""The real capabilities behind the workbench, wired to the agent, queue, scoring and retrieval.

Each capability names the piece it needs; until that piece is part of this build the call raises
:class:`NotAvailableYet` with the issue and branch that deliver it. Nothing here invents data.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from underwrite.core.schemas import Decision, Recommendation
from underwrite.core.settings import get_settings
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
from underwrite.ui.service import ExportFormat, InvalidRequest, NotAvailableYet

# (feature, issue, branch) for each piece the workbench relies on.
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
        from underwrite.agent.batch import QueueRepository

        return [
            QueueEntry(
                application_id=job.application_id,
                status=job.state,
                recommendation=Recommendation(job.recommendation) if job.recommendation else None,
                updated_at=job.finished_at or job.created_at,
                failure_reason=job.failure_reason,
            )
            for job in QueueRepository().jobs()
        ]

    def open_application(self, application_id: str) -> ApplicationView:
        raise NotAvailableYet(*PACKETS)

    def submit_packet(self, files: Sequence[Path], submitted_by: str) -> str:
        """Copy the uploaded files into a new packet folder under UW_HOME/uploads and queue it."""
        from underwrite.agent.batch import QueueRepository

        names = [Path(f).name for f in files]
        if len(set(names)) != len(names):
            raise InvalidRequest("two uploaded files have the same name; a packet needs distinct names.")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        application_id = f"UPL-{stamp}-{secrets.token_hex(3)}"
        packet_dir = get_settings().home / "uploads" / application_id
        packet_dir.mkdir(parents=True)
        for source, name in zip(files, names, strict=True):
            shutil.copyfile(source, packet_dir / name)
        report = QueueRepository().add([packet_dir])
        if report.rejected:
            shutil.rmtree(packet_dir, ignore_errors=True)
            raise InvalidRequest(f"the queue refused this packet: {report.rejected[0].reason}")
        return application_id

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
