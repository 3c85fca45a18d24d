"""What one LLM call returns and what it leaves in the record (pydantic: these cross module borders)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from underwrite.llm.errors import ToolCallArgumentsError


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ToolCall(BaseModel):
    """One function call requested by the model, with its arguments already JSON-decoded."""

    id: str
    name: str
    arguments: dict[str, Any]
    raw_arguments: str

    @classmethod
    def parse(cls, call_id: str, name: str, raw_arguments: str | None) -> ToolCall:
        raw = raw_arguments if raw_arguments is not None else ""
        try:
            decoded = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise ToolCallArgumentsError(
                f"tool call {name!r} ({call_id}) has arguments that are not valid JSON "
                f"({exc.msg} at char {exc.pos}): {raw[:200]!r}",
                tool_name=name,
                raw_arguments=raw,
            ) from exc
        if not isinstance(decoded, dict):
            raise ToolCallArgumentsError(
                f"tool call {name!r} ({call_id}) arguments must be a JSON object, got "
                f"{type(decoded).__name__}: {raw[:200]!r}",
                tool_name=name,
                raw_arguments=raw,
            )
        return cls(id=call_id, name=name, arguments=decoded, raw_arguments=raw)


class ChatResult(BaseModel):
    text: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    model: str = ""
    attempts: int = 1


CallKind = Literal["chat", "stream", "structured"]


class CallRecord(BaseModel):
    """One request as the audit sees it: what was asked of which model, what it cost, how it ended."""

    kind: CallKind
    model: str
    base_url: str
    started_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    latency_s: float = 0.0
    first_token_s: float | None = None
    attempts: int = 0
    retry_delays_s: list[float] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    finish_reason: str | None = None
    ok: bool = False
    error: str | None = None
    crashes: list[str] = Field(default_factory=list)
    """Deaths of the embedded server seen by this request, in words (see ``supervisor``)."""
    # Monotonic start, for latencies; private so it never reaches the audit JSON.
    _t0: float = PrivateAttr(default_factory=time.perf_counter)
    _timeouts: int = PrivateAttr(default=0)

    def count_timeout(self) -> int:
        """One more attempt of this request timed out; how many have so far."""
        self._timeouts += 1
        return self._timeouts

    def elapsed_s(self) -> float:
        return time.perf_counter() - self._t0
