"""The one door between the workbench and the rest of the product.

:class:`Workbench` is what every panel calls. It checks the caller's role, validates input and
enforces the review rules (a decision that departs from the recommendation needs a reason) on the
server, then delegates to a :class:`WorkbenchBackend`. The real backend (``backend.py``) wires the
agent, queue, scoring and retrieval; tests swap in a fake backend, and the guards still run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal, Protocol

from pydantic import ValidationError

from underwrite.agent.workflow import ChatPiece, WhatIfChanges
from underwrite.core.schemas import Decision, Recommendation
from underwrite.core.settings import get_settings
from underwrite.ui.models import (
    ApplicationView,
    AuditTrailView,
    ChatTurn,
    DecisionRecord,
    DecisionRequest,
    EvalReportView,
    FactView,
    MemoChunk,
    MemoView,
    PolicySectionView,
    QueueEntry,
    Role,
    User,
    WhatIfView,
    WorkflowEvent,
)

ExportFormat = Literal["docx", "pdf"]

# Application ids are packet folder names; anything else (slashes, "..") is refused before it can
# reach a path join in the backend.
_APPLICATION_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$")
_SECTION_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
UPLOAD_SUFFIXES = frozenset(
    {
        ".pdf",
        ".docx",
        ".odt",
        ".rtf",
        ".xlsx",
        ".xml",
        ".txt",
        ".md",
        ".json",
        ".csv",
        ".html",
        ".htm",
        ".eml",
        ".sta",  # SWIFT MT940 statement files, as German banks name them
        ".mt940",
        ".png",
        ".jpg",
        ".jpeg",
        ".tif",
        ".tiff",
    }
)
"""What the packet reader (tools/intake) reads; images are read by OCR."""
ALL_STATUSES = "all"
MIN_REASON_CHARS = 10


class ServiceError(Exception):
    """An error whose message is meant for the person at the screen."""


class AccessDenied(ServiceError):
    pass


class InvalidRequest(ServiceError):
    pass


class WorkbenchBackend(Protocol):
    """The capabilities behind the workbench, without access rules. Implemented by backend.py."""

    def list_queue(self) -> list[QueueEntry]: ...
    def open_application(self, application_id: str) -> ApplicationView: ...
    def submit_packet(self, files: Sequence[Path], submitted_by: str) -> str: ...
    def run_workflow(self, application_id: str, actor: str) -> Iterator[WorkflowEvent]: ...
    def what_if(self, application_id: str, changes: dict[str, float]) -> WhatIfView: ...
    def policy_section(self, section_id: str) -> PolicySectionView: ...
    def stream_memo(self, application_id: str, actor: str) -> Iterator[MemoChunk]: ...
    def chat_stream(
        self, application_id: str, history: Sequence[ChatTurn], question: str, actor: str
    ) -> Iterator[ChatPiece]: ...
    def save_memo_edits(self, application_id: str, markdown: str, editor: str) -> MemoView: ...
    def record_decision(
        self, decision: Decision, recommendation: Recommendation, adverse_action_reasons: list[str]
    ) -> DecisionRecord: ...
    def export_memo(self, application_id: str, fmt: ExportFormat, actor: str) -> Path: ...
    def audit_trail(self, application_id: str) -> AuditTrailView: ...
    def latest_eval_report(self) -> EvalReportView | None: ...
    def eval_reports(self) -> list[EvalReportView]: ...
    def start_eval(self, actor: str) -> str: ...
    def reveal_protected(self, application_id: str, actor: str) -> list[FactView]: ...


def _require(user: User, *roles: Role) -> None:
    if user.role not in roles:
        allowed = " or ".join(r.value for r in roles)
        raise AccessDenied(f"user {user.username!r} has role {user.role.value}; this needs {allowed}.")


def _check_id(application_id: str) -> str:
    if not _APPLICATION_ID.match(application_id or ""):
        raise InvalidRequest(f"not a valid application id: {application_id!r}")
    return application_id


class Workbench:
    """The facade the UI calls: role checks and review rules here, capabilities in the backend."""

    def __init__(self, backend: WorkbenchBackend) -> None:
        self.backend = backend

    # --- reading ---------------------------------------------------------------------------------
    def list_queue(self, user: User, status: str | None = None, text: str = "") -> list[QueueEntry]:
        entries = self.backend.list_queue()
        if status and status != ALL_STATUSES:
            entries = [e for e in entries if e.status == status]
        needle = text.strip().lower()
        if needle:
            entries = [e for e in entries if needle in e.application_id.lower()]
        return entries

    def open_application(self, user: User, application_id: str) -> ApplicationView:
        return self.backend.open_application(_check_id(application_id))

    def policy_section(self, user: User, section_id: str) -> PolicySectionView:
        if not _SECTION_ID.match(section_id or ""):
            raise InvalidRequest(f"not a valid policy section id: {section_id!r}")
        return self.backend.policy_section(section_id)

    def what_if(self, user: User, application_id: str, changes: dict[str, float]) -> WhatIfView:
        try:
            valid = WhatIfChanges(changes=changes).changes
        except ValidationError as exc:
            raise InvalidRequest(
                "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            ) from exc
        return self.backend.what_if(_check_id(application_id), valid)

    def reveal_protected(self, user: User, application_id: str) -> list[FactView]:
        """The prohibited-basis facts, for fair-lending monitoring: each reveal is audited."""
        return self.backend.reveal_protected(_check_id(application_id), user.username)

    def chat_stream(
        self, user: User, application_id: str, history: Sequence[ChatTurn], question: str
    ) -> Iterator[ChatPiece]:
        question = question.strip()
        if not question:
            raise InvalidRequest("ask a question first.")
        return self.backend.chat_stream(_check_id(application_id), history, question, user.username)

    # --- underwriter actions ---------------------------------------------------------------------
    def submit_packet(self, user: User, files: Sequence[Path]) -> str:
        _require(user, Role.underwriter)
        if not files:
            raise InvalidRequest("choose at least one document to upload.")
        limit = get_settings().max_document_bytes
        for path in files:
            if path.suffix.lower() not in UPLOAD_SUFFIXES:
                raise InvalidRequest(
                    f"{path.name}: unsupported file type; use one of {', '.join(sorted(UPLOAD_SUFFIXES))}."
                )
            size = path.stat().st_size
            if size == 0:
                raise InvalidRequest(f"{path.name} is empty.")
            if size > limit:
                raise InvalidRequest(f"{path.name} is {size} bytes; the limit is {limit}.")
        return self.backend.submit_packet(list(files), user.username)

    def run_workflow(self, user: User, application_id: str) -> Iterator[WorkflowEvent]:
        _require(user, Role.underwriter)
        return self.backend.run_workflow(_check_id(application_id), user.username)

    def stream_memo(self, user: User, application_id: str) -> Iterator[MemoChunk]:
        _require(user, Role.underwriter)
        return self.backend.stream_memo(_check_id(application_id), user.username)

    def save_memo_edits(self, user: User, application_id: str, markdown: str) -> MemoView:
        _require(user, Role.underwriter)
        if not markdown.strip():
            raise InvalidRequest("the memo cannot be saved empty.")
        return self.backend.save_memo_edits(_check_id(application_id), markdown, user.username)

    def export_memo(self, user: User, application_id: str, fmt: ExportFormat) -> Path:
        if fmt not in ("docx", "pdf"):
            raise InvalidRequest(f"unknown export format {fmt!r}; use docx or pdf.")
        return self.backend.export_memo(_check_id(application_id), fmt, user.username)

    def decide(self, user: User, request: DecisionRequest) -> DecisionRecord:
        """Record a decision. Departing from the memo's recommendation needs a written reason."""
        _require(user, Role.underwriter)
        view = self.backend.open_application(_check_id(request.application_id))
        if view.decision is not None:
            raise InvalidRequest(
                f"{request.application_id} was already decided ({view.decision.decision.value}) "
                f"by {view.decision.reviewer}."
            )
        if view.memo is None:
            raise InvalidRequest("generate and review the memo before deciding.")
        recommendation = view.memo.recommendation
        reason = request.reason.strip()
        departs = request.decision != recommendation
        if departs and len(reason) < MIN_REASON_CHARS:
            raise InvalidRequest(
                f"the decision {request.decision.value} departs from the recommendation "
                f"{recommendation.value}: write a reason of at least {MIN_REASON_CHARS} characters."
            )
        conditions = [c.strip() for c in request.conditions if c.strip()]
        if request.decision is Recommendation.approve_with_conditions and not conditions:
            raise InvalidRequest("approve with conditions needs at least one condition.")
        adverse = view.memo.adverse_action_reasons if request.decision is Recommendation.decline else []
        if request.decision is Recommendation.decline and not adverse:
            raise InvalidRequest("a decline needs adverse-action reasons; the memo has none — refer instead.")
        decision = Decision(
            application_id=request.application_id,
            decision=request.decision,
            reviewer=user.username,
            reason=reason or None,
            conditions=conditions,
            exception_authority=request.exception_authority.strip() or None,
        )
        return self.backend.record_decision(decision, recommendation, adverse)

    # --- compliance ------------------------------------------------------------------------------
    def audit_trail(self, user: User, application_id: str) -> AuditTrailView:
        _require(user, Role.compliance)
        return self.backend.audit_trail(_check_id(application_id))

    def latest_eval_report(self, user: User) -> EvalReportView | None:
        _require(user, Role.compliance)
        return self.backend.latest_eval_report()

    def eval_reports(self, user: User) -> list[EvalReportView]:
        _require(user, Role.compliance)
        return self.backend.eval_reports()

    def start_eval(self, user: User) -> str:
        """Start the fast eval subset in the background; returns a message saying where it writes."""
        _require(user, Role.compliance)
        return self.backend.start_eval(user.username)
