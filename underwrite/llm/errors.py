"""Typed failures of the LLM layer, so callers can tell "try later" from "fix the request"."""

from __future__ import annotations


class LLMError(Exception):
    """Base class of every error raised by the LLM client and backends."""


class LLMUnavailableError(LLMError):
    """The server could not be reached, or kept failing (5xx/429) after all retries."""

    def __init__(self, message: str, *, attempts: int = 0, status_code: int | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status_code = status_code


class LLMTimeoutError(LLMError):
    """Every attempt timed out."""

    def __init__(self, message: str, *, attempts: int = 0, timeout_s: float | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.timeout_s = timeout_s


class LLMRequestError(LLMError):
    """The server rejected the request (4xx other than 429); retrying the same request cannot help."""

    def __init__(self, message: str, *, status_code: int, body: object = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class LLMResponseError(LLMError):
    """The server answered 200 but the answer is unusable (no choices, malformed tool arguments)."""


class ToolCallArgumentsError(LLMResponseError):
    """A tool call's ``arguments`` string is not a JSON object."""

    def __init__(self, message: str, *, tool_name: str, raw_arguments: str) -> None:
        super().__init__(message)
        self.tool_name = tool_name
        self.raw_arguments = raw_arguments


class StructuredOutputError(LLMError):
    """The model's reply did not validate against the schema, even after one repair attempt."""

    def __init__(self, message: str, *, schema_name: str, raw_text: str, errors: str) -> None:
        super().__init__(message)
        self.schema_name = schema_name
        self.raw_text = raw_text
        self.errors = errors


class EmbeddedLLMError(LLMError):
    """The embedded llama.cpp server could not be started or reached."""


UNREACHABLE: tuple[type[LLMError], ...] = (LLMUnavailableError, LLMTimeoutError)
"""The model could not be reached at all (down, crashed twice, timed out), as opposed to a bad answer:
callers fall back to what code can say without it (deterministic memo, tool results in chat)."""
