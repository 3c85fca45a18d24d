"""Reading a chat completion into a :class:`ChatResult`: a whole response, or a stream put together
chunk by chunk.

Servers add fields of their own (vLLM: ``reasoning``, ``stop_reason``, ``token_ids``; llama.cpp:
``timings``). The openai SDK keeps them as extra attributes; we read only content, tool calls,
finish reason and usage, so a reasoning model's chain of thought never ends up in a memo's text.
A streamed tool call arrives as deltas keyed by ``index``: the first carries its id, type and
function name, the later ones argument fragments, which are joined in arrival order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionMessageFunctionToolCall

from underwrite.llm.errors import LLMResponseError
from underwrite.llm.results import CallRecord, ChatResult, ToolCall, Usage


def to_result(completion: ChatCompletion, latency_s: float, attempts: int) -> ChatResult:
    if not completion.choices:
        raise LLMResponseError(f"LLM response {completion.id!r} has no choices")
    choice = completion.choices[0]
    message = choice.message
    calls = [
        ToolCall.parse(tc.id, tc.function.name, tc.function.arguments)
        for tc in (message.tool_calls or [])  # vLLM omits the field when there are none
        if isinstance(tc, ChatCompletionMessageFunctionToolCall)
    ]
    return ChatResult(
        text=message.content or "",
        tool_calls=calls,
        finish_reason=choice.finish_reason,
        usage=_usage(completion.usage),
        latency_s=latency_s,
        model=completion.model,
        attempts=attempts,
    )


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class StreamAssembly:
    """Absorbs one stream's chunks; usage, finish reason and first-token time go into ``record``."""

    def __init__(self, record: CallRecord) -> None:
        self.record = record
        self.model = ""
        self._text: list[str] = []
        self._calls: dict[int, _PartialCall] = {}

    def absorb(self, chunk: Any) -> str:
        """The chunk's text (``""`` for role, reasoning, tool-call and usage chunks)."""
        self.model = getattr(chunk, "model", None) or self.model
        if getattr(chunk, "usage", None):
            self.record.usage = _usage(chunk.usage)
        if not chunk.choices:
            return ""
        choice = chunk.choices[0]
        if choice.finish_reason:
            self.record.finish_reason = choice.finish_reason
        delta = choice.delta
        if delta is None:
            return ""
        for tc in delta.tool_calls or []:
            part = self._calls.setdefault(tc.index, _PartialCall())
            part.id = tc.id or part.id
            if tc.function is not None:
                part.name = tc.function.name or part.name
                if tc.function.arguments:
                    part.arguments.append(tc.function.arguments)
        text = delta.content or ""
        if (text or delta.tool_calls) and self.record.first_token_s is None:
            self.record.first_token_s = self.record.elapsed_s()
        if text:
            self._text.append(text)
        return text

    def result(self) -> ChatResult:
        calls = []
        for index, part in sorted(self._calls.items()):
            if not part.name:
                raise LLMResponseError(f"streamed tool call #{index} never named its function")
            calls.append(ToolCall.parse(part.id or f"call-{index}", part.name, "".join(part.arguments)))
        return ChatResult(
            text="".join(self._text),
            tool_calls=calls,
            finish_reason=self.record.finish_reason,
            usage=self.record.usage,
            latency_s=self.record.elapsed_s(),
            model=self.model,
            attempts=self.record.attempts,
        )


def _usage(usage: Any) -> Usage:
    if not usage:
        return Usage()
    return Usage(
        prompt_tokens=usage.prompt_tokens or 0,
        completion_tokens=usage.completion_tokens or 0,  # vLLM types it ``int | None``
        total_tokens=usage.total_tokens or 0,
    )
