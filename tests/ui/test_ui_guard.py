"""Sign-in rate limits, secret files 0600 from creation, and eval files served to compliance only."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from underwrite.core.private_files import write_private
from underwrite.core.settings import get_settings
from underwrite.ui.auth import UserStore
from underwrite.ui.guard import GuardMiddleware, LoginLimiter
from underwrite.ui.models import Role


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(limiter: LoginLimiter, role: Role | None) -> TestClient:
    async def login(request: Request) -> JSONResponse:
        form = await request.form()
        ok = form.get("password") == "right-password"
        return JSONResponse({"success": ok}, status_code=200 if ok else 400)

    async def file(request: Request) -> PlainTextResponse:
        return PlainTextResponse("content")

    def role_of(scope: Any) -> Role | None:
        return role

    app = Starlette(
        routes=[Route("/login", login, methods=["POST"]), Route("/gradio_api/file={p:path}", file)],
        middleware=[Middleware(GuardMiddleware, limiter=limiter, role_of=role_of)],
    )
    return TestClient(app)


def test_user_is_locked_after_failures_with_a_clear_message() -> None:
    clock = _Clock()
    client = _app(LoginLimiter(per_user=3, per_address=100, window_s=600, clock=clock), None)
    for _ in range(3):
        assert client.post("/login", data={"username": "alice", "password": "x"}).status_code == 400
    locked = client.post("/login", data={"username": "alice", "password": "right-password"})
    assert (
        locked.status_code == 429 and "Too many failed sign-ins for this account" in locked.json()["detail"]
    )
    assert client.post("/login", data={"username": "bob", "password": "right-password"}).status_code == 200
    clock.now += 601  # the window passes: alice may try again
    assert client.post("/login", data={"username": "alice", "password": "right-password"}).status_code == 200


def test_address_is_locked_across_usernames() -> None:
    client = _app(LoginLimiter(per_user=100, per_address=4, window_s=600, clock=_Clock()), None)
    for i in range(4):
        client.post("/login", data={"username": f"user{i}", "password": "x"})
    locked = client.post("/login", data={"username": "someone", "password": "right-password"})
    assert locked.status_code == 429 and "your address" in locked.json()["detail"]


def test_success_resets_the_user_counter() -> None:
    client = _app(LoginLimiter(per_user=2, per_address=100, window_s=600, clock=_Clock()), None)
    client.post("/login", data={"username": "alice", "password": "x"})
    assert client.post("/login", data={"username": "alice", "password": "right-password"}).status_code == 200
    client.post("/login", data={"username": "alice", "password": "x"})
    assert client.post("/login", data={"username": "alice", "password": "right-password"}).status_code == 200


@pytest.mark.parametrize(("role", "status"), [(Role.underwriter, 403), (Role.compliance, 200)])
def test_eval_report_is_for_compliance_only(role: Role, status: int) -> None:
    report = get_settings().outputs_dir / "evals" / "run-1" / "report.html"
    client = _app(LoginLimiter(), role)
    assert client.get(f"/gradio_api/file={report}").status_code == status
    assert client.get(f"/gradio_api/file={report.parent}/../run-1/report.html").status_code == status
    memo = get_settings().outputs_dir / "app-1" / "memo.docx"
    assert client.get(f"/gradio_api/file={memo}").status_code == 200


def test_secret_files_are_never_readable_by_others(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    # A permissive umask would make a plain write 0644 before any chmod; the mode must be 0600
    # at creation (checked by watching every os.open call).
    old = os.umask(0o000)
    modes: list[int] = []
    real_open = os.open

    def spy(path: Any, flags: int, mode: int = 0o777, *a: Any, **k: Any) -> int:
        if flags & os.O_CREAT:
            modes.append(mode)
        return real_open(path, flags, mode, *a, **k)

    monkeypatch.setattr(os, "open", spy)
    try:
        store = UserStore()
        store.add_user("alice", "long-enough-password", Role.underwriter)
        write_private(isolated_home / "demo-credentials.txt", "demo:pw:underwriter\n")
    finally:
        os.umask(old)
    assert modes and all(m == 0o600 for m in modes)
    for path in (store.path, isolated_home / "demo-credentials.txt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
