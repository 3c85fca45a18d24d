"""Memo: the draft streamed while it is written, its verification status and flags, editable,
exported as DOCX or PDF."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.models import ApplicationView, MemoView


def verification_markdown(memo: MemoView | None) -> str:
    if memo is None:
        return "No memo yet. **Generate memo** drafts one from this application's state."
    status = "verified" if memo.verified else "**NOT VERIFIED** — do not rely on the narrative"
    source = {
        "llm": "written by the model, verified first time",
        "repaired": "written by the model, verified after one repair",
        "fallback": "model text failed verification; deterministic narrative used",
        "mixed": "the model's claims that passed the checks, the rest written by code (see each statement)",
        "deterministic": "written by code from the file (no model narrative for this backend)",
    }.get(memo.narrative_source, memo.narrative_source)
    if any(f.code == "llm_unavailable" for f in memo.flags):
        source = "the model could not be reached; deterministic narrative written by code"
    lines = [f"**Verification:** {status} ({source}) · **Recommendation:** {memo.recommendation.value}"]
    if memo.edited_by:
        lines.append(f"Edited by {memo.edited_by}.")
    lines += [f"- Flag **{f.code}** ({f.severity}): {f.message}" for f in memo.flags]
    return "\n".join(lines)


ORIGIN_WORDS = {
    "llm": "model (verified)",
    "repaired": "model, after one repair (verified)",
    "deterministic": "code (deterministic, from the file)",
}


_PART_WORDS = {
    "strengths": "Strength",
    "conditions": "Condition",
    "risks_and_mitigants": "Risk",
}
_LOCATION = re.compile(r"(?P<part>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<field>risk|mitigant))?")


def location_words(location: str) -> str:
    """A statement's place in the memo as a reader names it ('Risk 2, mitigant'), not the field path."""
    match = _LOCATION.fullmatch(location)
    if match is None:
        return location.replace("_", " ").capitalize()
    part = _PART_WORDS.get(match["part"], match["part"].replace("_", " ").capitalize())
    field = f", {match['field']}" if match["field"] == "mitigant" else ""
    return f"{part} {int(match['index']) + 1}{field}"


def claims_markdown(memo: MemoView | None) -> str:
    """Who wrote each statement of the memo: the model or code."""
    if memo is None or not memo.claims:
        return ""
    lines = ["**Who wrote each statement**", "", "| statement | written by | text |", "|---|---|---|"]
    for claim in memo.claims:
        text = " ".join(claim.text.split()).replace("|", "\\|")
        text = text if len(text) <= 110 else text[:109] + "…"
        origin = ORIGIN_WORDS.get(claim.origin, claim.origin)
        lines.append(f"| {location_words(claim.location)} | {origin} | {text} |")
    return "\n".join(lines)


DRAFT_REFRESH_S = 0.2
"""Shortest interval between two screen updates of the draft being written."""


def with_draft(progress: str, draft: str) -> str:
    if not draft:
        return progress
    return f"{progress}\n---\nDraft being written by the model (NOT YET VERIFIED):\n\n{draft}\n"


class MemoPanel:
    def __init__(self, ctx: UIContext, state: gr.State) -> None:
        self.ctx = ctx
        with gr.Row():
            self.generate = gr.Button("Generate memo", variant="primary", elem_id="memo-generate")
            self.save = gr.Button("Save edits", elem_id="memo-save")
            self.export_docx = gr.Button("Export DOCX", elem_id="memo-export-docx")
            self.export_pdf = gr.Button("Export PDF", elem_id="memo-export-pdf")
        self.status = gr.Markdown(verification_markdown(None), elem_id="memo-status")
        self.text = gr.Textbox(
            label="Memo (Markdown, editable)", lines=22, max_lines=60, interactive=True, elem_id="memo-text"
        )
        self.file = gr.File(label="Download", interactive=False, elem_id="memo-file")
        self.claims = gr.Markdown("", elem_id="memo-claims")
        self.outputs: list[Any] = [self.status, self.text, self.file, self.claims]
        self.underwriter_only = [self.generate, self.save]

        self.generated = self.generate.click(
            self.stream, [state], [state, self.text, self.status, self.claims]
        )
        self.save.click(self.save_edits, [state, self.text], [state, self.status])
        self.export_docx.click(self.export_as("docx"), [state], self.file)
        self.export_pdf.click(self.export_as("pdf"), [state], self.file)

    def render(self, view: ApplicationView | None) -> list[Any]:
        memo = view.memo if view else None
        return [verification_markdown(memo), memo.markdown if memo else "", None, claims_markdown(memo)]

    def stream(self, session: SessionState, request: gr.Request) -> Iterator[tuple[Any, Any, Any, Any]]:
        with shown_errors():
            user = self.ctx.user(request)
            application_id = session.require_application()
            yield gr.skip(), "", "Writing the memo…", ""
            try:
                for update in self._stream(session, user, application_id):
                    yield (*update, claims_markdown(session.view.memo if session.view else None))
            except Exception as exc:  # the status line must not go on saying "Writing the memo…"
                yield gr.skip(), gr.skip(), f"The memo could not be written: {html.escape(str(exc))}", ""
                raise

    def _stream(
        self, session: SessionState, user: Any, application_id: str
    ) -> Iterator[tuple[Any, Any, Any]]:
        written, draft, shown_at = "", "", 0.0
        for chunk in self.ctx.workbench.stream_memo(user, application_id):
            if chunk.memo is not None:
                if session.view is not None:
                    session.view = session.view.model_copy(update={"memo": chunk.memo})
                yield session, chunk.memo.markdown, verification_markdown(chunk.memo)
                return
            written += chunk.text
            if chunk.draft is not None:
                draft = chunk.draft
                if time.monotonic() - shown_at < DRAFT_REFRESH_S:
                    continue  # tokens come faster than a screen needs; the next one shows them
            shown_at = time.monotonic()
            yield gr.skip(), with_draft(written, draft), "Writing the memo…"
        raise gr.Error("The memo stream ended without a finished memo; nothing was saved.")

    def save_edits(self, session: SessionState, markdown: str, request: gr.Request) -> tuple[Any, str]:
        with shown_errors():
            user = self.ctx.user(request)
            memo = self.ctx.workbench.save_memo_edits(user, session.require_application(), markdown)
        if session.view is not None:
            session.view = session.view.model_copy(update={"memo": memo})
        gr.Info("Memo edits saved.")
        return session, verification_markdown(memo)

    def export_as(self, fmt: str) -> Any:
        def export(session: SessionState, request: gr.Request) -> str:
            with shown_errors():
                user = self.ctx.user(request)
                path = self.ctx.workbench.export_memo(
                    user, session.require_application(), "docx" if fmt == "docx" else "pdf"
                )
            return str(path)

        return export
