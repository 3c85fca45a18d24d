"""The chat tab when the check corrects a streamed answer: the draft streams in, then the checked
answer stands instead of it (not below it), saying that the draft was replaced and why; the audit
trail keeps both. Real backend and panel code, the scripted model (no LLM, no browser)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
from workbench_support import ALICE, Drafted, drafted

from underwrite.ui.auth import UserStore
from underwrite.ui.context import SessionState, UIContext
from underwrite.ui.panels.chat import ChatPanel

QUESTION = "What is the DTI against the policy limit?"
INVENTED = "The Office for Credit and Financial Stability"
DRAFT = f"{INVENTED} approved the DTI of 22.47%."
TRUE = "The DTI is 22.47%, within the 45% limit of CP-4.2 [ratio:dti]."


def _ask(tmp_path: Path, made: Drafted, reply: str) -> tuple[list[list[dict[str, str]]], SessionState]:
    """Ask through the chat panel; returns the chat log after each update and the session."""
    made.deps.llm.script["chat"] = [reply]
    users = UserStore(tmp_path / "users.yaml")
    users.add_user(ALICE.username, "s3cret-pass", ALICE.role)
    with gr.Blocks():
        panel = ChatPanel(UIContext(made.bench, users), gr.State(SessionState()))
    session = SessionState(application_id=made.application_id)
    request: Any = SimpleNamespace(username=ALICE.username)
    logs = [messages for _state, messages, _box in panel.ask(session, QUESTION, request)]
    return logs, session


def test_a_corrected_answer_replaces_the_streamed_draft_and_says_why(tmp_path: Path) -> None:
    made = drafted(tmp_path)
    logs, session = _ask(tmp_path, made, DRAFT)
    shown = [log[-1]["content"] for log in logs if log[-1]["role"] == "assistant"]
    assert any(DRAFT in text for text in shown[:-1])  # the draft did stream in while it was written
    final = shown[-1]
    assert DRAFT not in final  # ...and is gone once the check failed: not kept above the correction
    assert final.startswith("[Correction: the model's draft answer, shown while it was written, was replaced")
    assert INVENTED.removeprefix("The ") in final  # why: the name no source gives
    assert "Sources: " in final
    assert [(t.role, t.content) for t in session.chat] == [("user", QUESTION), ("assistant", final)]
    turn = [r for r in made.deps.audit.records(made.application_id) if r.kind == "chat_turn"][-1]
    assert turn.payload["answer"] == final and turn.payload["withheld_draft"] == DRAFT


def test_an_answer_that_passes_keeps_its_streamed_text(tmp_path: Path) -> None:
    made = drafted(tmp_path)
    logs, session = _ask(tmp_path, made, TRUE)
    final = session.chat[-1].content
    assert final.startswith(TRUE) and "[Correction:" not in final and "Sources: " in final
    assert logs[-1][-1]["content"] == final
    turn = [r for r in made.deps.audit.records(made.application_id) if r.kind == "chat_turn"][-1]
    assert turn.payload["answer"] == final and "withheld_draft" not in turn.payload
