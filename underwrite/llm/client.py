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
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import openai
from pydantic import BaseModel

from underwrite.core.settings import Settings, get_settings
from underwrite.llm import structured as structured_output
from underwrite.llm.errors import LLMUnavailableError
from underwrite.llm.responses import StreamAssembly, to_result
from underwrite.llm.results import CallKind, CallRecord, ChatResult
from underwrite.llm.retry import Failure, RetryPolicy, classify, final_error
from underwrite.llm.supervisor import EmbeddedSupervisor, after_crash, ensure_llm, supervisor_for

Message = Mapping[str, Any]
SchemaT = TypeVar("SchemaT", bound=BaseModel)
T = TypeVar("T")


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

    # ---- plain chat -------------------------------------------------------------------------
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
        kwargs = self._request(
            messages, tools, tool_choice, temperature, max_tokens, response_format, extra_body
        )
        record = self._start(_kind)
        try:
            completion = self._retrying(lambda: self._sync.chat.completions.create(**kwargs), record)
            result = to_result(completion, record.elapsed_s(), record.attempts)
        except Exception as exc:
            self._finish(record, error=exc)
            raise
        self._finish(record, result=result)
        return result

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
        kwargs = self._request(
            messages, tools, tool_choice, temperature, max_tokens, response_format, extra_body
        )
        client = self._async_client()
        record = self._start(_kind)
        try:
            completion = await self._aretrying(lambda: client.chat.completions.create(**kwargs), record)
            result = to_result(completion, record.elapsed_s(), record.attempts)
        except Exception as exc:
            self._finish(record, error=exc)
            raise
        self._finish(record, result=result)
        return result

    # ---- streaming ----------------------------------------------------------------------------
    def stream(
        self,
        messages: Sequence[Message],
        *,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        response_format: Mapping[str, Any] | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they arrive. Retries happen only before the first piece."""
        kwargs = self._request(messages, None, None, temperature, max_tokens, response_format, None)
        yield from self._streamed(kwargs, StreamAssembly(self._start("stream")))

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
        kwargs = self._request(messages, tools, tool_choice, temperature, max_tokens, None, None)
        assembly = StreamAssembly(self._start("stream"))
        for piece in self._streamed(kwargs, assembly):
            if on_text is not None:
                on_text(piece)
        return assembly.result()

    def _streamed(self, kwargs: dict[str, Any], assembly: StreamAssembly) -> Iterator[str]:
        kwargs["stream"] = True
        # vLLM then sends token usage in a final chunk; llama.cpp ignores it (usage stays 0).
        kwargs["stream_options"] = {"include_usage": True}
        record = assembly.record
        since = self.supervisor.generation() if self.supervisor else 0
        error: BaseException | None = None
        try:
            chunks = self._retrying(lambda: self._sync.chat.completions.create(**kwargs), record)
            for chunk in chunks:
                piece = assembly.absorb(chunk)
                if piece:
                    yield piece
        except openai.APIError as exc:
            # Text already went to the caller, so a broken stream is not replayed; a crash is named.
            error = LLMUnavailableError(
                f"LLM stream from {self.base_url} broke: {exc}{self._crash_note(since)}",
                attempts=record.attempts,
            )
            raise error from exc
        except BaseException as exc:  # GeneratorExit too: the caller stopped reading early
            error = exc
            raise
        finally:
            self._finish(record, error=error)

    async def astream(
        self, messages: Sequence[Message], *, temperature: float | None = 0.0, max_tokens: int | None = None
    ) -> AsyncIterator[str]:
        kwargs = self._request(messages, None, None, temperature, max_tokens, None, None)
        kwargs["stream"] = True
        kwargs["stream_options"] = {"include_usage": True}
        client = self._async_client()
        assembly = StreamAssembly(self._start("stream"))
        record = assembly.record
        since = self.supervisor.generation() if self.supervisor else 0
        error: BaseException | None = None
        try:
            chunks = await self._aretrying(lambda: client.chat.completions.create(**kwargs), record)
            async for chunk in chunks:
                piece = assembly.absorb(chunk)
                if piece:
                    yield piece
        except openai.APIError as exc:
            note = await asyncio.to_thread(self._crash_note, since)
            error = LLMUnavailableError(
                f"LLM stream from {self.base_url} broke: {exc}{note}", attempts=record.attempts
            )
            raise error from exc
        except BaseException as exc:
            error = exc
            raise
        finally:
            self._finish(record, error=error)

    # ---- structured output ------------------------------------------------------------------
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

    # ---- internals ----------------------------------------------------------------------------
    def _request(
        self,
        messages: Sequence[Message],
        tools: Sequence[Mapping[str, Any]] | None,
        tool_choice: str | Mapping[str, Any] | None,
        temperature: float | None,
        max_tokens: int | None,
        response_format: Mapping[str, Any] | None,
        extra_body: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": self.model, "messages": [dict(m) for m in messages]}
        if tools:
            kwargs["tools"] = [dict(t) for t in tools]
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        if temperature is not None:
            kwargs["temperature"] = temperature
        if max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        if response_format is not None:
            kwargs["response_format"] = dict(response_format)
        if extra_body:
            kwargs["extra_body"] = dict(extra_body)
        return kwargs

    def _async_client(self) -> openai.AsyncOpenAI:
        # An async connection pool belongs to one event loop; tests and scripts may run several.
        loop = asyncio.get_running_loop()
        if self._async is None or self._async_loop is not loop:
            self._async = openai.AsyncOpenAI(
                base_url=self.base_url, api_key=self._api_key, timeout=self.timeout_s, max_retries=0
            )
            self._async_loop = loop
        return self._async

    def _start(self, kind: CallKind) -> CallRecord:
        return CallRecord(kind=kind, model=self.model, base_url=self.base_url)

    def _finish(
        self, record: CallRecord, *, result: ChatResult | None = None, error: BaseException | None = None
    ) -> None:
        if result is not None:
            record.latency_s = result.latency_s
            record.usage = result.usage
            record.finish_reason = result.finish_reason
        else:
            record.latency_s = record.elapsed_s()
        record.ok = error is None
        record.error = None if error is None else f"{type(error).__name__}: {error}"[:500]
        self.records.append(record)
        if self.on_call is not None:
            self.on_call(record)

    def _retrying(self, call: Callable[[], T], record: CallRecord) -> T:
        since = self.supervisor.generation() if self.supervisor else 0
        while True:
            record.attempts += 1
            try:
                return call()
            except Exception as exc:
                failure = classify(exc)
                if failure.kind == "connection" and self.supervisor is not None:
                    restarted = after_crash(self.supervisor, record, since)
                    if restarted is not None:  # the server died under this request: once more, now
                        since = restarted
                        continue
                delay = self._next_delay(failure, record)
            time.sleep(delay)

    async def _aretrying(self, call: Callable[[], Awaitable[T]], record: CallRecord) -> T:
        since = self.supervisor.generation() if self.supervisor else 0
        while True:
            record.attempts += 1
            try:
                return await call()
            except Exception as exc:
                failure = classify(exc)
                if failure.kind == "connection" and self.supervisor is not None:
                    # A restart loads the model for seconds: not on the event loop's thread.
                    restarted = await asyncio.to_thread(after_crash, self.supervisor, record, since)
                    if restarted is not None:
                        since = restarted
                        continue
                delay = self._next_delay(failure, record)
            await asyncio.sleep(delay)

    def _crash_note(self, since: int) -> str:
        """ "; embedded LLM crashed with SIGSEGV; restarting (1/2) …" when that is why, else ""."""
        if self.supervisor is None:
            return ""
        found = self.supervisor.recover(since)
        return f"; {found.description}" if found.crashed else ""

    def _next_delay(self, failure: Failure, record: CallRecord) -> float:
        retries_done = record.attempts - 1
        no_retry = failure.kind == "timeout" and not self.retry.retry_timeouts
        if no_retry or retries_done >= self.retry.max_retries:
            raise final_error(
                failure, attempts=record.attempts, base_url=self.base_url, timeout_s=self.timeout_s
            )
        delay = self.retry.delay_s(retries_done, failure.retry_after_s, self._rng)
        record.retry_delays_s.append(round(delay, 4))
        return delay
