"""LLMClient against the fake OpenAI-compatible server (real HTTP on loopback, vLLM-shaped replies)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from underwrite.llm import (
    CallRecord,
    LLMClient,
    LLMRequestError,
    LLMTimeoutError,
    LLMUnavailableError,
    RetryPolicy,
    StructuredOutputError,
    ToolCallArgumentsError,
)
from underwrite.llm.embedded import free_port
from underwrite.llm.retry import parse_retry_after
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

FAST = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=0.05)
MSGS = [{"role": "user", "content": "hello"}]


class Verdict(BaseModel):
    grade: Literal["A", "B", "C"]
    pd_percent: float = Field(ge=0, le=100)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(model="fake-model") as srv:
        yield srv


def client_for(server: FakeOpenAIServer, **kw: object) -> LLMClient:
    kw.setdefault("retry", FAST)
    return LLMClient(server.url, "fake-model", seed=0, **kw)  # type: ignore[arg-type]


def test_chat_returns_text_usage_and_records_the_call(server: FakeOpenAIServer) -> None:
    seen: list[CallRecord] = []
    server.push(Reply.say("Hi there friend", prompt_tokens=7, completion_tokens=3))
    result = client_for(server, on_call=seen.append).chat(MSGS, max_tokens=16, temperature=0.5)
    assert result.text == "Hi there friend"
    assert result.finish_reason == "stop"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.total_tokens) == (
        7,
        3,
        10,
    )
    assert result.model == "fake-model" and result.latency_s > 0 and result.attempts == 1
    body = server.chat_requests[0].body
    assert body is not None and body["max_tokens"] == 16 and body["temperature"] == 0.5
    assert len(seen) == 1 and seen[0].ok and seen[0].usage.total_tokens == 10 and seen[0].kind == "chat"


def test_5xx_is_retried_then_succeeds(server: FakeOpenAIServer) -> None:
    server.push(Reply.error(500, "boom"), Reply.error(503, "busy"), Reply.say("finally"))
    client = client_for(server)
    result = client.chat(MSGS)
    assert result.text == "finally" and result.attempts == 3
    assert len(server.chat_requests) == 3
    assert len(client.records[-1].retry_delays_s) == 2


def test_429_honours_retry_after(server: FakeOpenAIServer) -> None:
    server.push(Reply.error(429, "slow down", retry_after="0.3"), Reply.say("ok now"))
    client = client_for(server)
    assert client.chat(MSGS).text == "ok now"
    # the wait before the retry was at least what the server asked for, not the 10-50 ms backoff
    assert client.records[-1].retry_delays_s[0] >= 0.3


def test_400_is_not_retried(server: FakeOpenAIServer) -> None:
    server.push(Reply.error(400, "max_tokens too large"), Reply.say("never sent"))
    client = client_for(server)
    with pytest.raises(LLMRequestError, match="max_tokens too large") as info:
        client.chat(MSGS)
    assert info.value.status_code == 400
    assert len(server.chat_requests) == 1
    assert client.records[-1].ok is False and "LLMRequestError" in (client.records[-1].error or "")


def test_persistent_5xx_gives_unavailable_after_all_retries(server: FakeOpenAIServer) -> None:
    server.default = Reply.error(502, "bad gateway")
    with pytest.raises(LLMUnavailableError, match="3 attempts") as info:
        client_for(server).chat(MSGS)
    assert info.value.status_code == 502 and len(server.chat_requests) == 3


def test_timeout_is_retried_then_raised(server: FakeOpenAIServer) -> None:
    server.default = Reply.say("too late", delay_s=1.5)
    client = client_for(server, timeout_s=0.2, retry=RetryPolicy(max_retries=1, base_delay_s=0.01))
    with pytest.raises(LLMTimeoutError) as info:
        client.chat(MSGS)
    assert info.value.attempts == 2


def test_timeout_is_not_retried_when_timeouts_are_final(server: FakeOpenAIServer) -> None:
    server.default = Reply.say("too late", delay_s=1.5)
    policy = RetryPolicy(max_retries=3, base_delay_s=0.01, retry_timeouts=False)
    with pytest.raises(LLMTimeoutError) as info:
        client_for(server, timeout_s=0.2, retry=policy).chat(MSGS)
    assert info.value.attempts == 1 and len(server.chat_requests) == 1


def test_server_down_gives_unavailable() -> None:
    client = LLMClient(f"http://127.0.0.1:{free_port()}/v1", "m", retry=FAST)
    with pytest.raises(LLMUnavailableError, match="connection"):
        client.chat(MSGS)


def test_from_settings_uses_configured_url_and_fails_fast_when_down() -> None:
    client = LLMClient.from_settings()  # conftest points UW_LLM_URL at a dead port
    assert client.base_url == "http://127.0.0.1:9/v1"
    client.retry = FAST
    with pytest.raises(LLMUnavailableError):
        client.chat(MSGS)


def test_tool_calls_in_vllm_shape_are_parsed(server: FakeOpenAIServer) -> None:
    server.push(Reply.call("compute_ratio", {"name": "dti", "months": 12}))
    tools = [{"type": "function", "function": {"name": "compute_ratio", "parameters": {"type": "object"}}}]
    result = client_for(server).chat(MSGS, tools=tools, tool_choice="auto")
    assert result.finish_reason == "tool_calls" and result.text == ""
    (call,) = result.tool_calls
    assert call.name == "compute_ratio" and call.arguments == {"name": "dti", "months": 12}
    assert call.id.startswith("chatcmpl-tool-")
    body = server.chat_requests[0].body
    assert body is not None and body["tool_choice"] == "auto" and body["tools"] == tools


@pytest.mark.parametrize("raw", ['{"name": "dti"', '["dti"]'])
def test_malformed_tool_arguments_raise_a_clear_error(server: FakeOpenAIServer, raw: str) -> None:
    server.push(Reply.call("compute_ratio", raw))
    with pytest.raises(ToolCallArgumentsError, match="compute_ratio") as info:
        client_for(server).chat(MSGS)
    assert info.value.raw_arguments == raw


def test_structured_sends_json_schema_response_format(server: FakeOpenAIServer) -> None:
    server.push(Reply.say('{"grade": "B", "pd_percent": 3.5}'))
    verdict = client_for(server).structured(MSGS, Verdict)
    assert verdict == Verdict(grade="B", pd_percent=3.5)
    body = server.chat_requests[0].body
    assert body is not None
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "Verdict"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == Verdict.model_json_schema()


def test_structured_repairs_once_with_the_validation_error(server: FakeOpenAIServer) -> None:
    server.push(Reply.say('{"grade": "Z", "pd_percent": 3}'), Reply.say('{"grade": "C", "pd_percent": 40}'))
    client = client_for(server)
    assert client.structured(MSGS, Verdict).grade == "C"
    repair = server.chat_requests[1].body
    assert repair is not None
    assert repair["messages"][-2] == {"role": "assistant", "content": '{"grade": "Z", "pd_percent": 3}'}
    assert (
        "grade" in repair["messages"][-1]["content"]
        and "'A', 'B' or 'C'" in repair["messages"][-1]["content"]
    )
    assert [r.kind for r in client.records] == ["structured", "structured"]


def test_structured_raises_after_the_repair_fails(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("not json"), Reply.say('{"grade": "A", "pd_percent": 250}'))
    with pytest.raises(StructuredOutputError, match="Verdict") as info:
        client_for(server).structured(MSGS, Verdict)
    assert info.value.raw_text == '{"grade": "A", "pd_percent": 250}'
    assert "pd_percent" in info.value.errors
    assert len(server.chat_requests) == 2


def test_stream_yields_pieces_and_records_first_token(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("one two three four", chunk_delay_s=0.01))
    client = client_for(server)
    pieces = list(client.stream(MSGS, max_tokens=8))
    assert "".join(pieces) == "one two three four" and len(pieces) == 4
    record = client.records[-1]
    assert record.kind == "stream" and record.ok and record.first_token_s is not None
    assert record.finish_reason == "stop" and record.usage.completion_tokens == 4
    body = server.chat_requests[0].body
    assert body is not None and body["stream"] is True


def test_structured_streams_pieces_with_the_schema_then_validates(server: FakeOpenAIServer) -> None:
    server.push(Reply.say('{"grade": "B", "pd_percent": 4.5}', chunk_delay_s=0.01))
    client = client_for(server)
    pieces: list[str] = []
    verdict = client.structured(MSGS, Verdict, repair=False, on_text=pieces.append)
    assert verdict == Verdict(grade="B", pd_percent=4.5)
    assert len(pieces) == 4 and "".join(pieces) == '{"grade": "B", "pd_percent": 4.5}'  # one per word
    body = server.chat_requests[0].body
    assert body is not None and body["stream"] is True
    assert body["response_format"]["json_schema"]["schema"] == Verdict.model_json_schema()
    assert client.records[-1].kind == "stream"


def test_stream_retries_before_the_first_token(server: FakeOpenAIServer) -> None:
    server.push(Reply.error(503, "warming up"), Reply.say("ready"))
    assert "".join(client_for(server).stream(MSGS)) == "ready"


def test_async_calls_run_concurrently_and_each_gets_its_reply(server: FakeOpenAIServer) -> None:
    server.handler = lambda body: Reply.say(f"echo {body['messages'][0]['content']}", delay_s=0.1)
    client = client_for(server)

    async def run() -> list[str]:
        results = await asyncio.gather(
            *(client.achat([{"role": "user", "content": str(i)}]) for i in range(6))
        )
        streamed = [p async for p in client.astream(MSGS)]
        return [r.text for r in results] + ["".join(streamed)]

    assert asyncio.run(run()) == [f"echo {i}" for i in range(6)] + ["echo hello"]
    assert len(client.records) == 7


def test_astructured_repairs_then_validates(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("{}"), Reply.say('{"grade": "A", "pd_percent": 1}'))
    assert asyncio.run(client_for(server).astructured(MSGS, Verdict)).grade == "A"


def test_retry_after_parsing_and_backoff_bounds() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0)
    rng = random.Random(1)
    for attempt, ceiling in [(0, 1.0), (1, 2.0), (2, 4.0), (5, 8.0)]:
        delays = [policy.delay_s(attempt, None, rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered
    assert policy.delay_s(0, 30.0, rng) == 30.0
    assert policy.delay_s(0, 10_000.0, rng) == policy.max_retry_after_s


def test_scripted_llm_mirrors_the_client_in_process() -> None:
    from underwrite.testing.scripted_llm import ScriptedLLM

    llm = ScriptedLLM(
        [
            Reply.call("compute_ratio", {"name": "dti"}),
            Reply.say("nope"),
            Reply.say('{"grade": "A", "pd_percent": 2}'),
            Reply.error(400, "bad"),
        ]
    )
    assert llm.chat(MSGS).tool_calls[0].arguments == {"name": "dti"}
    assert llm.structured(MSGS, Verdict).grade == "A"  # "nope" was repaired
    assert "Validation errors" in llm.requests[2]["messages"][-1]["content"]
    with pytest.raises(LLMRequestError):
        llm.chat(MSGS)
