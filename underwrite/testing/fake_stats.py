"""What the fake OpenAI server records: counters for benchmarks and the requests tests assert on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ServerStats(BaseModel):
    """Counters for benchmarks: ``calls`` = chat completions answered with 200 and fully written."""

    calls: int = 0
    errors: int = 0
    in_flight: int = 0
    max_in_flight: int = 0


class RecordedRequest(BaseModel):
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
