"""Application view: documents (page text, the selected fact's span highlighted), facts with source
and method, ratios, consistency and anomaly flags."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.agent.workflow import ratio_checks
from underwrite.core.schemas import Application, Document, Fact
from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.facts import decision_facts, fact_label, protected_count, source_text, value_text
from underwrite.ui.models import ApplicationView, FactView
from underwrite.ui.panels.limits import ratios_html, timeline_markdown

FACT_COLUMNS = ["#", "fact", "value", "source", "method"]
FACT_WIDTHS: list[str | int] = ["5%", "20%", "24%", "42%", "9%"]
PROTECTED_COLUMNS = ["fact", "value", "source", "method"]


def facts_frame(app: Application) -> pd.DataFrame:
    """The decision's facts (prohibited-basis facts left out), request and affordability first."""
    rows = [
        {
            "#": i,
            "fact": fact_label(fact.name),
            "value": value_text(fact),
            "source": source_text(app, fact),
            "method": fact.method.value,
        }
        for i, fact in decision_facts(app)
    ]
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def protected_frame(facts: list[FactView]) -> pd.DataFrame:
    rows = [{"fact": f.label, "value": f.value, "source": f.source, "method": f.method} for f in facts]
    return pd.DataFrame(rows, columns=PROTECTED_COLUMNS)


def page_segments(doc: Document, page: int, fact: Fact | None = None) -> list[tuple[str, str | None]]:
    """The page text as HighlightedText segments, the fact's [start, end) span labelled by its name."""
    match = next((p for p in doc.pages if p.number == page), None)
    if match is None:
        return [(f"(page {page} not in {doc.filename})", None)]
    text = match.text
    src = fact.source if fact else None
    if fact is None or src is None or src.doc_id != doc.doc_id or src.page != page:
        return [(text, None)]
    start, end = max(0, src.start), min(len(text), src.end)
    if start >= end:
        return [(text, None)]
    return [(text[:start], None), (text[start:end], fact_label(fact.name)), (text[end:], None)]


def header_markdown(view: ApplicationView) -> str:
    app = view.application
    req = app.request
    amount = f"EUR {req.amount:,.0f}" if req.amount is not None else "amount ?"
    term = f"{req.term_months} months" if req.term_months else "? months"
    return (
        f"### {app.application_id} — {view.status}\n"
        f"{app.applicant.name or 'Applicant'} · {req.product.replace('_', ' ')} · {amount} over {term} · "
        f"{len(app.documents)} documents · {len(app.facts)} facts"
    )


def flags_markdown(flags: list[str]) -> str:
    if not flags:
        return "**Consistency and anomaly flags:** none raised."
    return "**Consistency and anomaly flags:**\n" + "\n".join(f"- {f}" for f in flags)


