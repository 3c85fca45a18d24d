"""The OpenAI chat-completions wire format as vLLM writes it: scripted replies and their JSON bodies,
SSE chunks and error envelopes, for :mod:`underwrite.testing.fake_openai`.

Response shape follows vLLM's ``ChatCompletionResponse`` (vllm/entrypoints/openai/protocol.py):
``id`` "chatcmpl-<hex>", tool call ids "chatcmpl-tool-<hex>", ``message.reasoning_content``,
``choices[].stop_reason``, ``prompt_logprobs``, ``kv_transfer_params``; errors as
``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from pydantic import BaseModel, Field

_ERROR_TYPES = {
    400: "BadRequestError",
    404: "NotFoundError",
    422: "BadRequestError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "ServiceUnavailableError",
}


class ScriptedToolCall(BaseModel):
    name: str
    arguments: str | dict[str, Any] = Field(default_factory=dict)  # a str is sent verbatim (even broken)


class Reply(BaseModel):
    """One scripted answer. ``status`` ≠ 200 makes it an error reply."""

    text: str = ""
    tool_calls: list[ScriptedToolCall] = Field(default_factory=list)
    finish_reason: str | None = None  # default: "tool_calls" if tool calls else "stop"
    status: int = 200
    error_message: str = ""
    headers: dict[str, str] = Field(default_factory=dict)
    delay_s: float = 0.0  # before the response starts
    chunk_delay_s: float = 0.0  # between streamed chunks
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @classmethod
    def say(cls, text: str, **kw: Any) -> Reply:
        return cls(text=text, **kw)

    @classmethod
    def call(cls, name: str, arguments: str | dict[str, Any], **kw: Any) -> Reply:
        return cls(tool_calls=[ScriptedToolCall(name=name, arguments=arguments)], **kw)

    @classmethod
    def error(
        cls, status: int, message: str = "scripted error", retry_after: str | None = None, **kw: Any
    ) -> Reply:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return cls(status=status, error_message=message, headers=headers, **kw)


def completion_body(reply: Reply, model: str, prompt_tokens: int) -> dict[str, Any]:
    calls = [tool_call_body(c) for c in reply.tool_calls]
    n_completion = completion_tokens(reply)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": reply.text or (None if calls else ""),
                    "refusal": None,
                    "annotations": None,
                    "audio": None,
                    "function_call": None,
                    "tool_calls": calls,
                    "reasoning_content": None,
                },
                "logprobs": None,
                "finish_reason": reply.finish_reason or ("tool_calls" if calls else "stop"),
                "stop_reason": None,
            }
        ],
        "service_tier": None,
        "system_fingerprint": None,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "total_tokens": prompt_tokens + n_completion,
            "completion_tokens": n_completion,
            "prompt_tokens_details": None,
        },
        "prompt_logprobs": None,
        "kv_transfer_params": None,
    }


def stream_chunks(reply: Reply, model: str, prompt_tokens: int, include_usage: bool) -> list[dict[str, Any]]:
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [
                {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish, "stop_reason": None}
            ],
        }

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in pieces(reply.text)]
    chunks.append(chunk({"content": ""}, reply.finish_reason or "stop"))
    if include_usage:
        n = completion_tokens(reply)
        chunks.append(
            {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "total_tokens": prompt_tokens + n,
                    "completion_tokens": n,
                },
            }
        )
    return chunks


def tool_call_body(call: ScriptedToolCall) -> dict[str, Any]:
    args = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
    return {
        "id": f"chatcmpl-tool-{uuid.uuid4().hex[:16]}",
        "type": "function",
        "function": {"name": call.name, "arguments": args},
    }


def pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words) if w or i == 0] if text else []


def completion_tokens(reply: Reply) -> int:
    if reply.completion_tokens is not None:
        return reply.completion_tokens
    return len(pieces(reply.text)) + sum(
        len(tool_call_body(c)["function"]["arguments"]) // 4 for c in reply.tool_calls
    )


def error_body(status: int, message: str) -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": _ERROR_TYPES.get(status, "Error"),
            "param": None,
            "code": status,
        }
    }


def prompt_tokens(body: dict[str, Any]) -> int:
    text = " ".join(str(m.get("content") or "") for m in body.get("messages", []) if isinstance(m, dict))
    return max(1, len(text.split()))
