"""The graph against the real LLM client over HTTP (fake OpenAI-compatible server, vLLM-shaped)."""

from __future__ import annotations

import json
from pathlib import Path

from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.agent.memo import NarrativeSource
from underwrite.agent.workflow import draft_memo
from underwrite.llm import LLMClient, RetryPolicy
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply


def test_memo_through_http_client_invented_number_then_repair(tmp_path: Path) -> None:
    packet = tmp_path / "german-0101"
    packet.mkdir()
    bad = narrative(extra=" Savings of EUR 40,000 cover the loan.")
    replies = [
        Reply.say(json.dumps({"facts": []})),
        Reply.say(bad.model_dump_json()),
        Reply.say(json.dumps({"summary": narrative().summary.model_dump()})),
    ]
    with FakeOpenAIServer(replies) as server:
        client = LLMClient(server.url, "fake-model", retry=RetryPolicy(max_retries=0))
        deps = make_deps(ScriptedLLM())
        deps.llm = client
        result = draft_memo(packet, deps)
        bodies = [r.body for r in server.chat_requests]
    assert result.memo.verification.narrative_source == NarrativeSource.repaired
    assert len(bodies) == 3 and all(b and "response_format" in b for b in bodies)
    assert "40,000" in bodies[2]["messages"][-1]["content"]  # the repair prompt shows the violation
    # Only the failing field is asked for again, under a schema of that field alone.
    assert list(bodies[2]["response_format"]["json_schema"]["schema"]["properties"]) == ["summary"]
    assert result.memo.narrative.strengths == bad.strengths
    assert [c.step for c in result.llm_calls] == ["extract_prose_facts", "draft_memo", "repair_memo"]


def test_schema_invalid_twice_falls_back(tmp_path: Path) -> None:
    packet = tmp_path / "german-0102"
    packet.mkdir()
    with FakeOpenAIServer([Reply.say('{"facts": []}')], default=Reply.say("not json at all")) as server:
        client = LLMClient(server.url, "fake-model", retry=RetryPolicy(max_retries=0))
        deps = make_deps(ScriptedLLM())
        deps.llm = client
        result = draft_memo(packet, deps)
    assert result.memo.verification.narrative_source == NarrativeSource.fallback
    assert "narrative_fallback" in {f.code for f in result.memo.flags}
    assert any("invalid_output" in v for v in result.memo.verification.violations_first_draft)
