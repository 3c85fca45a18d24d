"""What the compliance view reads: an application's audit trail (chain verified) and the latest
``underwrite eval`` run under UW_HOME/outputs/evals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from underwrite.core.settings import get_settings
from underwrite.evals.harness.log import LOG_NAME, LogSchemaError, read_log
from underwrite.evals.harness.report import REPORT_NAME
from underwrite.evals.harness.types import utcnow
from underwrite.records.audit import AuditLog
from underwrite.ui.models import AuditEntryView, AuditTrailView, EvalReportView, TimelineEntry
from underwrite.ui.service import InvalidRequest, ServiceError


def audit_trail_view(application_id: str) -> AuditTrailView:
    log = AuditLog()
    entries = log.records(application_id)
    check = log.verify_chain()
    return AuditTrailView(
        application_id=application_id,
        entries=[
            AuditEntryView(
                seq=e.seq,
                kind=e.kind,
                actor=e.actor,
                created_at=e.created_at,
                summary=_audit_summary(e.kind, e.payload),
                hash=e.hash,
                payload=e.payload,
            )
            for e in entries
        ],
        chain_ok=check.ok,
        chain_problem=check.problem,
    )


TIMELINE_KINDS = {
    "workflow_run": "run",
    "memo_drafted": "draft",
    "memo_edited": "edit",
    "chat_turn": "chat",
    "decision": "decision",
    "decision_refused": "decision refused",
    "protected_facts_revealed": "reveal",
}
"""Audit record kinds an underwriter's timeline shows, by the word it uses for them."""


def timeline_of(application_id: str) -> list[TimelineEntry]:
    """The application's runs, drafts, edits, chat turns and decision, oldest first, from the audit
    trail (the one record of who did what when)."""
    return [
        TimelineEntry(
            at=e.created_at,
            kind=TIMELINE_KINDS[e.kind],
            actor=e.actor,
            summary=_audit_summary(e.kind, e.payload),
        )
        for e in AuditLog().records(application_id)
        if e.kind in TIMELINE_KINDS
    ]


def _eval_logs() -> list[Path]:
    root = get_settings().outputs_dir / "evals"
    return sorted(root.glob(f"*/{LOG_NAME}"), key=lambda p: p.stat().st_mtime) if root.is_dir() else []


def _report_view(path: Path) -> EvalReportView:
    try:
        log = read_log(path)
    except (LogSchemaError, ValueError) as exc:
        raise ServiceError(f"the eval log {path} cannot be read: {exc}") from exc
    report = path.parent / REPORT_NAME
    lines = ["| suite | status | failed bars |", "|---|---|---|"]
    for suite in log.suites:
        missed = ", ".join(b.metric for b in suite.failed_bars) or "—"
        lines.append(f"| {suite.name} | {suite.status.value} | {missed} |")
    return EvalReportView(
        path=str(report if report.is_file() else path),
        created_at=log.finished_at or log.started_at,
        passed=log.gate_ok,
        summary_markdown="\n".join(lines),
    )


def latest_eval_report_view() -> EvalReportView | None:
    logs = _eval_logs()
    return _report_view(logs[-1]) if logs else None


def eval_report_views() -> list[EvalReportView]:
    """Every past eval run under UW_HOME/outputs/evals, newest first (unreadable logs skipped)."""
    views = []
    for path in reversed(_eval_logs()):
        try:
            views.append(_report_view(path))
        except ServiceError:
            continue
    return views


_running: list[subprocess.Popen[bytes]] = []


def start_fast_eval() -> str:
    """Start ``underwrite eval --fast`` in its own process (it owns the machine for minutes); its
    console output goes to a file beside the reports. One at a time."""
    if any(p.poll() is None for p in _running):
        raise InvalidRequest("an eval run started here is still running; wait for its report.")
    out_dir = get_settings().outputs_dir / "evals" / utcnow().strftime("%Y%m%dT%H%M%SZ")
    out_dir.mkdir(parents=True, exist_ok=True)
    console = out_dir / "console.log"
    with console.open("wb") as sink:
        command = [sys.executable, "-m", "underwrite.cli.main", "eval", "--fast", "--out", str(out_dir)]
        _running.append(subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT))
    return f"Fast eval started (process {_running[-1].pid}); its report will appear in {out_dir}."


def stop_evals() -> None:
    """Stop the eval runs this process started (tests, shutdown)."""
    for proc in _running:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def _audit_summary(kind: str, payload: dict[str, Any]) -> str:
    if kind == "decision":
        departs = " (departs from recommendation)" if payload.get("departs_from_recommendation") else ""
        return (
            f"{payload.get('decision')} by {payload.get('reviewer')}{departs}: {payload.get('reason') or ''}"
        )
    if kind == "memo_drafted":
        return f"memo drafted; recommends {payload.get('recommendation')}"
    if kind == "memo_edited":
        return f"memo text edited ({payload.get('chars')} chars, sha256 {str(payload.get('sha256'))[:12]})"
    if kind == "workflow_run":
        return f"workflow run from {payload.get('first_step')}: {payload.get('outcome')}"
    if kind == "chat_turn":
        return f"asked: {str(payload.get('question') or '')[:120]}"
    if kind == "decision_refused":
        return f"decision {payload.get('decision')} refused: {str(payload.get('reason') or '')[:120]}"
    if kind == "protected_facts_revealed":
        return f"prohibited-basis facts revealed ({payload.get('count')})"
    keys = ", ".join(sorted(payload)[:6])
    return f"{kind} ({keys})"
