"""The OpenAI chat-completions wire format as vLLM writes it: scripted replies and their JSON bodies,
SSE chunks and error envelopes, for :mod:`underwrite.testing.fake_openai`.

Copied field for field from vLLM 0.33.0 (``vllm/entrypoints/openai/chat_completion/protocol.py``,
``serving.py`` and ``stream_processor.py``; ``DeltaMessage``/``DeltaToolCall`` in
``vllm/entrypoints/generate/base/protocol.py``; argument streaming as the hermes tool parser does it):

- non-streamed replies are ``ChatCompletionResponse.model_dump()``: every field, ``None`` included,
  except that ``ChatMessage`` drops an empty ``tool_calls`` list; the chain of thought is
  ``message.reasoning`` (``reasoning_content`` was removed from vLLM);
- streamed chunks are ``model_dump_json(exclude_unset=True)``: only the fields the server set. The
  first chunk is the role with empty content; a tool call arrives as one delta with ``id``, ``type``
  and ``function.name`` for its ``index``, then deltas with argument fragments only; the last choice
  chunk has ``finish_reason`` ``"tool_calls"`` (``"stop"`` when one named tool was forced) and
  ``stop_reason``; usage comes in a final chunk with no choices (also ``exclude_none``);
- ids are ``chatcmpl-<16 hex>`` and ``chatcmpl-tool-<16 hex>``; errors are
  ``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
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
_ARGUMENT_FRAGMENT = 8  # characters per streamed argument delta (vLLM sends one per decoded token)


class ScriptedToolCall(BaseModel):
    name: str
    arguments: str | dict[str, Any] = Field(default_factory=dict)  # a str is sent verbatim (even broken)


class Reply(BaseModel):
    """One scripted answer. ``status`` ≠ 200 makes it an error reply."""

    text: str = ""
    reasoning: str = ""  # vLLM's ``reasoning`` field (a reasoning parser's chain of thought)
    tool_calls: list[ScriptedToolCall] = Field(default_factory=list)
    finish_reason: str | None = None  # default: vLLM's rule, see :func:`finish_reason`
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


def finish_reason(reply: Reply, tool_choice: Any = None) -> str:
    """vLLM's ``resolve_finish_reason``: "tool_calls" when the reply carries tool calls, unless the
    request forced one named tool (``{"type": "function", "function": {"name": ...}}``): "stop"."""
    if reply.finish_reason:
        return reply.finish_reason
    forced_named_tool = isinstance(tool_choice, Mapping)
    return "tool_calls" if reply.tool_calls and not forced_named_tool else "stop"


def completion_body(reply: Reply, model: str, prompt_tokens: int, tool_choice: Any = None) -> dict[str, Any]:
    calls = [tool_call_body(c) for c in reply.tool_calls]
    n_completion = completion_tokens(reply)
    message: dict[str, Any] = {
        "role": "assistant",
        "content": reply.text or (None if calls else ""),
        "refusal": None,
        "annotations": None,
        "audio": None,
        "function_call": None,
    }
    if calls:  # ChatMessage's serializer drops an empty list
        message["tool_calls"] = calls
    message["reasoning"] = reply.reasoning or None
    return {
        "id": f"chatcmpl-{_hex16()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish_reason(reply, tool_choice),
                "stop_reason": None,
                "token_ids": None,
                "routed_experts": None,
                "weight_versions": None,
            }
        ],
        "service_tier": None,
        "system_fingerprint": None,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "total_tokens": prompt_tokens + n_completion,
            "completion_tokens": n_completion,
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


def stream_chunks(
    reply: Reply, model: str, prompt_tokens: int, include_usage: bool, tool_choice: Any = None
) -> list[dict[str, Any]]:
    cid, created = f"chatcmpl-{_hex16()}", int(time.time())
    head = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model}

    def chunk(delta: dict[str, Any]) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": None, "token_ids": None}
        return {**head, "choices": [choice], "kv_transfer_params": None}

    opening_choice = {
        "index": 0,
        "delta": {"role": "assistant", "content": ""},
        "logprobs": None,
        "finish_reason": None,
    }
    chunks = [{**head, "choices": [opening_choice], "prompt_token_ids": None, "prompt_text": None}]
    chunks += [chunk({"reasoning": piece}) for piece in pieces(reply.reasoning)]
    chunks += [chunk({"content": piece}) for piece in pieces(reply.text)]
    for index, call in enumerate(reply.tool_calls):
        body = tool_call_body(call)
        named = {"id": body["id"], "type": "function", "index": index, "function": {"name": call.name}}
        chunks.append(chunk({"content": None, "tool_calls": [named]}))
        args = body["function"]["arguments"]
        for start in range(0, len(args), _ARGUMENT_FRAGMENT):
            fragment = {"index": index, "function": {"arguments": args[start : start + _ARGUMENT_FRAGMENT]}}
            chunks.append(chunk({"content": None, "tool_calls": [fragment]}))
    last = chunk({} if reply.tool_calls else {"content": ""})
    last["choices"][0].update(
        finish_reason=finish_reason(reply, tool_choice), stop_reason=None, weight_versions=None
    )
    chunks.append(last)
    if include_usage:
        n = completion_tokens(reply)
        chunks.append(
            {
                **head,
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
        "id": f"chatcmpl-tool-{_hex16()}",
        "type": "function",
        "function": {"name": call.name, "arguments": args},
    }


def pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words) if w or i == 0] if text else []


def completion_tokens(reply: Reply) -> int:
    if reply.completion_tokens is not None:
        return reply.completion_tokens
    return (
        len(pieces(reply.text))
        + len(pieces(reply.reasoning))
        + sum(len(tool_call_body(c)["function"]["arguments"]) // 4 for c in reply.tool_calls)
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


def model_permission() -> dict[str, Any]:
    """vLLM's default ``ModelPermission`` entry of a ``/v1/models`` card."""
    return {
        "id": f"modelperm-{_hex16()}",
        "object": "model_permission",
        "created": int(time.time()),
        "allow_create_engine": False,
        "allow_sampling": True,
        "allow_logprobs": True,
        "allow_search_indices": False,
        "allow_view": True,
        "allow_fine_tuning": False,
        "organization": "*",
        "group": None,
        "is_blocking": False,
    }


def prompt_tokens(body: dict[str, Any]) -> int:
    text = " ".join(str(m.get("content") or "") for m in body.get("messages", []) if isinstance(m, dict))
    return max(1, len(text.split()))


def _hex16() -> str:
    # vLLM's random_uuid(): the low 64 bits of a uuid4 as 16 hex digits
    return f"{uuid.uuid4().int & (2**64 - 1):016x}"
