"""Drills: the served LLM misbehaves (hangs, 500s, malformed or empty JSON) during a claims memo.

The memo always finishes with the deterministic narrative and a flag whose words say what
happened. Before, every case read "no model claim passed the checks…", also when the model never
answered (a hung server after 4 timed-out attempts) — which sends the reader after the checks.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, packet_folder

from underwrite.agent.memo import NarrativeSource
from underwrite.agent.workflow import draft_memo
from underwrite.llm import LLMClient, RetryPolicy
from underwrite.testing.fake_openai import FakeOpenAIServer
from underwrite.testing.openai_wire import Reply

CASES = {
    # A server that stops answering but keeps the socket open: the client's deadline ends it.
    "hang": (Reply(delay_s=30), "llm_unavailable", "could not be reached"),
    "http 500": (Reply.error(500, "internal error"), "llm_unavailable", "could not be reached"),
    "malformed json": (Reply(text="{not json at all"), "narrative_fallback", "reply was not usable"),
    "empty reply": (Reply(text=""), "narrative_fallback", "reply was not usable"),
    "cut-off json": (
        Reply(text='{"claims": [{"kind": "strength", "evidence": ["', finish_reason="length"),
        "narrative_fallback",
        "reply was not usable",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_memo_finishes_flagged_in_words_when_the_llm_fails(tmp_path: Path, case: str) -> None:
    reply, code, words = CASES[case]
    with FakeOpenAIServer(handler=lambda _body: reply) as server:
        deps = dataclasses.replace(make_deps(ScriptedLLM()), memo_narrative="claims")
        deps.llm = LLMClient(server.url, "fake-model", timeout_s=0.5, retry=RetryPolicy(max_retries=1))
        result = draft_memo(packet_folder(tmp_path), deps)
    memo = result.memo
    assert memo.verification.narrative_source == NarrativeSource.fallback
    assert set(memo.narrative.origins.values()) == {"deterministic"}
    (flag,) = [f for f in memo.flags if f.code == code]
    assert words in flag.message and "deterministic narrative" in flag.message
    assert "no model claim passed" not in flag.message
