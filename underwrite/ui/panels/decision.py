"""Decision: approve / approve with conditions / decline / refer. The server refuses a departure from
the recommendation without a reason; a decline shows its adverse-action reasons."""

from __future__ import annotations

from typing import Any

import gradio as gr

from underwrite.core.schemas import Decision, Recommendation
from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.models import ApplicationView, DecisionRecord, DecisionRequest
from underwrite.ui.service import MIN_REASON_CHARS

CHOICES = [
    ("Approve", Recommendation.approve.value),
    ("Approve with conditions", Recommendation.approve_with_conditions.value),
    ("Decline", Recommendation.decline.value),
    ("Refer", Recommendation.refer.value),
]


def recommendation_markdown(view: ApplicationView | None) -> str:
    if view is None or view.memo is None:
        return "The memo's recommendation appears here once a memo is drafted."
    memo = view.memo
    text = f"**The memo recommends: {memo.recommendation.value}.** "
    text += f"Any other decision needs a reason of at least {MIN_REASON_CHARS} characters."
    if memo.adverse_action_reasons:
        text += "\n\nAdverse-action reasons if declined:\n" + "\n".join(
            f"- {r}" for r in memo.adverse_action_reasons
        )
    return text


def decided_markdown(decision: Decision | None, record: DecisionRecord | None = None) -> str:
    if decision is None:
        return ""
    lines = [f"### Decided: {decision.decision.value} by {decision.reviewer}"]
    if decision.reason:
        lines.append(f"Reason: {decision.reason}")
    lines += [f"- Condition: {c}" for c in decision.conditions]
    if decision.exception_authority:
        lines.append(f"Hard-rule exception approved under authority {decision.exception_authority}.")
    if record is not None:
        if record.departs_from_recommendation:
            lines.append(f"Departs from the recommendation ({record.recommendation}).")
        if record.adverse_action_reasons:
            lines.append("**Adverse-action reasons (sent to the applicant):**")
            lines += [f"{i}. {r}" for i, r in enumerate(record.adverse_action_reasons, 1)]
        if record.audit_record_id:
            lines.append(f"Recorded in the audit trail as `{record.audit_record_id}`.")
    return "\n\n".join(lines)


class DecisionPanel:
    def __init__(self, ctx: UIContext, state: gr.State) -> None:
        self.ctx = ctx
        self.recommendation = gr.Markdown(recommendation_markdown(None), elem_id="decision-recommendation")
        self.choice = gr.Radio(CHOICES, label="Decision", elem_id="decision-choice")
        self.reason = gr.Textbox(label="Reason", lines=3, elem_id="decision-reason")
        self.conditions = gr.Textbox(
            label="Conditions (one per line)", lines=3, elem_id="decision-conditions"
        )
        self.authority = gr.Textbox(
            label="Exception authority (only to approve over a failed hard rule, e.g. L4)",
            elem_id="decision-authority",
        )
        self.submit = gr.Button("Record decision", variant="primary", elem_id="decision-submit")
        self.result = gr.Markdown("", elem_id="decision-result")
        self.underwriter_only = [self.choice, self.reason, self.conditions, self.authority, self.submit]
        self.outputs: list[Any] = [
            self.recommendation,
            self.choice,
            self.reason,
            self.conditions,
            self.authority,
            self.result,
        ]
        self.decided = self.submit.click(
            self.decide,
            [state, self.choice, self.reason, self.conditions, self.authority],
            [state, self.result],
        )

    def render(self, view: ApplicationView | None) -> list[Any]:
        decided = view.decision if view else None
        return [recommendation_markdown(view), None, "", "", "", decided_markdown(decided)]

    def decide(
        self,
        session: SessionState,
        choice: str | None,
        reason: str,
        conditions: str,
        authority: str,
        request: gr.Request,
    ) -> tuple[SessionState, str]:
        if not choice:
            raise gr.Error("Choose a decision first.")
        with shown_errors():
            user = self.ctx.user(request)
            record = self.ctx.workbench.decide(
                user,
                DecisionRequest(
                    application_id=session.require_application(),
                    decision=Recommendation(choice),
                    reason=reason or "",
                    conditions=(conditions or "").splitlines(),
                    exception_authority=authority or "",
                ),
            )
        if session.view is not None:
            session.view = session.view.model_copy(update={"decision": record.decision})
        return session, decided_markdown(record.decision, record)
