"""Queue view: applications with status, grade and recommendation; filter; pick one to open."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from underwrite.ui.context import UIContext, shown_errors
from underwrite.ui.models import QueueEntry
from underwrite.ui.service import ALL_STATUSES

STATUSES = [
    (ALL_STATUSES, ALL_STATUSES),
    *(
        (s, s)
        for s in ("queued", "running", "retry_wait", "interrupted", "awaiting_review", "decided", "failed")
    ),
]
QUEUE_COLUMNS = ["application_id", "status", "product", "grade", "pd", "recommendation", "decision"]


def queue_frame(entries: list[QueueEntry]) -> pd.DataFrame:
    rows = [
        {
            "application_id": e.application_id,
            "status": e.status,
            "product": e.product or "",
            "grade": e.grade or "",
            "pd": "" if e.pd is None else f"{e.pd:.1%}",
            "recommendation": e.recommendation.value if e.recommendation else "",
            "decision": e.decision.value if e.decision else "",
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=QUEUE_COLUMNS)


class QueuePanel:
    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx
        with gr.Row():
            self.status = gr.Dropdown(
                STATUSES, value=ALL_STATUSES, label="Status", scale=1, elem_id="queue-status"
            )
            self.text = gr.Textbox(label="Application id contains", scale=2, elem_id="queue-filter")
            self.refresh = gr.Button("Refresh", scale=0, elem_id="queue-refresh")
        self.table = gr.Dataframe(
            value=queue_frame([]),
            interactive=False,
            label="Applications (click a row to select it)",
            elem_id="queue-table",
        )
        with gr.Row():
            self.selected = gr.Textbox(label="Selected application", scale=3, elem_id="queue-selected")
            self.open = gr.Button("Open application", variant="primary", scale=1, elem_id="queue-open")

        self.refresh.click(self.load, [self.status, self.text], self.table)
        self.status.change(self.load, [self.status, self.text], self.table)
        self.text.submit(self.load, [self.status, self.text], self.table)
        self.table.select(self.pick, None, self.selected)

    def load(self, status: str, text: str, request: gr.Request) -> pd.DataFrame:
        with shown_errors():
            user = self.ctx.user(request)
            return queue_frame(self.ctx.workbench.list_queue(user, status or None, text or ""))

    @staticmethod
    def pick(evt: gr.SelectData) -> str:
        row = evt.row_value or []
        return str(row[0]) if row else ""
