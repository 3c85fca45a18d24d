"""When to retry an LLM request and how long to wait.

Retried: connection errors, timeouts, 5xx and 429 (honouring ``Retry-After``) — the server may
recover. Not retried: every other 4xx — the same request would be rejected again, so the caller
gets :class:`LLMRequestError` at once.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal

import openai
from pydantic import BaseModel, Field

from underwrite.llm.errors import (
    LLMError,
    LLMRequestError,
    LLMTimeoutError,
    LLMUnavailableError,
)

FailureKind = Literal["timeout", "connection", "status"]


class RetryPolicy(BaseModel):
    max_retries: int = Field(default=3, ge=0)
    base_delay_s: float = Field(default=0.5, ge=0)
    max_delay_s: float = Field(default=20.0, ge=0)
    # A server asking us to wait longer than this is treated as down rather than obeyed for minutes.
    max_retry_after_s: float = Field(default=60.0, ge=0)
    # False for the embedded llama.cpp server: it serialises requests and keeps generating a request
    # whose client timed out, so a retry only queues behind it (a "timeout storm"); fail at once.
    retry_timeouts: bool = True
    # A server that stayed silent for the whole timeout twice is hung, not busy: more retries only
    # multiply the wait (a hung server held a memo 4 x 120 s with max_retries=3).
    max_timeout_retries: int = Field(default=1, ge=0)

    def delay_s(self, retry_index: int, retry_after_s: float | None, rng: random.Random) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random, so that many batch
        workers failing together do not come back together; never shorter than Retry-After."""
        ceiling = min(self.max_delay_s, self.base_delay_s * (2**retry_index))
        backoff = ceiling / 2 + rng.uniform(0, ceiling / 2)
        if retry_after_s is not None:
            return max(backoff, min(retry_after_s, self.max_retry_after_s))
        return backoff


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    message: str
    status_code: int | None = None
    retry_after_s: float | None = None


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def classify(exc: BaseException) -> Failure:
    """Map an SDK exception to a retryable :class:`Failure`; raise at once for what must not retry."""
    if isinstance(exc, openai.APITimeoutError):
        return Failure("timeout", "request timed out")
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc
        return Failure("connection", f"connection failed: {cause}")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        detail = _error_detail(exc)
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(exc.response.headers.get("retry-after"))
            return Failure("status", f"HTTP {status}: {detail}", status, retry_after)
        raise LLMRequestError(
            f"LLM server rejected the request: HTTP {status}: {detail}", status_code=status, body=exc.body
        ) from exc
    raise exc


def final_error(failure: Failure, *, attempts: int, base_url: str, timeout_s: float) -> LLMError:
    if failure.kind == "timeout":
        return LLMTimeoutError(
            f"LLM at {base_url} did not answer within {timeout_s:g}s ({attempts} attempts)",
            attempts=attempts,
            timeout_s=timeout_s,
        )
    return LLMUnavailableError(
        f"LLM at {base_url} unavailable after {attempts} attempts: {failure.message}",
        attempts=attempts,
        status_code=failure.status_code,
    )


def _error_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        message = body.get("message") or body.get("detail") or body.get("error")
        if isinstance(message, dict):
            message = message.get("message")
        if message:
            return str(message)[:500]
    return exc.message[:500]
