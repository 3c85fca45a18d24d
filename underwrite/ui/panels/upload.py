"""Upload a new packet (several files) and run the workflow on it, showing each step as it runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from underwrite.ui.context import UIContext, shown_errors
from underwrite.ui.models import StepStatus, WorkflowEvent
from underwrite.ui.service import UPLOAD_SUFFIXES

_LABEL = {StepStatus.running: "running…", StepStatus.done: "done", StepStatus.failed: "**FAILED**"}


def progress_markdown(events: Iterable[WorkflowEvent], title: str = "Workflow") -> str:
    """One line per step, showing its latest status: the running step is visibly in progress."""
    latest: dict[str, WorkflowEvent] = {}
    for event in events:
        latest[event.step] = event
    lines = [f"**{title}**"]
    for event in latest.values():
        detail = f" — {event.detail}" if event.detail else ""
        lines.append(f"- `{event.step}`: {_LABEL[event.status]}{detail}")
    return "\n".join(lines)


def run_with_progress(events: Iterator[WorkflowEvent], title: str) -> Iterator[str]:
    seen: list[WorkflowEvent] = []
    for event in events:
        if event.text:  # the model's words; the memo panel shows them, progress shows steps only
            continue
        seen.append(event)
        yield progress_markdown(seen, title)
        if event.status is StepStatus.failed:
            raise gr.Error(f"step {event.step} failed: {event.detail}")


class UploadPanel:
    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx
        self.files = gr.File(
            file_count="multiple",
            file_types=sorted(UPLOAD_SUFFIXES),
            type="filepath",
            label="New application packet: all of its documents",
            elem_id="upload-files",
        )
        self.submit = gr.Button("Upload and run workflow", variant="primary", elem_id="upload-run")
        self.progress = gr.Markdown("", elem_id="upload-progress")
        self.application_id = gr.State("")
        self.underwriter_only = [self.files, self.submit]
        self.finished = self.submit.click(
            self.upload_and_run, [self.files], [self.progress, self.application_id]
        )
        # Once its files are a packet the box is emptied: left filled, the next applicant's files
        # were added to them and two people's documents became one packet.
        self.finished.success(lambda: None, None, self.files)

    def upload_and_run(self, files: list[str] | None, request: gr.Request) -> Iterator[tuple[Any, Any]]:
        with shown_errors():
            user = self.ctx.user(request)
            application_id = self.ctx.workbench.submit_packet(user, [Path(f) for f in files or []])
            yield f"Uploaded as **{application_id}**; starting the workflow…", application_id
            title = f"Workflow for {application_id}"
            for text in run_with_progress(self.ctx.workbench.run_workflow(user, application_id), title):
                yield text, gr.skip()
