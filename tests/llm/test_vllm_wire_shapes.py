"""The fake server and our client against vLLM's wire format as of vLLM 0.33.0 (PyPI wheel
``vllm-0.33.0``, build ``g4ba787ec9``, the newest release on 2026-12-01).

Where the shapes come from, in that release: ``ChatMessage``, ``ChatCompletionResponse(Choice)`` and
``ChatCompletionStreamResponse`` in ``vllm/entrypoints/openai/chat_completion/protocol.py``;
``DeltaMessage``/``DeltaToolCall`` in ``vllm/entrypoints/generate/base/protocol.py``; serialization in
``chat_completion/serving.py`` (whole replies ``model_dump()``, chunks
``model_dump_json(exclude_unset=True, exclude_none=not chunk.choices)``); finish reasons in
``serve/utils/tool_calls_utils.resolve_finish_reason``; tool-call deltas as
``tool_parsers/hermes_tool_parser.py`` streams them (name first, then argument diffs).

The ``VLLM_*`` literals below are written out by hand from those sources, not produced by our fake,
so the client is tested against vLLM's shape even if the fake drifts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from underwrite.llm import CallRecord, LLMClient, RetryPolicy
from underwrite.llm.responses import StreamAssembly, to_result
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply
from underwrite.testing.openai_wire import ScriptedToolCall

MSGS = [{"role": "user", "content": "hello"}]
TOOLS = [{"type": "function", "function": {"name": "compute_ratio", "parameters": {"type": "object"}}}]

_HEAD = {"id": "chatcmpl-9f1c2a7b3d4e5f60", "object": "chat.completion.chunk", "created": 1764590000}
VLLM_STREAM = [
    {
        **_HEAD,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "delta": {"role": "assistant", "content": ""},
                "logprobs": None,
                "finish_reason": None,
            }
        ],
        "prompt_token_ids": None,
        "prompt_text": None,
    },
    {
        **_HEAD,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "delta": {"reasoning": "The DTI is the ratio to compute."},
                "logprobs": None,
                "finish_reason": None,
                "token_ids": None,
            }
        ],
        "kv_transfer_params": None,
    },
    {
        **_HEAD,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "delta": {
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "chatcmpl-tool-a1b2c3d4e5f60718",
                            "type": "function",
                            "index": 0,
                            "function": {"name": "compute_ratio"},
                        }
                    ],
                },
                "logprobs": None,
                "finish_reason": None,
                "token_ids": None,
            }
        ],
        "kv_transfer_params": None,
    },
    *[
        {
            **_HEAD,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "delta": {"content": None, "tool_calls": [{"index": 0, "function": {"arguments": part}}]},
                    "logprobs": None,
                    "finish_reason": None,
                    "token_ids": None,
                }
            ],
            "kv_transfer_params": None,
        }
        for part in ['{"name": "d', 'ti", "mon', 'ths": 12}']
    ],
    {
        **_HEAD,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "delta": {},
                "logprobs": None,
                "finish_reason": "tool_calls",
                "stop_reason": None,
                "token_ids": None,
                "weight_versions": None,
            }
        ],
        "kv_transfer_params": None,
    },
    {
        **_HEAD,
        "model": "m",
        "choices": [],
        "usage": {"prompt_tokens": 31, "total_tokens": 49, "completion_tokens": 18},
    },
]

VLLM_RESPONSE = {
    "id": "chatcmpl-0123456789abcdef",
    "object": "chat.completion",
    "created": 1764590000,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Approve with conditions.",
                "refusal": None,
                "annotations": None,
                "audio": None,
                "function_call": None,
                "reasoning": "Income covers the payment twice over.",
            },
            "logprobs": None,
            "finish_reason": "stop",
            "stop_reason": None,
            "token_ids": None,
            "routed_experts": None,
            "weight_versions": None,
        }
    ],
    "service_tier": None,
    "system_fingerprint": None,
    "usage": {
        "prompt_tokens": 12,
        "total_tokens": 17,
        "completion_tokens": 5,
        "prompt_tokens_details": None,
        "completion_tokens_details": None,
    },
    "prompt_logprobs": None,
    "prompt_token_ids": None,
    "prompt_text": None,
    "kv_transfer_params": None,
    "ec_transfer_params": None,
    "metrics": None,
}

MESSAGE_KEYS = {"role", "content", "refusal", "annotations", "audio", "function_call", "reasoning"}


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(model="m") as srv:
        yield srv


def _post(server: FakeOpenAIServer, **body: Any) -> httpx.Response:
    payload = {"model": "m", "messages": MSGS, **body}
    return httpx.post(f"{server.url}/chat/completions", json=payload, timeout=10)


def _sse(response: httpx.Response) -> list[dict[str, Any]]:
    lines = [line[len("data: ") :] for line in response.text.splitlines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(line) for line in lines[:-1]]


def test_fake_reply_has_exactly_vllms_fields(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("Approve with conditions.", reasoning="Income covers it."))
    body = _post(server).json()
    assert set(body) == set(VLLM_RESPONSE)
    (choice,) = body["choices"]
    assert set(choice) == set(VLLM_RESPONSE["choices"][0])  # type: ignore[index]
    assert set(choice["message"]) == MESSAGE_KEYS  # no tool_calls key at all when there are none
    assert choice["message"]["reasoning"] == "Income covers it."
    assert set(body["usage"]) == set(VLLM_RESPONSE["usage"])  # type: ignore[arg-type]
    assert body["id"].startswith("chatcmpl-") and len(body["id"]) == len("chatcmpl-") + 16


def test_fake_tool_call_reply_and_its_finish_reason(server: FakeOpenAIServer) -> None:
    server.push(Reply.call("compute_ratio", {"name": "dti"}), Reply.call("compute_ratio", {"name": "dti"}))
    auto = _post(server, tools=TOOLS, tool_choice="auto").json()["choices"][0]
    assert set(auto["message"]) == MESSAGE_KEYS | {"tool_calls"} and auto["message"]["content"] is None
    (call,) = auto["message"]["tool_calls"]
    assert set(call) == {"id", "type", "function"} and call["id"].startswith("chatcmpl-tool-")
    assert auto["finish_reason"] == "tool_calls"
    named = {"type": "function", "function": {"name": "compute_ratio"}}
    forced = _post(server, tools=TOOLS, tool_choice=named).json()["choices"][0]
    assert forced["finish_reason"] == "stop"  # vLLM (like OpenAI) reports "stop" for a forced tool


def test_fake_streams_tool_calls_as_vllm_deltas(server: FakeOpenAIServer) -> None:
    args = {"name": "debt_to_income", "months": 12, "note": "long enough to need several fragments"}
    server.push(Reply(tool_calls=[ScriptedToolCall(name="compute_ratio", arguments=args)]))
    chunks = _sse(
        _post(server, tools=TOOLS, tool_choice="auto", stream=True, stream_options={"include_usage": True})
    )
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    deltas = [c["choices"][0]["delta"] for c in chunks[1:-2]]
    first, *fragments = [d["tool_calls"][0] for d in deltas]
    assert set(first) == {"id", "type", "index", "function"} and first["function"] == {
        "name": "compute_ratio"
    }
    assert len(fragments) > 2 and all(set(f) == {"index", "function"} for f in fragments)
    assert json.loads("".join(f["function"]["arguments"] for f in fragments)) == args
    last = chunks[-2]["choices"][0]
    assert last["delta"] == {} and last["finish_reason"] == "tool_calls" and last["stop_reason"] is None
    assert chunks[-1]["choices"] == [] and None not in chunks[-1]["usage"].values()


def test_fake_streams_reasoning_before_content(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("Approve.", reasoning="Income is fine."))
    chunks = _sse(_post(server, stream=True))
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[1:] == [
        {"reasoning": "Income"},
        {"reasoning": " is"},
        {"reasoning": " fine."},
        {"content": "Approve."},
        {"content": ""},
    ]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_client_reads_a_literal_vllm_response_and_ignores_reasoning() -> None:
    result = to_result(ChatCompletion.model_validate(VLLM_RESPONSE), latency_s=0.1, attempts=1)
    assert result.text == "Approve with conditions." and result.tool_calls == []
    assert result.finish_reason == "stop" and result.usage.total_tokens == 17


def test_client_assembles_a_literal_vllm_tool_call_stream() -> None:
    assembly = StreamAssembly(CallRecord(kind="stream", model="m", base_url="literal://"))
    text = "".join(assembly.absorb(ChatCompletionChunk.model_validate(c)) for c in VLLM_STREAM)
    result = assembly.result()
    assert text == "" and result.text == ""  # the reasoning chunk is not text
    (call,) = result.tool_calls
    assert call.id == "chatcmpl-tool-a1b2c3d4e5f60718" and call.name == "compute_ratio"
    assert call.arguments == {"name": "dti", "months": 12}
    assert result.finish_reason == "tool_calls" and result.usage.completion_tokens == 18


def test_stream_chat_assembles_two_tool_calls_from_the_fake(server: FakeOpenAIServer) -> None:
    server.push(
        Reply(
            text="Checking.",
            tool_calls=[
                ScriptedToolCall(name="compute_ratio", arguments={"name": "dti"}),
                ScriptedToolCall(name="lookup_policy", arguments={"rule": "LTV-80", "strict": True}),
            ],
        )
    )
    client = LLMClient(server.url, "m", retry=RetryPolicy(max_retries=0))
    pieces: list[str] = []
    result = client.stream_chat(MSGS, tools=TOOLS, tool_choice="auto", on_text=pieces.append)
    assert "".join(pieces) == result.text == "Checking."
    assert [(c.name, c.arguments) for c in result.tool_calls] == [
        ("compute_ratio", {"name": "dti"}),
        ("lookup_policy", {"rule": "LTV-80", "strict": True}),
    ]
    assert result.finish_reason == "tool_calls" and result.usage.completion_tokens > 0
    record = client.records[-1]
    assert record.ok and record.kind == "stream" and record.finish_reason == "tool_calls"


def test_client_chat_and_stream_ignore_reasoning_from_the_fake(server: FakeOpenAIServer) -> None:
    server.push(Reply.say("Approve.", reasoning="secret chain"), Reply.say("Approve.", reasoning="secret"))
    client = LLMClient(server.url, "m", retry=RetryPolicy(max_retries=0))
    assert client.chat(MSGS).text == "Approve."
    assert list(client.stream(MSGS)) == ["Approve."]
