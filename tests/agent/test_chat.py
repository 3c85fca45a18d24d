from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative, packet_folder
from memo_fakes import make_score

from underwrite.agent.chat import MAX_ANSWER_TOKENS, ChatAgent, route_intent
from underwrite.agent.workflow import draft_memo, load_state


@pytest.fixture
def setup(tmp_path: Path):
    packet = packet_folder(tmp_path)
    llm = ScriptedLLM({"MemoNarrative": [narrative()]})
    deps = make_deps(llm)

    def what_if(app, changes):
        base = make_score(0.12)
        changed = make_score(0.09)
        return SimpleNamespace(base=base, changed=changed, delta_pd=-0.03, changes=changes)

    deps.what_if = what_if
    deps.explain_reason = lambda code: f"{code}: how long the loan runs."
    draft_memo(packet, deps)
    return load_state(packet.name), deps, llm


def test_router_picks_tools(setup) -> None:
    state, deps, _ = setup
    agent = ChatAgent(state, deps)
    assert route_intent("What if the term were 24 months?", agent.tools)[0] == (
        "what_if",
        {"changes": {"loan_term_months": 24.0}},
    )
    assert ("explain_reason", {"code": "R07"}) in route_intent("Explain R07 please", agent.tools)
    assert ("lookup_fact", {"name": "dti"}) in route_intent("Why is DTI high?", agent.tools)


def test_answer_names_sources_and_uses_tool_numbers(setup) -> None:
    state, deps, llm = setup
    llm.script["chat"] = ["A 24-month term lowers the PD from 0.1200 to 0.0900."]
    answer = ChatAgent(state, deps).ask("What if the term were 24 months?")
    assert answer.tools_used[0] == "what_if" and not answer.corrected
    assert answer.text.endswith("Sources: fact:loan_term_months, score:pd")


def test_invented_number_in_answer_gets_correction(setup) -> None:
    state, deps, llm = setup
    llm.script["chat"] = ["DTI is 61%, far above policy."]
    answer = ChatAgent(state, deps).ask("What is the DTI?")
    assert answer.corrected and "Correction" in answer.text and "ratio:dti" in answer.sources


def test_native_tool_calls(setup) -> None:
    state, deps, llm = setup
    calls = iter(
        [
            SimpleNamespace(
                text="",
                tool_calls=[
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "lookup_fact", "arguments": '{"name": "loan_amount"}'},
                    }
                ],
            ),
            SimpleNamespace(text="", tool_calls=[]),
            SimpleNamespace(text="The loan amount is 12500.0.", tool_calls=[]),
        ]
    )
    llm.chat = lambda messages, tools=None, tool_choice=None, **kw: next(calls)  # type: ignore[method-assign]
    answer = ChatAgent(state, deps, native_tools=True).ask("How much is requested?")
    assert (
        answer.tools_used == ["lookup_fact"]
        and answer.sources == ["fact:loan_amount"]
        and not answer.corrected
    )


def test_stream_yields_chunks_then_sources(setup) -> None:
    state, deps, llm = setup
    llm.script["chat"] = ["Section CP-4.2 caps DTI at 45%."]
    chunks = [p.text for p in ChatAgent(state, deps).stream("What does the policy say about DTI limits?")]
    assert len(chunks) > 2 and chunks[-1].strip().startswith("Sources:") and "policy:CP-4.2" in chunks[-1]


def test_follow_up_sees_the_conversation_and_borrows_its_subject(setup) -> None:
    state, deps, llm = setup
    llm.script["chat"] = ["Debt-to-income is the ratio shown.", "It is what the policy compares."]
    agent = ChatAgent(state, deps)
    first = agent.ask("What is the DTI?")
    history = [
        {"role": "user", "content": "What is the DTI?"},
        {"role": "assistant", "content": first.text + " " + "x" * 2000},
    ]
    second = agent.ask("And why does that matter?", history)
    sent = llm.calls[-1][1]
    # system, the two earlier turns (the long one cut), then the new question with its tool results
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[1]["content"] == "What is the DTI?" and len(sent[2]["content"]) == 800
    assert sent[3]["content"].startswith("And why does that matter?")
    # The follow-up names no subject of its own: the DTI lookup of the previous question is reused.
    assert "ratio:dti" in second.sources and "lookup_fact" in second.tools_used
    # Without history the same words only search the policy.
    assert ChatAgent(state, deps).ask("And why does that matter?").tools_used == ["search_policy"]


def test_chat_says_plainly_when_the_model_is_down(setup) -> None:
    from underwrite.llm import LLMClient, RetryPolicy
    from underwrite.llm.localhost import free_port

    state, deps, _ = setup
    deps.llm = LLMClient(f"http://127.0.0.1:{free_port()}/v1", "m", retry=RetryPolicy(max_retries=0))
    answer = ChatAgent(state, deps).ask("Why is DTI high?")
    assert answer.llm_unavailable and "Connection refused" in answer.llm_unavailable
    assert "language model is unavailable" in answer.text and "question is kept" in answer.text
    assert answer.tools_used == ["lookup_fact"] and "dti" in answer.text.lower()  # tools still answered
    streamed = "".join(p.text for p in ChatAgent(state, deps).stream("Why is DTI high?"))
    assert "language model is unavailable" in streamed and "Sources:" in streamed


def test_deferred_llm_reports_why_and_recovers(setup) -> None:
    from underwrite.llm import EmbeddedLLMError, LLMUnavailableError
    from underwrite.llm.deferred import DeferredLLM

    attempts: list[int] = []

    def factory():
        attempts.append(1)
        if len(attempts) == 1:
            raise EmbeddedLLMError("embedded LLM server crashed with SIGSEGV while loading")
        return ScriptedLLM()

    llm = DeferredLLM(factory, "not started yet", retry_after_s=0.0)
    with pytest.raises(LLMUnavailableError, match="SIGSEGV while loading"):
        llm.chat([{"role": "user", "content": "hi"}])
    assert llm.client() is not None and len(attempts) == 2  # the next try after the pause succeeds


def test_the_answer_is_capped_so_a_looping_model_cannot_stream_for_minutes(setup) -> None:
    """The embedded 135M model once looped for > 240 s on "Why is the debt-to-income ratio high?"
    (the browser walk timed out before the checks ran): both paths ask for a bounded answer."""
    state, deps, llm = setup
    seen: list[dict[str, object]] = []
    asked = llm.chat

    def chat(messages, tools=None, tool_choice=None, **kw):
        seen.append(kw)
        return asked(messages, tools, tool_choice, **kw)

    llm.chat = chat
    ChatAgent(state, deps).ask("Why is DTI high?")
    "".join(p.text for p in ChatAgent(state, deps).stream("Why is DTI high?"))
    answers = [kw for kw in seen if "max_tokens" in kw]
    assert len(answers) == 2 and all(kw["max_tokens"] == MAX_ANSWER_TOKENS for kw in answers), seen
