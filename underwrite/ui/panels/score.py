"""Score panel: PD and grade, a bar chart of the model's reason contributions, live what-if."""

from __future__ import annotations

import html
from typing import Any

import gradio as gr
import pandas as pd

from underwrite.core.schemas import Score
from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.models import ApplicationView
from underwrite.ui.panels.limits import what_if_html
from underwrite.ui.service import ServiceError

REASON_COLUMNS = ["reason", "contribution", "direction"]
# Slider-free numeric inputs: underwriters type exact amounts. (field, label, step)
WHAT_IF_INPUTS = [
    ("loan_amount", "Loan amount", 500.0),
    ("loan_term_months", "Term (months)", 6.0),
    ("monthly_net_income", "Net monthly income", 100.0),
    ("monthly_debt_payments", "Existing debt payments / month", 50.0),
]
DIRECTION = "raises the PD vs. the average applicant"
"""Score reasons are the inputs that push this applicant's PD above the model's average applicant
(pred_contrib > 0), e.g. a credit-history category whose training applicants defaulted more often
than average — the model's view of the category, not a judgement on the history itself."""


def number_or_none(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def reasons_frame(score: Score | None) -> pd.DataFrame:
    if score is None:
        return pd.DataFrame(columns=REASON_COLUMNS)
    rows = [
        {
            "reason": f"{r.code} {r.feature}",
            "contribution": round(r.contribution, 4),
            "direction": DIRECTION if r.contribution > 0 else "lowers the PD",
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
    if score.decoded_inputs:  # no document stated these: the model's field reader took them from prose
        read = ", ".join(f"`{name}`" for name in score.decoded_inputs)
        lines += [f"> **Read from the applicant's statement, not stated in a form:** {read}. Confirm.", ""]
    lines += [
        "Main reasons — inputs that push this applicant's PD **above the average applicant's** "
        "(how the model weighs each value in its training data):",
        "",
        "| code | reason | effect on PD | contribution (log-odds) |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.code} | {r.text} | {'raises' if r.contribution > 0 else 'lowers'} | {r.contribution:+.3f} |"
        for r in score.reasons
    ]
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
            color_map={DIRECTION: "#c0392b", "lowers the PD": "#27ae60"},
            title="Reason contributions vs. the average applicant (positive = toward default)",
            x_label_angle=-30,
            elem_id="score-reasons",
        )
        gr.Markdown("### What if… (re-runs the score, the ratios, the policy rules and the recommendation)")
        with gr.Row():
            self.inputs = [
                # No client-side minimum: Gradio answers an out-of-range number with a bare "Error";
                # the server's validation says in words what is wrong (agent/whatif.py).
                gr.Number(label=label, step=step, elem_id=f"whatif-{name}")
                for name, label, step in WHAT_IF_INPUTS
            ]
        self.result = gr.HTML("", elem_id="whatif-result")
        self.outputs: list[Any] = [self.summary, self.chart, *self.inputs, self.result]

        for box in self.inputs:
            box.input(self.rescore, [state, *self.inputs], self.result, trigger_mode="always_last")

    def render(self, view: ApplicationView | None) -> list[Any]:
        score = view.score if view else None
        values: list[Any] = [None] * len(WHAT_IF_INPUTS)
        if view is not None:
            values = [number_or_none(view.application.value(name)) for name, *_ in WHAT_IF_INPUTS]
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
            for (name, *_), number in zip(WHAT_IF_INPUTS, numbers, strict=True):
                current = number_or_none(app.value(name))
                if number is not None and (current is None or abs(float(number) - current) > 1e-9):
                    changes[name] = float(number)
            if not changes:  # every field back at the file's value: nothing of a what-if stays shown
                return "Change a value above to see its effect on the PD, ratios, rules and recommendation."
            try:
                result = self.ctx.workbench.what_if(user, session.require_application(), changes)
            except ServiceError as exc:  # the stale result must not stay beside an invalid input
                return f"<p class='uw-error'><b>Cannot compute this what-if:</b> {html.escape(str(exc))}</p>"
            return what_if_html(result)
