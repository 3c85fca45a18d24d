"""An in-process stand-in for :class:`LLMClient` (no HTTP): scripted replies, recorded requests.

For agent tests that care about what the graph does with a reply, not about the wire. Same method
names and results as the real client; structured output goes through the same validate-and-repair
path, so a scripted invalid reply exercises the repair exactly as it would against a server.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from underwrite.llm import structured as structured_output
from underwrite.llm.errors import LLMRequestError, LLMUnavailableError
from underwrite.llm.results import CallRecord, ChatResult, ToolCall, Usage
from underwrite.testing.fake_openai import Reply
from underwrite.testing.openai_wire import finish_reason

SchemaT = TypeVar("SchemaT", bound=BaseModel)
Message = Mapping[str, Any]


class ScriptedLLM:
    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        handler: Callable[[dict[str, Any]], Reply] | None = None,
        model: str = "scripted",
    ) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.handler = handler
        self.model = model
        self.base_url = "scripted://"
        self.requests: list[dict[str, Any]] = []
        self.records: list[CallRecord] = []

    def _reply(self, request: dict[str, Any]) -> Reply:
        self.requests.append(request)
        if self.handler is not None:
            return self.handler(request)
        if not self.replies:
            raise AssertionError(f"ScriptedLLM has no reply left for request #{len(self.requests)}")
        return self.replies.popleft()

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        **kw: Any,
    ) -> ChatResult:
        request = {"messages": [dict(m) for m in messages], "tools": tools, "tool_choice": tool_choice, **kw}
        reply = self._reply(request)
        if reply.status >= 500 or reply.status == 429:
            raise LLMUnavailableError(
                f"scripted HTTP {reply.status}: {reply.error_message}", status_code=reply.status
            )
        if reply.status != 200:
            raise LLMRequestError(
                f"scripted HTTP {reply.status}: {reply.error_message}", status_code=reply.status
            )
        calls = [
            ToolCall.parse(
                f"call-{i}", c.name, c.arguments if isinstance(c.arguments, str) else json.dumps(c.arguments)
            )
            for i, c in enumerate(reply.tool_calls)
        ]
        n = reply.completion_tokens if reply.completion_tokens is not None else len(reply.text.split())
        result = ChatResult(
            text=reply.text,
            tool_calls=calls,
            finish_reason=finish_reason(reply, tool_choice),
            usage=Usage(
                prompt_tokens=reply.prompt_tokens or 0,
                completion_tokens=n,
                total_tokens=(reply.prompt_tokens or 0) + n,
            ),
            model=self.model,
        )
        self.records.append(
            CallRecord(
                kind="chat",
                model=self.model,
                base_url=self.base_url,
                attempts=1,
                usage=result.usage,
                finish_reason=result.finish_reason,
                ok=True,
            )
        )
        return result

    async def achat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        **kw: Any,
    ) -> ChatResult:
        return self.chat(messages, tools, tool_choice, **kw)

    def stream(self, messages: Sequence[Message], **kw: Any) -> Iterator[str]:
        text = self.chat(messages, **kw).text
        yield from (w if i == 0 else " " + w for i, w in enumerate(text.split(" ")) if text)

    async def astream(self, messages: Sequence[Message], **kw: Any) -> AsyncIterator[str]:
        for piece in self.stream(messages, **kw):
            yield piece

    def structured(self, messages: Sequence[Message], schema: type[SchemaT], **kw: Any) -> SchemaT:
        """Like the real client: ``repair=False`` is one request; ``on_text`` gets the reply in pieces."""
        fmt = structured_output.response_format(schema)
        on_text = kw.pop("on_text", None)
        repair = kw.pop("repair", True)

        def ask(m: Sequence[Message]) -> str:
            text = self.chat(m, response_format=fmt, **kw).text
            if on_text is not None:
                for start in range(0, len(text), 16):
                    on_text(text[start : start + 16])
            return text

        if not repair:
            return structured_output.parse_once(schema, ask(messages))
        return structured_output.run(messages, schema, ask)

    async def astructured(self, messages: Sequence[Message], schema: type[SchemaT], **kw: Any) -> SchemaT:
        return self.structured(messages, schema, **kw)
