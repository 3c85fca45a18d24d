"""How a job failure is classified: permanent (fail now), transient (wait and retry), or ordinary."""

from __future__ import annotations

from typing import Literal

import httpx


class PermanentJobError(Exception):
    """The packet itself is bad (unreadable document, missing folder): retrying cannot help."""


class TransientJobError(Exception):
    """Something outside the packet is down (LLM server, network): wait and retry."""


class PacketRejected(ValueError):
    """A folder given to ``queue add`` is not an application packet or is already queued."""


FailureKind = Literal["permanent", "transient", "error"]

_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


def classify_failure(exc: BaseException) -> FailureKind:
    """Permanent for packet problems, transient for an unreachable or overloaded LLM, else error.

    Walks ``__cause__`` so that a runner wrapping an httpx error in its own exception is still
    recognised.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = _classify_one(current)
        if kind != "error":
            return kind
        current = current.__cause__ or current.__context__
    return "error"


def _classify_one(exc: BaseException) -> FailureKind:
    if isinstance(exc, PermanentJobError):
        return "permanent"
    if isinstance(exc, TransientJobError):
        return "transient"
    if _is_document_error(exc):
        return "permanent"
    llm_kind = _classify_llm_error(exc)
    if llm_kind is not None:
        return llm_kind
    if isinstance(exc, httpx.HTTPStatusError):
        return "transient" if exc.response.status_code in _TRANSIENT_STATUS else "error"
    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        return "transient"
    if _is_openai_transient(exc):
        return "transient"
    return "error"


def _classify_llm_error(exc: BaseException) -> FailureKind | None:
    """The LLM client's typed errors, which arrive after its own (deliberately few) retries.

    Unavailable (connection refused, 5xx, 429) and timeout: the server may come back → transient.
    Request rejected (4xx): the same prompt would be rejected again — e.g. it exceeds the context
    length — so the job fails now with the server's reason, except for the request-timeout/conflict
    codes a proxy may send, which say nothing about the request. An unusable 200 answer (no choices,
    broken tool arguments) or a schema that never validated is an ordinary error: the attempt is
    spent and retried with backoff up to ``max_attempts``.
    """
    # lazy: the llm package loads the openai SDK, which `underwrite queue add` never needs.
    from underwrite.llm.errors import LLMRequestError, LLMTimeoutError, LLMUnavailableError

    if isinstance(exc, LLMUnavailableError | LLMTimeoutError):
        return "transient"
    if isinstance(exc, LLMRequestError):
        return "transient" if exc.status_code in _TRANSIENT_STATUS else "permanent"
    return None


def _is_document_error(exc: BaseException) -> bool:
    # lazy: the intake package loads the PDF stack, which `underwrite queue add` never needs.
    from underwrite.tools.intake.errors import DocumentError

    return isinstance(exc, DocumentError)


def _is_openai_transient(exc: BaseException) -> bool:
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a dependency
        return False
    if isinstance(exc, openai.APIConnectionError | openai.APITimeoutError | openai.RateLimitError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _TRANSIENT_STATUS
