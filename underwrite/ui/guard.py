"""What Gradio's own routes do not check: sign-in attempts per user and per address, and which
files under the outputs folder each role may fetch.

Gradio's ``auth=`` callback sees only a username and a password, and its file route only asks
whether someone is signed in. This ASGI middleware sits in front of both (passed to FastAPI through
``launch(app_kwargs={"middleware": ...})``): it refuses ``POST /login`` while a user or an address
is locked out, counts the failures Gradio answers with 400, and refuses ``/file=`` paths under
``outputs/evals`` (the eval report) to everyone but compliance.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from underwrite.core.settings import get_settings
from underwrite.ui.models import Role

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class LoginLimiter:
    """Failed sign-ins in a sliding window: ``per_user`` for one account, ``per_address`` for one
    client address (many accounts tried from one place)."""

    def __init__(
        self,
        per_user: int = 5,
        per_address: int = 20,
        window_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {"user": per_user, "address": per_address}
        self.window_s, self.clock = window_s, clock
        self._fails: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= self.clock() - self.window_s:
            q.popleft()
        return q

    def refusal(self, username: str, address: str) -> str | None:
        """Why a sign-in must be refused now, or None."""
        for kind, key in (("user", f"user:{username.lower()}"), ("address", f"address:{address}")):
            q = self._recent(key)
            if len(q) >= self.limits[kind]:
                wait = max(1, int(q[0] + self.window_s - self.clock()) // 60 + 1)
                who = "this account" if kind == "user" else "your address"
                return (
                    f"Too many failed sign-ins for {who} ({len(q)} in {int(self.window_s // 60)} minutes). "
                    f"Try again in about {wait} minute(s), or ask an administrator to reset the password."
                )
        return None

    def failed(self, username: str, address: str) -> None:
        for key in (f"user:{username.lower()}", f"address:{address}"):
            self._recent(key).append(self.clock())

    def succeeded(self, username: str) -> None:
        self._fails.pop(f"user:{username.lower()}", None)


def may_fetch(path: Path, role: Role | None) -> bool:
    """Files under outputs/evals (the eval report, its logs) are for compliance only."""
    evals = (get_settings().outputs_dir / "evals").resolve()
    try:
        path.resolve().relative_to(evals)
    except ValueError:
        return True
    return role == Role.compliance


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        limiter: LoginLimiter,
        role_of: Callable[[Scope], Role | None],
    ) -> None:
        self.app, self.limiter, self.role_of = app, limiter, role_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and scope.get("method") == "POST" and path.rstrip("/").endswith("/login"):
            await self._login(scope, receive, send)
            return
        if scope["type"] == "http" and "/file=" in path:
            target = unquote(path.split("/file=", 1)[1])
            if not target.startswith(("http://", "https://")) and not may_fetch(
                Path(target), self.role_of(scope)
            ):
                await _reply(send, 403, "This file is available to the compliance role only.")
                return
        await self.app(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        form = parse_qs(body.decode("utf-8", errors="replace"))
        username = (form.get("username") or [""])[0].strip()
        address = (scope.get("client") or ("unknown", 0))[0]
        refusal = self.limiter.refusal(username, address)
        if refusal:
            await _reply(send, 429, refusal)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    self.limiter.succeeded(username)
                elif message["status"] in (400, 401):
                    self.limiter.failed(username, address)
            await send(message)

        await self.app(scope, replay, watch)
