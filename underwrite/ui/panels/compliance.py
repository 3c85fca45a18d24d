"""Compliance view (role ``compliance`` only): an application's audit trail and the latest eval report.

The tab is hidden from other roles, but hiding is cosmetic: the facade refuses these calls to
anyone without the role."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.ui.context import UIContext, shown_errors
from underwrite.ui.models import AuditTrailView, EvalReportView

AUDIT_COLUMNS = ["seq", "kind", "actor", "created_at", "summary", "hash"]


def audit_frame(trail: AuditTrailView) -> pd.DataFrame:
    rows = [
        {
            "seq": e.seq,
            "kind": e.kind,
            "actor": e.actor,
            "created_at": e.created_at,
            "summary": e.summary,
            "hash": e.hash[:16],
        }
        for e in trail.entries
    ]
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def chain_markdown(trail: AuditTrailView) -> str:
    if trail.chain_ok is None:
        return f"{len(trail.entries)} records for {trail.application_id}; chain not verified."
    if trail.chain_ok:
        return f"**Audit chain intact.** {len(trail.entries)} records for {trail.application_id}."
    return f"**AUDIT CHAIN BROKEN:** {trail.chain_problem or 'see `underwrite audit verify`'}"


def report_markdown(report: EvalReportView | None) -> str:
    if report is None:
        return "No eval report yet. **Run the fast eval** above to produce one."
    verdict = {True: "all bars met", False: "**bars missed**", None: "verdict unknown"}[report.passed]
    when = report.created_at.isoformat(timespec="seconds") if report.created_at else "unknown time"
    return f"**Latest eval report** ({when}): {verdict}\n\n{report.summary_markdown}"


class CompliancePanel:
    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx
        with gr.Row():
            self.application_id = gr.Textbox(label="Application id", scale=3, elem_id="audit-app-id")
            self.load_trail = gr.Button("Show audit trail", scale=1, elem_id="audit-load")
        self.chain = gr.Markdown("", elem_id="audit-chain")
        self.trail = gr.Dataframe(
            value=pd.DataFrame(columns=AUDIT_COLUMNS),
            interactive=False,
            label="Audit trail",
            elem_id="audit-table",
        )
        gr.Markdown("### Compliance evals")
        with gr.Row():
            self.start = gr.Button("Run the fast eval now", variant="primary", scale=1, elem_id="eval-start")
            self.load_report = gr.Button("Refresh the list of reports", scale=1, elem_id="eval-load")
        self.started = gr.Markdown("", elem_id="eval-started")
        self.reports = gr.Dropdown([], label="Past eval reports (newest first)", elem_id="eval-reports")
        self.report = gr.Markdown("", elem_id="eval-summary")
        self.report_file = gr.File(label="Eval report (HTML)", interactive=False, elem_id="eval-file")

        self.load_trail.click(self.show_trail, [self.application_id], [self.chain, self.trail])
        self.load_report.click(self.list_reports, None, [self.reports, self.report, self.report_file])
        self.reports.input(self.show_report, [self.reports], [self.report, self.report_file])
        self.start.click(self.start_eval, None, [self.started])

    def show_trail(self, application_id: str, request: gr.Request) -> tuple[str, pd.DataFrame]:
        with shown_errors():
            trail = self.ctx.workbench.audit_trail(self.ctx.user(request), (application_id or "").strip())
        return chain_markdown(trail), audit_frame(trail)

    def list_reports(self, request: gr.Request) -> tuple[Any, str, Any]:
        with shown_errors():
            reports = self.ctx.workbench.eval_reports(self.ctx.user(request))
        choices = [(_report_label(r), r.path) for r in reports]
        latest = reports[0] if reports else None
        return (
            gr.update(choices=choices, value=latest.path if latest else None),
            report_markdown(latest),
            latest.path if latest else None,
        )

    def show_report(self, path: str | None, request: gr.Request) -> tuple[str, Any]:
        with shown_errors():
            reports = self.ctx.workbench.eval_reports(self.ctx.user(request))
        report = next((r for r in reports if r.path == path), None)
        return report_markdown(report), (report.path if report else None)

    def start_eval(self, request: gr.Request) -> str:
        with shown_errors():
            return self.ctx.workbench.start_eval(self.ctx.user(request))


def _report_label(report: EvalReportView) -> str:
    when = report.created_at.isoformat(timespec="seconds") if report.created_at else "unknown time"
    verdict = {True: "bars met", False: "bars missed", None: "no verdict"}[report.passed]
    return f"{when} — {verdict}"
