"""Request size limits (before any byte is parsed) and a per-key token-bucket rate limit.

The size limit is ASGI middleware: a declared ``Content-Length`` over the limit is refused at once;
a body sent without one (chunked) is counted as it arrives and cut off when it passes the limit, so
no upload is buffered past the bound. The rate limit lives in memory per process: a restart gives
every key a full bucket, which errs on the side of the client and loses no data.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from underwrite.api.problems import MEDIA_TYPE, TYPE_BASE


class BodyTooLarge(Exception):
    pass


def _problem_bytes(path: str, limit: int, seen: str) -> bytes:
    body = {
        "type": TYPE_BASE + "too-large",
        "title": "Request too large",
        "status": 413,
        "detail": f"the request body {seen} the limit of {limit} bytes for {path}",
        "instance": path,
        "limit_bytes": limit,
    }
    return json.dumps(body).encode()


class BodySizeLimit:
    """Refuses bodies over ``max_bytes`` with a 413 problem (``multipart_bytes`` for uploads)."""

    def __init__(self, app: ASGIApp, max_bytes: int, multipart_bytes: int) -> None:
        self.app, self.max_bytes, self.multipart_bytes = app, max_bytes, multipart_bytes

    def _limit(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        return self.multipart_bytes if content_type.startswith("multipart/") else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_413(send, _problem_bytes(scope["path"], limit, f"of {int(declared)} bytes exceeds"))
            return
        seen = 0
        exceeded = started = False

        async def counted_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # The framework may turn our exception into its own error response (FastAPI answers
            # "error parsing the body"): once the limit was passed, the 413 goes out instead.
            nonlocal started
            if exceeded:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _send_413(send, _problem_bytes(scope["path"], limit, "exceeds"))
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await _send_413(send, _problem_bytes(scope["path"], limit, "exceeds"))


async def _send_413(send: Send, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """``rate_per_s`` requests per second per key on average, bursts of up to ``burst``."""

    rate_per_s: float
    burst: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key_id: str, now: float | None = None) -> float:
        """0 when the request may proceed; otherwise the seconds until a token is available."""
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.setdefault(key_id, _Bucket(tokens=float(self.burst), updated=now))
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate_per_s)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate_per_s