class ApplicationPanel:
    def __init__(self, ctx: UIContext, state: gr.State) -> None:
        self.ctx = ctx
        self.header = gr.Markdown("Open an application from the queue.", elem_id="app-header")
        self.run = gr.Button("Run workflow", elem_id="app-run")
        self.progress = gr.Markdown("", elem_id="app-progress")
        with gr.Row():
            with gr.Column(scale=3):
                self.facts = gr.Dataframe(
                    value=pd.DataFrame(columns=FACT_COLUMNS),
                    interactive=False,
                    wrap=True,
                    column_widths=FACT_WIDTHS,
                    label="Facts (click one to see its source)",
                    elem_id="facts-table",
                )
                with gr.Accordion(
                    "Prohibited-basis facts (fair-lending monitoring only; not used in the decision)",
                    open=False,
                    elem_id="protected-box",
                ) as self.protected_box:
                    self.protected_note = gr.Markdown("", elem_id="protected-note")
                    self.reveal = gr.Button(
                        "Reveal (recorded in the audit trail)", size="sm", elem_id="protected-reveal"
                    )
                    self.protected = gr.Dataframe(
                        value=pd.DataFrame(columns=PROTECTED_COLUMNS),
                        interactive=False,
                        wrap=True,
                        visible=False,
                        elem_id="protected-table",
                    )
                gr.Markdown("**Ratios against the policy limits**")
                self.ratios = gr.HTML(ratios_html([]), elem_id="ratios-table")
                self.flags = gr.Markdown("", elem_id="app-flags")
            with gr.Column(scale=2):
                self.document = gr.Dropdown([], label="Document", elem_id="doc-select")
                self.page = gr.Number(value=1, minimum=1, precision=0, label="Page", elem_id="doc-page")
                self.page_text = gr.HighlightedText(
                    value=[], label="Page text", combine_adjacent=True, elem_id="doc-text"
                )
        self.timeline = gr.Markdown("", elem_id="app-timeline")
        self.outputs: list[Any] = [self.header, self.progress, self.facts, self.ratios, self.flags]
        self.outputs += [self.document, self.page, self.page_text, self.protected_note, self.protected]
        self.outputs += [self.timeline, self.protected_box]

        self.facts.select(self.show_fact, [state], [self.document, self.page, self.page_text])
        self.document.input(self.show_page, [state, self.document, self.page], self.page_text)
        self.page.input(self.show_page, [state, self.document, self.page], self.page_text)
        self.reveal.click(self.reveal_protected, [state], [self.protected])

    def render(self, view: ApplicationView | None) -> list[Any]:
        if view is None:
            empty = gr.update(value=pd.DataFrame(columns=PROTECTED_COLUMNS), visible=False)
            return ["Open an application from the queue.", "", None, ratios_html([]), "",
                    gr.update(choices=[], value=None), 1, [], "", empty, "",
                    gr.Accordion(open=False)]  # fmt: skip
        app = view.application
        choices = [(d.filename, d.doc_id) for d in app.documents]
        first = app.documents[0] if app.documents else None
        findings = [f.finding for f in view.findings]
        hidden = protected_count(app)
        return [
            header_markdown(view),
            "",  # a run shown for another application is not this one's
            facts_frame(app),
            ratios_html(ratio_checks(view.ratios, findings)),
            flags_markdown(view.flags),
            gr.update(choices=choices, value=first.doc_id if first else None),
            1,
            page_segments(first, 1) if first else [],
            f"{hidden} prohibited-basis fact(s) on file, hidden from the decision view."
            if hidden
            else "No prohibited-basis facts on file.",
            gr.update(value=pd.DataFrame(columns=PROTECTED_COLUMNS), visible=False),
            timeline_markdown(view.timeline),
            gr.Accordion(open=False),  # each application opens with them collapsed again
        ]

    def reveal_protected(self, session: SessionState, request: gr.Request) -> Any:
        with shown_errors():
            user = self.ctx.user(request)
            facts = self.ctx.workbench.reveal_protected(user, session.require_application())
        return gr.update(value=protected_frame(facts), visible=True)

    @staticmethod
    def show_fact(session: SessionState, evt: gr.SelectData) -> tuple[Any, Any, Any]:
        if session.view is None or not evt.row_value:
            return gr.skip(), gr.skip(), gr.skip()
        app = session.view.application
        fact = app.facts[int(evt.row_value[0])]
        if fact.source is None:
            gr.Info(f"{fact_label(fact.name)} is computed from other facts; it has no source span.")
            return gr.skip(), gr.skip(), gr.skip()
        doc = next((d for d in app.documents if d.doc_id == fact.source.doc_id), None)
        if doc is None:
            raise gr.Error(
                f"the source document {fact.source.doc_id} of {fact_label(fact.name)} is not in this packet."
            )
        page = fact.source.page
        return gr.update(value=doc.doc_id), gr.update(value=page), page_segments(doc, page, fact)

    @staticmethod
    def show_page(session: SessionState, doc_id: str | None, page: float | None) -> Any:
        if session.view is None or not doc_id:
            return []
        doc = next((d for d in session.view.application.documents if d.doc_id == doc_id), None)
        if doc is None:
            return []
        return page_segments(doc, int(page or 1))
