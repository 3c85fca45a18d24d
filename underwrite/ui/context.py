"""What every panel needs: the facade, the signed-in user, per-session state, error translation."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import gradio as gr

from underwrite.ui.auth import UserStore
from underwrite.ui.models import ApplicationView, ChatTurn, User
from underwrite.ui.service import ServiceError, Workbench


@dataclass
class SessionState:
    """One browser session's work in progress. Lives in ``gr.State``, so it is never shared.

    Gradio deep-copies a ``gr.State`` default for every new session; nothing here is module-global.
    """

    application_id: str | None = None
    view: ApplicationView | None = None
    chat: list[ChatTurn] = field(default_factory=list)

    def require_application(self) -> str:
        if not self.application_id:
            raise gr.Error("Open an application from the queue first.")
        return self.application_id


@dataclass(frozen=True)
class UIContext:
    workbench: Workbench
    users: UserStore

    def user(self, request: gr.Request | None) -> User:
        """The signed-in user of this request; the role comes from the users file, never the client."""
        username = getattr(request, "username", None)
        user = self.users.get(username)
        if user is None:
            raise gr.Error("You are not signed in (or your account was removed). Reload to sign in.")
        return user


@contextmanager
def shown_errors() -> Iterator[None]:
    """Turn a service error into a message on screen instead of a stack trace."""
    try:
        yield
    except ServiceError as exc:
        # The modal renders HTML; messages may quote user input.
        raise gr.Error(html.escape(str(exc)), title="Cannot do that", print_exception=False) from exc
