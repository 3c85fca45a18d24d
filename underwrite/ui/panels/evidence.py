"""Evidence: policy findings with their section citations (click one to read the section), and
precedent cases with similarity and outcome."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.core.schemas import FindingStatus, RuleFinding
from underwrite.tools.exports.findings import finding_test_text
from underwrite.ui.context import UIContext, shown_errors
from underwrite.ui.models import ApplicationView, PolicyFinding, PrecedentView

FINDING_COLUMNS = ["section", "rule", "test", "severity", "outcome", "requirement"]
FINDING_WIDTHS: list[str | int] = ["9%", "17%", "22%", "9%", "13%", "30%"]
PRECEDENT_COLUMNS = ["case", "amount", "similarity", "match", "decision", "outcome", "summary"]
OUTCOME_WORDS = {"pass": "✔ met", "fail": "✖ not met", "cannot_evaluate": "? cannot evaluate"}


def requirement_text(finding: RuleFinding) -> str:
    """The rule's outcome in words: a passing rule never shows its failure text."""
    if finding.status is FindingStatus.passed:
        # Rule messages are written for the case that fails ("More than two delinquencies…"), so a
        # passing rule shows no message: the test column says what holds.
        return "Requirement met"
    if finding.status is FindingStatus.failed:
        return f"Not met: {finding.message}"
    return f"Cannot evaluate: {finding.message}"


def findings_frame(findings: list[PolicyFinding]) -> pd.DataFrame:
    rows = [
        {
            "section": f.finding.section_id,
            "rule": f.finding.rule_id,
            # labels and units, as the exported memo reads ("Delinquencies (2y): 2 <= 2", not
            # "delinquencies_2y 2.00 <= 2.00")
            "test": finding_test_text(
                f.finding.subject, f.finding.value, f.finding.operator, f.finding.limit
            ),
            "severity": f.finding.severity.value,
            "outcome": OUTCOME_WORDS.get(f.finding.status.value, f.finding.status.value),
            "requirement": requirement_text(f.finding),
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def precedents_frame(precedents: list[PrecedentView]) -> pd.DataFrame:
    rows = [
        {
            "case": p.case_id,
            "amount": p.amount,
            "similarity": f"{p.similarity:.2f}",
            "match": f"{p.comparability:.2f}" if p.comparability is not None else "",
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
            wrap=True,
            column_widths=FINDING_WIDTHS,
            label="Policy findings (click a row to read the cited section)",
            elem_id="findings-table",
        )
        self.section = gr.Markdown("", elem_id="policy-section")
        self.precedents = gr.Dataframe(
            value=precedents_frame([]),
            interactive=False,
            wrap=True,
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
