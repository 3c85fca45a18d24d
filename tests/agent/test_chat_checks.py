"""Chat answers get the memo claims' kind of meaning checks: a true answer passes; an invented number,
an invented entity and a citation that does not exist are each caught, withheld and explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative, packet_folder

from underwrite.agent.chat import ChatAgent
from underwrite.agent.chat_checks import cited_ids
from underwrite.agent.workflow import draft_memo, load_state

QUESTION = "What is the DTI against the policy limit?"
TRUE = "The DTI is 22.47%, within the 45% limit of CP-4.2 [ratio:dti]."


@pytest.fixture
def chat(tmp_path: Path):
    packet = packet_folder(tmp_path)
    llm = ScriptedLLM({"MemoNarrative": [narrative()]})
    deps = make_deps(llm)
    draft_memo(packet, deps)
    return ChatAgent(load_state(packet.name), deps), llm


def _ask(chat, text: str):  # type: ignore[no-untyped-def]
    agent, llm = chat
    llm.script["chat"] = [text]
    return agent.ask(QUESTION)


def test_a_true_answer_passes_unchanged(chat) -> None:
    answer = _ask(chat, TRUE)
    assert answer.problems == [] and not answer.corrected and answer.withheld is None
    assert answer.text.startswith(TRUE)


@pytest.mark.parametrize(
    ("text", "check", "named"),
    [
        ("The DTI is 61%, far above the limit of CP-4.2.", "states numbers", "61%"),
        (
            "Under the German Credit and Loan Management System (CeLMS) the DTI of 22.47% is fine.",
            "names what no source does",
            "CeLMS",
        ),
        ("The DTI of 22.47% meets section CP-9.9 of the policy.", "cites what no source", "CP-9.9"),
        ("Precedent [case:german-9999] had the same DTI of 22.47%.", "cites what no source", "german-9999"),
    ],
    ids=["invented_number", "invented_entity", "unknown_section", "unknown_precedent"],
)
def test_nonsense_is_caught_withheld_and_explained(chat, text: str, check: str, named: str) -> None:
    answer = _ask(chat, text)
    assert answer.corrected and answer.withheld == text
    assert any(p.startswith(check) and named in p for p in answer.problems), answer.problems
    # the underwriter reads why and what the tools found, never the withheld text as the answer
    assert text not in answer.text and answer.text.startswith("[Correction:") and named in answer.text
    assert "dti = " in answer.text and "Sources: " in answer.text


def test_streamed_nonsense_is_replaced_by_the_correction(chat) -> None:
    agent, llm = chat
    draft = "It complies with the Office for Credit and Financial Stability rules."
    llm.script["chat"] = [draft]
    *streamed, last = list(agent.stream(QUESTION))
    assert "".join(p.text for p in streamed) == draft and not any(p.replaces_draft for p in streamed)
    # The last piece stands instead of the draft: it says the draft was replaced, and why.
    assert last.replaces_draft and last.withheld == draft and draft not in last.text
    assert last.text.startswith("[Correction: the model's draft answer") and "was replaced" in last.text
    assert "Office for Credit and Financial Stability" in last.text and "Sources: " in last.text
    llm.script["chat"] = [TRUE]
    last = list(agent.stream(QUESTION))[-1]
    assert not last.replaces_draft and "[Correction:" not in last.text


def test_cited_ids_reads_prefixed_section_reason_rule_and_bracketed_ids() -> None:
    text = "See policy:CP-4.2, CP-2.2, R07, rule AFF-01 and [german-0420]."
    assert cited_ids(text) == ["policy:CP-4.2", "CP-4.2", "CP-2.2", "R07", "AFF-01", "german-0420"]
