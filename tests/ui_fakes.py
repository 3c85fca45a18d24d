"""A scripted in-memory backend for workbench tests. Test-only: the product path never uses it.

It behaves like a small database shared by every session (queue, memos, decisions, audit), so tests
can check that per-session work in progress stays per session while saved results are shared.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from application_fakes import fake_score, make_application

from underwrite.agent.steps import LINEAR_STEPS
from underwrite.agent.workflow import ChatPiece, decision_what_if
from underwrite.core.schemas import (
    Application,
    Decision,
    FindingStatus,
    Recommendation,
    RuleFinding,
    Score,
    Severity,
)
from underwrite.llm import LLMClient
from underwrite.tools.scoring.whatif import WhatIf
from underwrite.ui.facts import protected_facts
from underwrite.ui.models import (
    ApplicationView,
    AuditEntryView,
    AuditTrailView,
    ChatTurn,
    DecisionRecord,
    EvalReportView,
    FactView,
    MemoChunk,
    MemoFlagView,
    MemoView,
    PolicyFinding,
    PolicySectionView,
    PrecedentView,
    QueueEntry,
    StepStatus,
    WhatIfView,
    WorkflowEvent,
)
from underwrite.ui.service import ExportFormat, InvalidRequest

# The workflow's own steps up to the memo draft: the fake reports what the real run would.
STEPS = list(LINEAR_STEPS[: LINEAR_STEPS.index("draft_memo")])


class FakeBackend:
    """Implements WorkbenchBackend with canned applications and deterministic scripted text."""

    def __init__(self, delay_s: float = 0.02, llm: LLMClient | None = None) -> None:
        """``llm``: answer chat through a real client (e.g. against the fake OpenAI server)."""
        self.delay_s = delay_s
        self.llm = llm
        self._lock = threading.Lock()
        self.apps = {
            "APP-0001": make_application("APP-0001", "Anna Example", 12000, 36, 3100),
            "APP-0002": make_application("APP-0002", "Ben Sample", 30000, 24, 2200),
        }
        self.status = {"APP-0001": "awaiting_review", "APP-0002": "queued"}
        self.scored: set[str] = {"APP-0001"}
        self.memos: dict[str, MemoView] = {}
        self.decisions: dict[str, Decision] = {}
        self.audit: list[AuditEntryView] = []
        self.uploads = 0
        self.uploaded_names: list[list[str]] = []
        """The file names of each submitted packet, in order."""
        self.evals_started: list[str] = []

    # --- helpers ---------------------------------------------------------------------------------
    def _get(self, application_id: str) -> Application:
        if application_id not in self.apps:
            raise InvalidRequest(f"no application {application_id!r} in the queue.")
        return self.apps[application_id]

    def _score(self, app: Application, changes: dict[str, float] | None = None) -> Score:
        values = {n: float(app.value(n) or 0) for n in ("loan_amount", "loan_term_months")}
        values |= {n: float(app.value(n) or 0) for n in ("monthly_net_income", "monthly_debt_payments")}
        values |= changes or {}
        return fake_score(
            values["loan_amount"],
            values["loan_term_months"],
            values["monthly_net_income"],
            values["monthly_debt_payments"],
        )

    def _record(self, application_id: str, kind: str, actor: str, summary: str) -> str:
        with self._lock:
            seq = len(self.audit) + 1
            digest = hashlib.sha256(f"{seq}{kind}{application_id}{summary}".encode()).hexdigest()
            self.audit.append(
                AuditEntryView(
                    seq=seq,
                    kind=kind,
                    actor=actor,
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    summary=f"{application_id}: {summary}",
                    hash=digest,
                )
            )
        return f"audit-{seq}"

    # --- WorkbenchBackend ------------------------------------------------------------------------
    def list_queue(self) -> list[QueueEntry]:
        out = []
        for app_id, app in sorted(self.apps.items()):
            score = self._score(app) if app_id in self.scored else None
            memo = self.memos.get(app_id)
            decision = self.decisions.get(app_id)
            out.append(
                QueueEntry(
                    application_id=app_id,
                    status=self.status[app_id],
                    product=app.request.product,
                    grade=score.grade if score else None,
                    pd=score.pd if score else None,
                    recommendation=memo.recommendation if memo else None,
                    decision=decision.decision if decision else None,
                )
            )
        return out

    def open_application(self, application_id: str) -> ApplicationView:
        app = self._get(application_id)
        scored = application_id in self.scored
        income = float(app.value("monthly_net_income") or 0)
        debt = float(app.value("monthly_debt_payments") or 0)
        finding = RuleFinding(
            rule_id="max_dti",
            section_id="CP-4.2",
            subject="dti",
            operator="<=",
            limit=0.45,
            value=round(debt / income, 3) if income else None,
            severity=Severity.hard,
            status=FindingStatus.passed,
            message="Debt-to-income within the limit",
        )
        return ApplicationView(
            application=app,
            status=self.status[application_id],
            ratios={"dti": round(debt / income, 4) if income else None},
            flags=["Stated income differs from bank deposits by 12%"] if application_id == "APP-0002" else [],
            score=self._score(app) if scored else None,
            findings=[PolicyFinding(finding=finding, section_title="Debt-to-income")] if scored else [],
            precedents=[
                PrecedentView(case_id="CASE-17", similarity=0.91, decision="approve", outcome="repaid")
            ]
            if scored
            else [],
            memo=self.memos.get(application_id),
            decision=self.decisions.get(application_id),
        )

    def submit_packet(self, files: Sequence[Path], submitted_by: str) -> str:
        with self._lock:
            self.uploads += 1
            app_id = f"UPL-{self.uploads:04d}"
            self.uploaded_names.append(sorted(f.name for f in files))
        self.apps[app_id] = make_application(app_id, "Uploaded Applicant", 8000, 24, 2800)
        self.status[app_id] = "queued"
        return app_id

    def run_workflow(self, application_id: str, actor: str) -> Iterator[WorkflowEvent]:
        self._get(application_id)
        for step in STEPS:
            yield WorkflowEvent(step=step, status=StepStatus.running)
            time.sleep(self.delay_s)
            yield WorkflowEvent(step=step, status=StepStatus.done)
        self.scored.add(application_id)
        self.status[application_id] = "awaiting_review"
        self._record(application_id, "run", actor, "workflow run")

    def what_if(self, application_id: str, changes: dict[str, float]) -> WhatIfView:
        """The real whole-decision what-if (ratios, rules, recommendation) over the fake score."""
        app = self._get(application_id)

        def rescore(a: Application, c: dict[str, float | str]) -> WhatIf:
            base, changed = self._score(a), self._score(a, {k: float(v) for k, v in c.items()})
            return WhatIf(base=base, changed=changed, delta_pd=changed.pd - base.pd, changes=c)

        return decision_what_if(app, changes, rescore=rescore)

    def reveal_protected(self, application_id: str, actor: str) -> list[FactView]:
        shown = protected_facts(self._get(application_id))
        self._record(application_id, "protected_facts_revealed", actor, f"{len(shown)} revealed")
        return shown

    def eval_reports(self) -> list[EvalReportView]:
        return []

    def start_eval(self, actor: str) -> str:
        self.evals_started.append(actor)
        return "Fast eval started (scripted)."

    def policy_section(self, section_id: str) -> PolicySectionView:
        if section_id != "CP-4.2":
            raise InvalidRequest(f"no policy section {section_id}")
        return PolicySectionView(
            section_id="CP-4.2", title="Debt-to-income", text="Total DTI must not exceed 45% of net income."
        )

    def stream_memo(self, application_id: str, actor: str) -> Iterator[MemoChunk]:
        app = self._get(application_id)
        score = self._score(app)
        parts = ["# Credit memo ", application_id, "\n\n", "The applicant ", "requests ", "a loan. "]
        parts += [f"PD is {score.pd:.2%} ", "[score]."]
        for part in parts:
            time.sleep(self.delay_s)
            yield MemoChunk(text=part)
        memo = MemoView(
            application_id=application_id,
            markdown="".join(parts),
            recommendation=Recommendation.approve,
            verified=True,
            narrative_source="llm",
            flags=[MemoFlagView(code="thin_file", message="Only one document in the packet")],
            adverse_action_reasons=[f"{r.code}: {r.text}" for r in score.reasons[:2]],
        )
        self.memos[application_id] = memo
        self._record(application_id, "memo", actor, "memo drafted")
        yield MemoChunk(memo=memo)

    def chat_stream(
        self, application_id: str, history: Sequence[ChatTurn], question: str, actor: str
    ) -> Iterator[ChatPiece]:
        app = self._get(application_id)
        if self.llm is not None:
            facts = "; ".join(f"{f.name}={f.value}" for f in app.facts)
            messages = [
                {"role": "system", "content": f"Application {application_id}. Facts: {facts}"},
                *({"role": t.role, "content": t.content} for t in history),
                {"role": "user", "content": question},
            ]
            yield from (ChatPiece(text=piece) for piece in self.llm.stream(messages))
            return
        answer = (
            f"For {application_id}, net monthly income is {app.value('monthly_net_income')} "
            f"and debt payments are {app.value('monthly_debt_payments')} [fact:monthly_net_income]."
        )
        for word in answer.split(" "):
            time.sleep(self.delay_s)
            yield ChatPiece(text=word + " ")

    def save_memo_edits(self, application_id: str, markdown: str, editor: str) -> MemoView:
        memo = self.memos.get(application_id)
        if memo is None:
            raise InvalidRequest("no memo to edit yet.")
        memo = memo.model_copy(update={"markdown": markdown, "edited_by": editor})
        self.memos[application_id] = memo
        self._record(application_id, "memo_edit", editor, "memo edited")
        return memo

    def record_decision(
        self, decision: Decision, recommendation: Recommendation, adverse_action_reasons: list[str]
    ) -> DecisionRecord:
        self.decisions[decision.application_id] = decision
        self.status[decision.application_id] = "decided"
        record_id = self._record(
            decision.application_id,
            "decision",
            decision.reviewer,
            f"{decision.decision.value}: {decision.reason}",
        )
        return DecisionRecord(
            decision=decision,
            recommendation=recommendation,
            departs_from_recommendation=decision.decision != recommendation,
            adverse_action_reasons=adverse_action_reasons,
            audit_record_id=record_id,
        )

    def export_memo(self, application_id: str, fmt: ExportFormat, actor: str) -> Path:
        raise InvalidRequest("export is not scripted in the fake backend")

    def audit_trail(self, application_id: str) -> AuditTrailView:
        entries = [e for e in self.audit if e.summary.startswith(f"{application_id}:")]
        return AuditTrailView(application_id=application_id, entries=entries, chain_ok=True)

    def latest_eval_report(self) -> EvalReportView | None:
        return None
