"""Score panel: PD and grade, a bar chart of the model's reason contributions, live what-if."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from underwrite.core.schemas import Score
from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.models import ApplicationView

REASON_COLUMNS = ["reason", "contribution", "direction"]
# Slider-free numeric inputs: underwriters type exact amounts. (field, label, step)
WHAT_IF_INPUTS = [
    ("loan_amount", "Loan amount", 500.0),
    ("loan_term_months", "Term (months)", 6.0),
    ("monthly_net_income", "Net monthly income", 100.0),
    ("monthly_debt_payments", "Existing debt payments / month", 50.0),
]


def reasons_frame(score: Score | None) -> pd.DataFrame:
    if score is None:
        return pd.DataFrame(columns=REASON_COLUMNS)
    rows = [
        {
            "reason": f"{r.code} {r.feature}",
            "contribution": round(r.contribution, 4),
            "direction": "raises risk" if r.contribution > 0 else "lowers risk",
        }
        for r in score.reasons
    ]
    return pd.DataFrame(rows, columns=REASON_COLUMNS)


def score_markdown(score: Score | None) -> str:
    if score is None:
        return "**No score yet.** Run the workflow to score this application."
    lines = [
        f"## PD {score.pd:.2%} · grade {score.grade}",
        f"Model `{score.model_version}`",
        "",
    ]
    if score.unreliable_reason:  # said above the reasons: the PD above rests on missing inputs
        lines += [f"> **Score not reliable** (CP-13.1, the file is referred): {score.unreliable_reason}", ""]
    lines += [
        "| code | reason | contribution (log-odds) |",
        "|---|---|---|",
    ]
    lines += [f"| {r.code} | {r.text} | {r.contribution:+.3f} |" for r in score.reasons]
    return "\n".join(lines)


class ScorePanel:
    def __init__(self, ctx: UIContext, state: gr.State) -> None:
        self.ctx = ctx
        self.summary = gr.Markdown(score_markdown(None), elem_id="score-summary")
        self.chart = gr.BarPlot(
            value=reasons_frame(None),
            x="reason",
            y="contribution",
            color="direction",
            color_map={"raises risk": "#c0392b", "lowers risk": "#27ae60"},
            title="Reason contributions (positive = toward default)",
            x_label_angle=-30,
            elem_id="score-reasons",
        )
        gr.Markdown("### What if… (re-scores as you type)")
        with gr.Row():
            self.inputs = [
                gr.Number(label=label, step=step, minimum=0, elem_id=f"whatif-{name}")
                for name, label, step in WHAT_IF_INPUTS
            ]
        self.result = gr.Markdown("", elem_id="whatif-result")
        self.outputs: list[Any] = [self.summary, self.chart, *self.inputs, self.result]

        for box in self.inputs:
            box.input(self.rescore, [state, *self.inputs], self.result, trigger_mode="always_last")

    def render(self, view: ApplicationView | None) -> list[Any]:
        score = view.score if view else None
        values: list[Any] = [None] * len(WHAT_IF_INPUTS)
        if view is not None:
            values = [view.application.value(name) for name, _, _ in WHAT_IF_INPUTS]
            values = [v if isinstance(v, int | float) and not isinstance(v, bool) else None for v in values]
        return [score_markdown(score), reasons_frame(score), *values, ""]

    def rescore(
        self,
        session: SessionState,
        amount: float | None,
        term: float | None,
        income: float | None,
        debt: float | None,
        request: gr.Request,
    ) -> str:
        numbers = (amount, term, income, debt)
        with shown_errors():
            user = self.ctx.user(request)
            if session.view is None or session.view.score is None:
                return "Score the application first."
            app = session.view.application
            changes: dict[str, float] = {}
            for (name, _, _), number in zip(WHAT_IF_INPUTS, numbers, strict=True):
                current = app.value(name)
                if number is not None and number != current:
                    changes[name] = float(number)
            if not changes:
                return "Change a value above to see its effect on the PD."
            result = self.ctx.workbench.what_if(user, session.require_application(), changes)
            moved = ", ".join(f"{k} → {v}" for k, v in result.changes.items())
            return (
                f"**What if** {moved}: PD {result.base.pd:.2%} → **{result.changed.pd:.2%}** "
                f"({result.delta_pd:+.2%}), grade {result.base.grade} → **{result.changed.grade}**"
            )
