"""The part of ``underwrite.llm.LLMClient`` that tools and the graph call, as protocols.

Here, at the bottom of the layers, so the prose extraction in ``tools`` and the graph in ``agent``
can type their LLM argument without importing the client (and the openai SDK with it); scripted
fakes satisfy them too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class StructuredModel(Protocol):
    """Returns a validated ``schema`` instance for a conversation."""

    def structured(
        self,
        messages: Sequence[Mapping[str, Any]],
        schema: type[T],
        *,
        max_tokens: int | None = None,
        repair: bool = True,
        on_text: Callable[[str], None] | None = None,
    ) -> T: ...


class ChatModel(StructuredModel, Protocol):
    """Structured output plus plain chat with tools (what the graph and chat use)."""

    def chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        *,
        max_tokens: int | None = None,
    ) -> Any: ...
