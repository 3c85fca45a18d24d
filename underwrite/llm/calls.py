"""How one LLM request is built and retried: the loops behind every ``LLMClient`` call.

Kept apart from the client's public methods so each file has one reason to change: this one changes
with the retry and crash-recovery policy (see :mod:`.retry` and :mod:`.supervisor`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from underwrite.llm.errors import LLMUnavailableError
from underwrite.llm.responses import to_result
from underwrite.llm.results import CallKind, CallRecord, ChatResult
from underwrite.llm.retry import Failure, classify, final_error
from underwrite.llm.supervisor import after_crash

if TYPE_CHECKING:
    from underwrite.llm.client import LLMClient

T = TypeVar("T")
Message = Mapping[str, Any]


def request_kwargs(
    model: str,
    messages: Sequence[Message],
    tools: Sequence[Mapping[str, Any]] | None,
    tool_choice: str | Mapping[str, Any] | None,
    temperature: float | None,
    max_tokens: int | None,
    response_format: Mapping[str, Any] | None,
    extra_body: Mapping[str, Any] | None,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"model": model, "messages": [dict(m) for m in messages]}
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


def retrying(client: LLMClient, call: Callable[[], T], record: CallRecord) -> T:
    since = client.supervisor.generation() if client.supervisor else 0
    while True:
        record.attempts += 1
        try:
            return call()
        except Exception as exc:
            failure = classify(exc)
            if failure.kind == "connection" and client.supervisor is not None:
                restarted = after_crash(client.supervisor, record, since)
                if restarted is not None:  # the server died under this request: once more, now
                    since = restarted
                    continue
            delay = next_delay(client, failure, record)
        time.sleep(delay)


async def aretrying(client: LLMClient, call: Callable[[], Awaitable[T]], record: CallRecord) -> T:
    since = client.supervisor.generation() if client.supervisor else 0
    while True:
        record.attempts += 1
        try:
            return await call()
        except Exception as exc:
            failure = classify(exc)
            if failure.kind == "connection" and client.supervisor is not None:
                # A restart loads the model for seconds: not on the event loop's thread.
                restarted = await asyncio.to_thread(after_crash, client.supervisor, record, since)
                if restarted is not None:
                    since = restarted
                    continue
            delay = next_delay(client, failure, record)
        await asyncio.sleep(delay)


def crash_note(client: LLMClient, since: int) -> str:
    """ "; embedded LLM crashed with SIGSEGV; restarting (1/2) …" when that is why, else ""."""
    if client.supervisor is None:
        return ""
    found = client.supervisor.recover(since)
    return f"; {found.description}" if found.crashed else ""


def next_delay(client: LLMClient, failure: Failure, record: CallRecord) -> float:
    retries_done = record.attempts - 1
    timed_out = failure.kind == "timeout"
    no_retry = timed_out and (
        not client.retry.retry_timeouts or record.count_timeout() > client.retry.max_timeout_retries
    )
    if no_retry or retries_done >= client.retry.max_retries:
        raise final_error(
            failure, attempts=record.attempts, base_url=client.base_url, timeout_s=client.timeout_s
        )
    delay = client.retry.delay_s(retries_done, failure.retry_after_s, client._rng)
    record.retry_delays_s.append(round(delay, 4))
    return delay


def start_record(client: LLMClient, kind: CallKind) -> CallRecord:
    return CallRecord(kind=kind, model=client.model, base_url=client.base_url)


def finish_record(
    client: LLMClient,
    record: CallRecord,
    *,
    result: ChatResult | None = None,
    error: BaseException | None = None,
) -> None:
    """Close the record of one call: latency, usage, outcome; keep it and hand it to ``on_call``."""
    if result is not None:
        record.latency_s = result.latency_s
        record.usage = result.usage
        record.finish_reason = result.finish_reason
    else:
        record.latency_s = record.elapsed_s()
    record.ok = error is None
    record.error = None if error is None else f"{type(error).__name__}: {error}"[:500]
    client.records.append(record)
    if client.on_call is not None:
        client.on_call(record)


class Recorded:
    """The record of one non-streamed call, closed exactly once: with the result by :meth:`done`,
    or with the exception that leaves the ``with`` block (the sync and async chat share this)."""

    def __init__(self, client: LLMClient, kind: CallKind) -> None:
        self.client = client
        self.record = start_record(client, kind)
        self._closed = False

    def done(self, completion: Any) -> ChatResult:
        result = to_result(completion, self.record.elapsed_s(), self.record.attempts)
        self._closed = True
        finish_record(self.client, self.record, result=result)
        return result

    def __enter__(self) -> Recorded:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, Exception) and not self._closed:
            self._closed = True
            finish_record(self.client, self.record, error=exc)


def streaming(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` for a streamed request."""
    kwargs["stream"] = True
    # vLLM then sends token usage in a final chunk; llama.cpp ignores it (usage stays 0).
    kwargs["stream_options"] = {"include_usage": True}
    return kwargs


def broken_stream(
    client: LLMClient, exc: BaseException, crash: str, record: CallRecord
) -> LLMUnavailableError:
    # Text already went to the caller, so a broken stream is not replayed; a crash is named.
    return LLMUnavailableError(
        f"LLM stream from {client.base_url} broke: {exc}{crash}", attempts=record.attempts
    )
