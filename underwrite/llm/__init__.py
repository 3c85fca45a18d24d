"""LLM access for the agent: one OpenAI-compatible client, the embedded llama.cpp backend and vLLM.

Public surface (other areas code against it): :class:`LLMClient` (``from_settings``, ``chat``,
``achat``, ``stream``, ``astream``, ``stream_chat``, ``structured``, ``astructured``),
:func:`ensure_llm`, the result models and the typed errors.
"""

from underwrite.llm.client import LLMClient
from underwrite.llm.errors import (
    EmbeddedLLMError,
    LLMError,
    LLMRequestError,
    LLMResponseError,
    LLMTimeoutError,
    LLMUnavailableError,
    StructuredOutputError,
    ToolCallArgumentsError,
)
from underwrite.llm.results import CallRecord, ChatResult, ToolCall, Usage
from underwrite.llm.retry import RetryPolicy
from underwrite.llm.supervisor import ensure_llm, stop_embedded

__all__ = [
    "CallRecord",
    "ChatResult",
    "EmbeddedLLMError",
    "LLMClient",
    "LLMError",
    "LLMRequestError",
    "LLMResponseError",
    "LLMTimeoutError",
    "LLMUnavailableError",
    "RetryPolicy",
    "StructuredOutputError",
    "ToolCall",
    "ToolCallArgumentsError",
    "Usage",
    "ensure_llm",
    "stop_embedded",
]
