"""What the compliance view reads: an application's audit trail (chain verified) and the latest
``underwrite eval`` run under UW_HOME/outputs/evals."""

from __future__ import annotations

from typing import Any

from underwrite.core.settings import get_settings
from underwrite.ui.models import AuditEntryView, AuditTrailView, EvalReportView
from underwrite.ui.service import ServiceError


def audit_trail_view(application_id: str) -> AuditTrailView:
    from underwrite.records.audit import AuditLog

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


def latest_eval_report_view() -> EvalReportView | None:
    from underwrite.evals.harness.log import LOG_NAME, LogSchemaError, read_log
    from underwrite.evals.harness.report import REPORT_NAME

    root = get_settings().outputs_dir / "evals"
    logs = sorted(root.glob(f"*/{LOG_NAME}"), key=lambda p: p.stat().st_mtime) if root.is_dir() else []
    if not logs:
        return None
    latest = logs[-1]
    try:
        log = read_log(latest)
    except (LogSchemaError, ValueError) as exc:
        raise ServiceError(f"the latest eval log {latest} cannot be read: {exc}") from exc
    report = latest.parent / REPORT_NAME
    lines = ["| suite | status | failed bars |", "|---|---|---|"]
    for suite in log.suites:
        missed = ", ".join(b.metric for b in suite.failed_bars) or "—"
        lines.append(f"| {suite.name} | {suite.status.value} | {missed} |")
    return EvalReportView(
        path=str(report if report.is_file() else latest),
        created_at=log.finished_at or log.started_at,
        passed=log.gate_ok,
        summary_markdown="\n".join(lines),
    )


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
    keys = ", ".join(sorted(payload)[:6])
    return f"{kind} ({keys})"
