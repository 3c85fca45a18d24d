"""Evidence: policy findings with their section citations (click one to read the section), and
precedent cases with similarity and outcome."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.ui.context import UIContext, shown_errors
from underwrite.ui.models import ApplicationView, PolicyFinding, PrecedentView

FINDING_COLUMNS = [
    "section",
    "rule",
    "subject",
    "value",
    "operator",
    "limit",
    "severity",
    "status",
    "message",
]
PRECEDENT_COLUMNS = ["case", "similarity", "decision", "outcome", "summary"]


def _cell(value: object) -> str:
    if value is None:
        return ""
    return f"{value:,.3f}" if isinstance(value, float) else str(value)


def findings_frame(findings: list[PolicyFinding]) -> pd.DataFrame:
    rows = [
        {
            "section": f.finding.section_id,
            "rule": f.finding.rule_id,
            "subject": f.finding.subject,
            "value": _cell(f.finding.value),
            "operator": f.finding.operator,
            "limit": _cell(f.finding.limit),
            "severity": f.finding.severity.value,
            "status": f.finding.status.value,
            "message": f.finding.message,
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def precedents_frame(precedents: list[PrecedentView]) -> pd.DataFrame:
    rows = [
        {
            "case": p.case_id,
            "similarity": f"{p.similarity:.2f}",
            "decision": p.decision or "",
            "outcome": p.outcome or "",
            "summary": p.summary,
        }
        for p in precedents
    ]
    return pd.DataFrame(rows, columns=PRECEDENT_COLUMNS)


class EvidencePanel:
    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx
        self.findings = gr.Dataframe(
            value=findings_frame([]),
            interactive=False,
            label="Policy findings (click a row to read the cited section)",
            elem_id="findings-table",
        )
        self.section = gr.Markdown("", elem_id="policy-section")
        self.precedents = gr.Dataframe(
            value=precedents_frame([]),
            interactive=False,
            label="Similar past cases",
            elem_id="precedents-table",
        )
        self.outputs: list[Any] = [self.findings, self.section, self.precedents]
        self.findings.select(self.show_section, None, self.section)

    def render(self, view: ApplicationView | None) -> list[Any]:
        if view is None:
            return [findings_frame([]), "", precedents_frame([])]
        return [findings_frame(view.findings), "", precedents_frame(view.precedents)]

    def show_section(self, evt: gr.SelectData, request: gr.Request) -> str:
        if not evt.row_value:
            return ""
        with shown_errors():
            section = self.ctx.workbench.policy_section(self.ctx.user(request), str(evt.row_value[0]))
        return f"#### {section.section_id} — {section.title}\n\n{section.text}"
