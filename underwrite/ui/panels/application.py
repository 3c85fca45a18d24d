"""Application view: documents (page text, the selected fact's span highlighted), facts with source
and method, ratios, consistency and anomaly flags."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Application, Document, Fact
from underwrite.ui.context import SessionState
from underwrite.ui.models import ApplicationView

FACT_COLUMNS = ["#", "fact", "value", "method", "document", "page", "quote"]
RATIO_COLUMNS = ["ratio", "value"]


def _doc_name(app: Application, doc_id: str) -> str:
    return next((d.filename for d in app.documents if d.doc_id == doc_id), doc_id)


def facts_frame(app: Application) -> pd.DataFrame:
    rows = []
    for i, fact in enumerate(app.facts):
        src = fact.source
        rows.append(
            {
                "#": i,
                "fact": FIELDS[fact.name].label if fact.name in FIELDS else fact.name,
                "value": "" if fact.value is None else str(fact.value),
                "method": fact.method.value,
                "document": _doc_name(app, src.doc_id) if src else "(computed)",
                "page": src.page if src else "",
                "quote": src.quote if src else "",
            }
        )
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def ratios_frame(ratios: dict[str, float | None]) -> pd.DataFrame:
    rows = [{"ratio": k, "value": "n/a" if v is None else f"{v:,.3f}"} for k, v in ratios.items()]
    return pd.DataFrame(rows, columns=RATIO_COLUMNS)


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
    return [(text[:start], None), (text[start:end], fact.name), (text[end:], None)]


def header_markdown(view: ApplicationView) -> str:
    app = view.application
    req = app.request
    amount = f"{req.amount:,.0f}" if req.amount is not None else "?"
    term = f"{req.term_months} months" if req.term_months else "? months"
    return (
        f"### {app.application_id} — {view.status}\n"
        f"{app.applicant.name or 'Applicant'} · {req.product} · {amount} over {term} · "
        f"{len(app.documents)} documents · {len(app.facts)} facts"
    )


def flags_markdown(flags: list[str]) -> str:
    if not flags:
        return "**Consistency and anomaly flags:** none raised."
    return "**Consistency and anomaly flags:**\n" + "\n".join(f"- {f}" for f in flags)


class ApplicationPanel:
    def __init__(self, state: gr.State) -> None:
        self.header = gr.Markdown("Open an application from the queue.", elem_id="app-header")
        self.run = gr.Button("Run workflow", elem_id="app-run")
        self.progress = gr.Markdown("", elem_id="app-progress")
        with gr.Row():
            with gr.Column(scale=3):
                self.facts = gr.Dataframe(
                    value=pd.DataFrame(columns=FACT_COLUMNS),
                    interactive=False,
                    label="Facts (click one to see its source)",
                    elem_id="facts-table",
                )
                self.ratios = gr.Dataframe(
                    value=pd.DataFrame(columns=RATIO_COLUMNS),
                    interactive=False,
                    label="Ratios",
                    elem_id="ratios-table",
                )
                self.flags = gr.Markdown("", elem_id="app-flags")
            with gr.Column(scale=2):
                self.document = gr.Dropdown([], label="Document", elem_id="doc-select")
                self.page = gr.Number(value=1, minimum=1, precision=0, label="Page", elem_id="doc-page")
                self.page_text = gr.HighlightedText(
                    value=[], label="Page text", combine_adjacent=True, elem_id="doc-text"
                )
        self.outputs: list[Any] = [self.header, self.facts, self.ratios, self.flags, self.document, self.page]
        self.outputs.append(self.page_text)

        self.facts.select(self.show_fact, [state], [self.document, self.page, self.page_text])
        self.document.input(self.show_page, [state, self.document, self.page], self.page_text)
        self.page.input(self.show_page, [state, self.document, self.page], self.page_text)

    def render(self, view: ApplicationView | None) -> list[Any]:
        if view is None:
            return ["Open an application from the queue.", None, None, "", gr.update(choices=[]), 1, []]
        app = view.application
        choices = [(d.filename, d.doc_id) for d in app.documents]
        first = app.documents[0] if app.documents else None
        return [
            header_markdown(view),
            facts_frame(app),
            ratios_frame(view.ratios),
            flags_markdown(view.flags),
            gr.update(choices=choices, value=first.doc_id if first else None),
            1,
            page_segments(first, 1) if first else [],
        ]

    @staticmethod
    def show_fact(session: SessionState, evt: gr.SelectData) -> tuple[Any, int, Any]:
        if session.view is None or not evt.row_value:
            return gr.skip(), gr.skip(), gr.skip()
        app = session.view.application
        fact = app.facts[int(evt.row_value[0])]
        if fact.source is None:
            gr.Info(f"{fact.name} is computed; it has no source span.")
            return gr.skip(), gr.skip(), gr.skip()
        doc = next((d for d in app.documents if d.doc_id == fact.source.doc_id), None)
        if doc is None:
            raise gr.Error(f"the source document {fact.source.doc_id} of {fact.name} is not in this packet.")
        return doc.doc_id, fact.source.page, page_segments(doc, fact.source.page, fact)

    @staticmethod
    def show_page(session: SessionState, doc_id: str | None, page: float | None) -> Any:
        if session.view is None or not doc_id:
            return []
        doc = next((d for d in session.view.application.documents if d.doc_id == doc_id), None)
        if doc is None:
            return []
        return page_segments(doc, int(page or 1))
