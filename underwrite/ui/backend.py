"""The real capabilities behind the workbench: the queue, the packet reader, the LangGraph workflow,
the score tool, retrieval, the chat agent, the audit trail, memo exports and the eval harness.

One LangGraph thread per application id (shared with ``underwrite batch``): an application the batch
already drafted opens with its memo, and a decision taken here finishes that same run.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from underwrite.agent.workflow import (
    FIRST_STEP,
    ChatAgent,
    ChatPiece,
    Deps,
    WorkflowError,
    decision_what_if,
    draft_memo,
    load_state,
    run_view,
    submit_review,
)
from underwrite.core.schemas import Decision, Recommendation
from underwrite.core.settings import get_settings
from underwrite.queue import QueueRepository
from underwrite.records.memo_edits import bound_to_edit, current_edit, save_edit
from underwrite.tools.exports import ExportError, write_memo
from underwrite.tools.intake.packet import load_application
from underwrite.ui.audit_events import audited_chat, record_refused_decision, record_workflow_run
from underwrite.ui.draft_preview import preview_markdown
from underwrite.ui.facts import protected_facts
from underwrite.ui.models import (
    ApplicationView,
    AuditTrailView,
    ChatTurn,
    DecisionRecord,
    EvalReportView,
    FactView,
    MemoChunk,
    MemoView,
    PolicySectionView,
    QueueEntry,
    StepStatus,
    WhatIfView,
    WorkflowEvent,
)
from underwrite.ui.progress import label, stream_steps
from underwrite.ui.records import (
    audit_trail_view,
    eval_report_views,
    latest_eval_report_view,
    start_fast_eval,
    timeline_of,
)
from underwrite.ui.service import ExportFormat, InvalidRequest, ServiceError
from underwrite.ui.state_views import memo_view, preview_of_packet, view_from_state
from underwrite.ui.storage import memo_view_of, packet_dir_of, queue_entries, run_status, store_upload


class RealBackend:
    """Implements :class:`underwrite.ui.service.WorkbenchBackend` with the product's own modules."""

    def __init__(self, deps: Deps | None = None) -> None:
        self._deps = deps
        self._lock = threading.Lock()

    # --- plumbing --------------------------------------------------------------------------------
    def deps(self) -> Deps:
        """The workflow's tools, built once (LLM client, score model, anomaly scorer) and shared."""
        with self._lock:
            if self._deps is None:
                try:
                    self._deps = Deps.default()
                except (RuntimeError, ImportError, OSError) as exc:
                    raise ServiceError(f"cannot start the workflow: {exc}") from exc
            return self._deps

    # --- reading ---------------------------------------------------------------------------------
    def list_queue(self) -> list[QueueEntry]:
        return queue_entries()

    def open_application(self, application_id: str) -> ApplicationView:
        packet_dir, queue_state = packet_dir_of(application_id)
        run = run_view(application_id)
        status = run_status(run, queue_state)
        timeline = timeline_of(application_id)
        if run.application is not None and run.score is not None:
            review = run.review
            view = view_from_state(
                run, status, memo_view_of(application_id, run), review.decision if review else None
            )
            return view.model_copy(update={"timeline": timeline})
        preview = preview_of_packet(application_id, packet_dir, status)
        return preview.model_copy(update={"timeline": timeline})

    def policy_section(self, section_id: str) -> PolicySectionView:
        # lazy: get_section loads the Chroma-backed search module; keep it off UI import
        from underwrite.retrieval import get_section

        try:
            section = get_section(section_id)
        except LookupError as exc:
            raise InvalidRequest(str(exc)) from exc
        return PolicySectionView(section_id=section.section_id, title=section.title, text=section.text)

    def what_if(self, application_id: str, changes: dict[str, float]) -> WhatIfView:
        """Score, ratios, rules and recommendation re-run on the changed inputs (agent/whatif.py)."""
        run = run_view(application_id)
        app = run.application
        if app is None:
            app, _ = load_application(packet_dir_of(application_id)[0])
        try:
            return decision_what_if(app, changes, file_flags=[f.code for f in run.flags])
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from exc

    def reveal_protected(self, application_id: str, actor: str) -> list[FactView]:
        app = self.open_application(application_id).application
        shown = protected_facts(app)
        self.deps().audit.append(
            "protected_facts_revealed",
            application_id,
            {"fields": sorted({f.label for f in shown}), "count": len(shown)},
            actor=actor,
        )
        return shown

    # --- the workflow ----------------------------------------------------------------------------
    def submit_packet(self, files: Sequence[Path], submitted_by: str) -> str:
        """Copy the uploaded files into a new packet folder under UW_HOME/uploads and queue it."""
        application_id, packet_dir = store_upload(files)
        report = QueueRepository().add([packet_dir])
        if report.rejected:
            shutil.rmtree(packet_dir, ignore_errors=True)
            raise InvalidRequest(f"the queue refused this packet: {report.rejected[0].reason}")
        return application_id

    def run_workflow(self, application_id: str, actor: str) -> Iterator[WorkflowEvent]:
        packet_dir, _ = packet_dir_of(application_id)
        run = run_view(application_id)
        if run.status == "awaiting_review" or (run.started and not run.next_steps):
            status = run_status(run, None)
            yield WorkflowEvent(step="workflow", status=StepStatus.done, detail=f"already run: {status}")
            return
        deps = self.deps()
        first = run.next_steps[0] if run.next_steps else FIRST_STEP
        outcome = "stopped"
        try:
            yield from stream_steps(
                lambda on_step, on_text: draft_memo(packet_dir, deps, on_step=on_step, on_text=on_text), first
            )
            after = run_view(application_id)
            outcome = run_status(after, None)
        except BaseException as exc:
            outcome = f"failed: {type(exc).__name__}"
            raise
        finally:
            record_workflow_run(deps.audit, application_id, actor, first, outcome)
        if after.status == "awaiting_review" and after.memo is not None:
            memo = after.memo
            yield WorkflowEvent(
                step="human_review",
                status=StepStatus.done,
                detail=f"memo ready for review: recommends {memo.recommendation.value}",
            )

    def stream_memo(self, application_id: str, actor: str) -> Iterator[MemoChunk]:
        """Run the workflow (if needed), streaming each finished step and the narrative as the model
        writes it, then hand over the verified memo.

        The draft preview is the model's unverified text: the screen labels it so, and the memo that
        replaces it is the one that passed verification (or the deterministic fallback).
        """
        written: dict[str, str] = {}
        for event in self.run_workflow(application_id, actor):
            if event.status is StepStatus.failed:
                raise ServiceError(f"step {label(event.step)} failed: {event.detail}")
            if event.text:
                written[event.step] = written.get(event.step, "") + event.text
                yield MemoChunk(draft=preview_markdown(written[event.step]))
            elif event.status is StepStatus.done:
                yield MemoChunk(text=f"- {event.detail}\n")
        view = memo_view_of(application_id, run_view(application_id))
        if view is None:
            raise ServiceError(f"the workflow for {application_id} ended without a memo.")
        yield MemoChunk(memo=view)

    def chat_stream(
        self, application_id: str, history: Sequence[ChatTurn], question: str, actor: str
    ) -> Iterator[ChatPiece]:
        state = dict(load_state(application_id))
        if "score" not in state:
            raise InvalidRequest(
                "run the workflow (or generate the memo) first: the assistant reads its results."
            )
        deps = self.deps()
        agent = ChatAgent(state, deps)
        turns = [{"role": t.role, "content": t.content} for t in history]
        try:
            yield from audited_chat(
                agent.stream(question, turns), deps.audit, application_id, actor, state, question
            )
        except (WorkflowError, ValueError, OSError) as exc:
            raise ServiceError(f"the assistant failed: {exc}") from exc

    def save_memo_edits(self, application_id: str, markdown: str, editor: str) -> MemoView:
        """Keep the reviewer's edited text beside the memo and record its hash in the audit trail.

        Exports then carry the edited text, and the decision records which text it was taken on.
        """
        run = run_view(application_id)
        if run.memo is None:
            raise InvalidRequest("there is no memo to edit yet.")
        if run.review is not None:
            raise InvalidRequest("the decision is recorded; the memo it was taken on can no longer change.")
        memo = run.memo
        save_edit(application_id, memo, markdown, editor, self.deps().audit)
        return memo_view(memo, markdown=markdown, edited_by=editor)

    def record_decision(
        self, decision: Decision, recommendation: Recommendation, adverse_action_reasons: list[str]
    ) -> DecisionRecord:
        deps = self.deps()
        memo = run_view(decision.application_id).memo
        if memo is not None:
            decision = bound_to_edit(decision, memo)
        try:
            result = submit_review(decision.application_id, decision, deps)
        except WorkflowError as exc:
            state = {"application": run_view(decision.application_id).application}
            record_refused_decision(
                deps.audit,
                decision.application_id,
                decision.reviewer,
                state,
                decision.decision.value,
                str(exc),
            )
            raise InvalidRequest(str(exc)) from exc
        decided = [e for e in deps.audit.records(decision.application_id) if e.kind == "decision"]
        return DecisionRecord(
            decision=decision,
            recommendation=result.memo.recommendation,
            departs_from_recommendation=decision.decision != result.memo.recommendation,
            adverse_action_reasons=adverse_action_reasons,
            audit_record_id=decided[-1].record_id if decided else None,
        )

    def export_memo(self, application_id: str, fmt: ExportFormat, actor: str) -> Path:
        memo = run_view(application_id).memo
        if memo is None:
            raise InvalidRequest("generate the memo before exporting it.")
        target = get_settings().outputs_dir / application_id / f"memo.{fmt}"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            return write_memo(memo, target, current_edit(application_id, memo))
        except ExportError as exc:
            raise InvalidRequest(str(exc)) from exc

    # --- compliance ------------------------------------------------------------------------------
    def audit_trail(self, application_id: str) -> AuditTrailView:
        trail = audit_trail_view(application_id)
        if not trail.entries:  # no record: is there such an application at all?
            try:
                packet_dir_of(application_id)
            except InvalidRequest:
                if not run_view(application_id).started:
                    raise InvalidRequest(f"no such application: {application_id!r}") from None
        return trail

    def latest_eval_report(self) -> EvalReportView | None:
        return latest_eval_report_view()

    def eval_reports(self) -> list[EvalReportView]:
        return eval_report_views()

    def start_eval(self, actor: str) -> str:
        message = start_fast_eval()
        self.deps().audit.append("eval_started", "-", {"subset": "fast"}, actor=actor)
        return message
