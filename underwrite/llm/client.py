"""The one OpenAI-compatible client the whole agent uses (embedded llama.cpp, vLLM, any other URL).

Built on the ``openai`` SDK rather than bare httpx: it gives typed responses, SSE stream parsing and
both a sync and an async client over pooled connections, and it is what vLLM and llama.cpp document.
Its own retry loop is switched off (``max_retries=0``) because its policy retries 408/409 too; ours
(see :mod:`.retry`) retries only connection errors, timeouts, 5xx and 429, honours Retry-After and
records every wait, so an audit can show why a memo took 40 seconds.
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import openai
from pydantic import BaseModel

from underwrite.core.settings import Settings, get_settings
from underwrite.llm import calls
from underwrite.llm import structured as structured_output
from underwrite.llm.responses import StreamAssembly
from underwrite.llm.results import CallKind, CallRecord, ChatResult
from underwrite.llm.retry import RetryPolicy
from underwrite.llm.supervisor import EmbeddedSupervisor, ensure_llm, supervisor_for

Message = Mapping[str, Any]
SchemaT = TypeVar("SchemaT", bound=BaseModel)


class LLMClient:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "not-needed",
        timeout_s: float = 120.0,
        retry: RetryPolicy | None = None,
        on_call: Callable[[CallRecord], None] | None = None,
        max_records: int = 10_000,
        seed: int | None = None,
        supervisor: EmbeddedSupervisor | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        self.retry = retry or RetryPolicy()
        self.on_call = on_call
        # Bounded: a batch worker runs for hours; the audit gets each record through on_call.
        self.records: deque[CallRecord] = deque(maxlen=max_records)
        self._api_key = api_key
        self._rng = random.Random(seed)
        # Set for the embedded server only: a dropped connection may be a crash to recover from.
        self.supervisor = supervisor
        self._sync = openai.OpenAI(base_url=self.base_url, api_key=api_key, timeout=timeout_s, max_retries=0)
        self._async: openai.AsyncOpenAI | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> LLMClient:
        """Client for the configured URL, or for the embedded server (started on first use)."""
        s = settings or get_settings()
        if not s.llm_url.strip():
            kwargs.setdefault("supervisor", supervisor_for(s))
        return cls(
            ensure_llm(s),
            s.llm_model,
            api_key=s.llm_api_key.get_secret_value(),
            timeout_s=s.llm_timeout_s,
            retry=RetryPolicy(max_retries=s.llm_max_retries, retry_timeouts=bool(s.llm_url.strip())),
            **kwargs,
        )

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        """Close the async connection pool (call from the loop that used it), and the sync one."""
        if self._async is not None and self._async_loop is asyncio.get_running_loop():
            await self._async.close()
        self._async = None
        self._async_loop = None
        self._sync.close()

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        response_format: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        _kind: CallKind = "chat",
    ) -> ChatResult:
        """One chat completion. Temperature defaults to 0 so a rerun of an application is reproducible."""
        kwargs = calls.request_kwargs(
            self.model, messages, tools, tool_choice, temperature, max_tokens, response_format, extra_body
        )
        with calls.Recorded(self, _kind) as call:
            create = lambda: self._sync.chat.completions.create(**kwargs)  # noqa: E731 (read on each try)
            return call.done(calls.retrying(self, create, call.record))

    async def achat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        response_format: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        _kind: CallKind = "chat",
    ) -> ChatResult:
        kwargs = calls.request_kwargs(
            self.model, messages, tools, tool_choice, temperature, max_tokens, response_format, extra_body
        )
        client = self._async_client()
        with calls.Recorded(self, _kind) as call:
            create = lambda: client.chat.completions.create(**kwargs)  # noqa: E731
            return call.done(await calls.aretrying(self, create, call.record))

    def stream(
        self,
        messages: Sequence[Message],
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        response_format: Mapping[str, Any] | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they arrive. Retries happen only before the first piece."""
        kwargs = calls.request_kwargs(
            self.model, messages, None, None, temperature, max_tokens, response_format, None
        )
        yield from self._streamed(kwargs, StreamAssembly(calls.start_record(self, "stream")))

    def stream_chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        *,
        on_text: Callable[[str], None] | None = None,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
    ) -> ChatResult:
        """A streamed chat completion, put together: text pieces go to ``on_text`` as they arrive,
        tool calls are assembled from their deltas, and the whole reply is returned."""
        kwargs = calls.request_kwargs(
            self.model, messages, tools, tool_choice, temperature, max_tokens, None, None
        )
        assembly = StreamAssembly(calls.start_record(self, "stream"))
        for piece in self._streamed(kwargs, assembly):
            if on_text is not None:
                on_text(piece)
        return assembly.result()

    def _streamed(self, kwargs: dict[str, Any], assembly: StreamAssembly) -> Iterator[str]:
        calls.streaming(kwargs)
        record = assembly.record
        since = self.supervisor.generation() if self.supervisor else 0
        error: BaseException | None = None
        try:
            chunks = calls.retrying(self, lambda: self._sync.chat.completions.create(**kwargs), record)
            for chunk in chunks:
                piece = assembly.absorb(chunk)
                if piece:
                    yield piece
        except openai.APIError as exc:
            error = calls.broken_stream(self, exc, calls.crash_note(self, since), record)
            raise error from exc
        except BaseException as exc:  # GeneratorExit too: the caller stopped reading early
            error = exc
            raise
        finally:
            calls.finish_record(self, record, error=error)

    async def astream(
        self, messages: Sequence[Message], *, temperature: float | None = 0.0, max_tokens: int | None = None
    ) -> AsyncIterator[str]:
        kwargs = calls.request_kwargs(self.model, messages, None, None, temperature, max_tokens, None, None)
        calls.streaming(kwargs)
        client = self._async_client()
        assembly = StreamAssembly(calls.start_record(self, "stream"))
        record = assembly.record
        since = self.supervisor.generation() if self.supervisor else 0
        error: BaseException | None = None
        try:
            chunks = await calls.aretrying(self, lambda: client.chat.completions.create(**kwargs), record)
            async for chunk in chunks:
                piece = assembly.absorb(chunk)
                if piece:
                    yield piece
        except openai.APIError as exc:
            note = await asyncio.to_thread(calls.crash_note, self, since)
            error = calls.broken_stream(self, exc, note, record)
            raise error from exc
        except BaseException as exc:
            error = exc
            raise
        finally:
            calls.finish_record(self, record, error=error)

    def structured(
        self,
        messages: Sequence[Message],
        schema: type[SchemaT],
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        repair: bool = True,
        on_text: Callable[[str], None] | None = None,
    ) -> SchemaT:
        """A validated ``schema`` instance; one repair round shows the model its validation error.

        ``repair=False`` skips that round (one request, :class:`StructuredOutputError` on invalid
        output) for callers that run their own repair loop, such as the memo graph. With ``on_text``
        the constrained reply is streamed and every piece is passed to it as it arrives (a screen can
        show the draft being written); the result is validated only once the reply is complete.
        """

        def ask(msgs: Sequence[Message]) -> str:
            if on_text is not None:
                pieces = []
                fmt = structured_output.response_format(schema)
                for piece in self.stream(
                    msgs, temperature=temperature, max_tokens=max_tokens, response_format=fmt
                ):
                    on_text(piece)
                    pieces.append(piece)
                return "".join(pieces)
            return self.chat(
                msgs,
                temperature=temperature,
                max_tokens=max_tokens,
                response_format=structured_output.response_format(schema),
                _kind="structured",
            ).text

        if not repair:
            return structured_output.parse_once(schema, ask(messages))
        return structured_output.run(messages, schema, ask)

    async def astructured(
        self,
        messages: Sequence[Message],
        schema: type[SchemaT],
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
    ) -> SchemaT:
        async def ask(msgs: Sequence[Message]) -> str:
            result = await self.achat(
                msgs,
                temperature=temperature,
                max_tokens=max_tokens,
                response_format=structured_output.response_format(schema),
                _kind="structured",
            )
            return result.text

        return await structured_output.arun(messages, schema, ask)

    def _async_client(self) -> openai.AsyncOpenAI:
        # An async connection pool belongs to one event loop; tests and scripts may run several.
        loop = asyncio.get_running_loop()
        if self._async is None or self._async_loop is not loop:
            self._async = openai.AsyncOpenAI(
                base_url=self.base_url, api_key=self._api_key, timeout=self.timeout_s, max_retries=0
            )
            self._async_loop = loop
        return self._async
