"""Chat with the assistant about the open application; answers stream in and name their sources.

An answer is checked only once it has streamed in; one that fails the checks comes back as a
replacement (``ChatPiece.replaces_draft``), shown instead of the draft, never below it: the
underwriter must not read the unchecked draft as part of the answer. The replacement says in words
that the draft was replaced, and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.models import ApplicationView, ChatTurn


def as_messages(turns: list[ChatTurn]) -> list[dict[str, str]]:
    return [{"role": t.role, "content": t.content} for t in turns]


class ChatPanel:
    def __init__(self, ctx: UIContext, state: gr.State) -> None:
        self.ctx = ctx
        self.chatbot = gr.Chatbot(
            value=[], label="Assistant", height=420, feedback_options=None, elem_id="chat-log"
        )
        with gr.Row():
            self.question = gr.Textbox(
                placeholder="e.g. Why is the debt-to-income ratio high?",
                show_label=False,
                scale=5,
                elem_id="chat-question",
            )
            self.send = gr.Button("Ask", variant="primary", scale=1, elem_id="chat-send")
        self.outputs: list[Any] = [self.chatbot]
        for trigger in (self.send.click, self.question.submit):
            trigger(self.ask, [state, self.question], [state, self.chatbot, self.question])

    def render(self, view: ApplicationView | None) -> list[Any]:
        # A newly opened application starts a new conversation (see app.open_application).
        return [[]]

    def ask(
        self, session: SessionState, question: str, request: gr.Request
    ) -> Iterator[tuple[Any, Any, Any]]:
        with shown_errors():
            user = self.ctx.user(request)
            application_id = session.require_application()
            history = list(session.chat)
            stream = self.ctx.workbench.chat_stream(user, application_id, history, question)
            turns = [*history, ChatTurn(role="user", content=question.strip())]
            answer = ""
            yield gr.skip(), as_messages(turns), ""
            try:
                for piece in stream:
                    answer = piece.text if piece.replaces_draft else answer + piece.text
                    yield gr.skip(), as_messages([*turns, ChatTurn(role="assistant", content=answer)]), ""
            except Exception as exc:  # the question stays on screen and in the box, with the reason
                answer += f"\n\n(The assistant could not finish this answer: {exc}. Your question is kept.)"
                session.chat = [*turns, ChatTurn(role="assistant", content=answer.strip())]
                yield session, as_messages(session.chat), question
                return
        session.chat = [*turns, ChatTurn(role="assistant", content=answer)]
        yield session, as_messages(session.chat), ""
