"""An LLM that could not be started yet: every call says why, and tries again after a pause.

Why: the embedded server can fail to start (a model file missing, a CPU it crashes on, memory). The
workflow must still finish with a flagged deterministic memo and chat must say the model is down,
so ``Deps.default()`` hands the graph this stand-in instead of failing. A long-lived process (the
workbench) then recovers by itself once the model can start, without a restart of the app.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from underwrite.llm.client import LLMClient
from underwrite.llm.errors import LLMError, LLMUnavailableError

SchemaT = TypeVar("SchemaT", bound=BaseModel)


class DeferredLLM:
    """Builds the real client on use; while it cannot be built, calls raise :class:`LLMUnavailableError`."""

    def __init__(self, factory: Callable[[], LLMClient], reason: str, *, retry_after_s: float = 30.0) -> None:
        self._factory = factory
        self.reason = reason
        self.retry_after_s = retry_after_s
        self._client: LLMClient | None = None
        self._last_try = time.monotonic()
        self._lock = threading.Lock()

    def client(self) -> LLMClient:
        with self._lock:
            if self._client is not None:
                return self._client
            if time.monotonic() - self._last_try >= self.retry_after_s:
                self._last_try = time.monotonic()
                try:
                    self._client = self._factory()
                    return self._client
                except LLMError as exc:
                    self.reason = str(exc)
            raise LLMUnavailableError(f"the LLM could not be started: {self.reason}")

    def chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        tools: Sequence[Mapping[str, Any]] | None = None,
        tool_choice: str | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        return self.client().chat(messages, tools, tool_choice, **kwargs)

    def stream(self, messages: Sequence[Mapping[str, Any]], **kwargs: Any) -> Iterator[str]:
        return self.client().stream(messages, **kwargs)

    def structured(
        self, messages: Sequence[Mapping[str, Any]], schema: type[SchemaT], **kwargs: Any
    ) -> SchemaT:
        return self.client().structured(messages, schema, **kwargs)
