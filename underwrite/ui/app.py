"""The workbench layout: tabs of panels around one per-session state, and how it is served."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from underwrite.core.settings import get_settings
from underwrite.records.log_masking import install_log_masking
from underwrite.ui.auth import UserStore
from underwrite.ui.context import SessionState, UIContext, shown_errors
from underwrite.ui.guard import GuardMiddleware, LoginLimiter
from underwrite.ui.models import Role
from underwrite.ui.panels import ViewPanel
from underwrite.ui.panels.application import ApplicationPanel
from underwrite.ui.panels.chat import ChatPanel, as_messages
from underwrite.ui.panels.compliance import CompliancePanel
from underwrite.ui.panels.decision import DecisionPanel
from underwrite.ui.panels.evidence import EvidencePanel
from underwrite.ui.panels.memo import MemoPanel
from underwrite.ui.panels.queue import QueuePanel
from underwrite.ui.panels.score import ScorePanel
from underwrite.ui.panels.upload import UploadPanel, run_with_progress
from underwrite.ui.service import Workbench

TITLE = "underwrite — underwriter workbench"
PRODUCT_LINE = (
    "**underwrite** — the credit underwriting workbench: read a loan file with every fact traced to its "
    "document, see the score and the policy checks, and decide on a memo the code has verified."
)
LOGIN_MESSAGE = (
    "underwrite — credit underwriting workbench. Reads loan application documents, scores them, checks "
    "them against the credit policy and drafts a verified memo for the underwriter's decision. "
    "Sign in with your underwrite account (add one with `underwrite users add`)."
)


def build_app(workbench: Workbench, users: UserStore) -> gr.Blocks:
    ctx = UIContext(workbench=workbench, users=users)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        # gr.State is per browser session: this is where work in progress lives. The open
        # application's id is also kept in the browser, so a reload reopens it.
        state = gr.State(SessionState())
        remembered = gr.BrowserState("", storage_key="underwrite-open-application")
        with gr.Row():
            gr.Markdown(PRODUCT_LINE, elem_id="product-line")
            whoami = gr.Markdown("", elem_id="whoami")
            gr.Button("Sign out", link="/logout", scale=0, size="sm", elem_id="sign-out")
        with gr.Tabs(selected="queue") as tabs:
            with gr.Tab("Queue", id="queue"):
                queue = QueuePanel(ctx)
                upload_heading = gr.Markdown("### Upload a new application")
                upload = UploadPanel(ctx)
            with gr.Tab("Application", id="application"):
                application = ApplicationPanel(ctx, state)
            with gr.Tab("Score", id="score"):
                score = ScorePanel(ctx, state)
            with gr.Tab("Evidence", id="evidence"):
                evidence = EvidencePanel(ctx)
            with gr.Tab("Memo", id="memo"):
                memo = MemoPanel(ctx, state)
            with gr.Tab("Chat", id="chat"):
                chat = ChatPanel(ctx, state)
            with gr.Tab("Decision", id="decision"):
                decision = DecisionPanel(ctx, state)
            with gr.Tab("Compliance", id="compliance", visible=False) as compliance_tab:
                CompliancePanel(ctx)

        panels: list[ViewPanel] = [application, score, evidence, memo, chat, decision]
        view_outputs: list[Any] = [state, tabs, remembered]
        for panel in panels:
            view_outputs += panel.outputs
        # Compliance reads; only underwriters act. Their buttons are not shown to other roles (the
        # facade refuses the calls anyway).
        acting = [upload_heading, application.run, *upload.underwriter_only, *memo.underwriter_only]
        acting += decision.underwriter_only

        def render(session: SessionState, view: Any, tab: str | None) -> list[Any]:
            rendered: list[Any] = [
                session,
                gr.Tabs(selected=tab) if tab else gr.skip(),
                session.application_id,
            ]
            for panel in panels:
                rendered += panel.render(view)
            # The conversation belongs to the session, not to the application's stored view.
            rendered[view_outputs.index(chat.chatbot)] = as_messages(session.chat)
            return rendered

        def open_application(session: SessionState, application_id: str, request: gr.Request) -> list[Any]:
            with shown_errors():
                user = ctx.user(request)
                view = ctx.workbench.open_application(user, (application_id or "").strip())
            same = session.application_id == view.application.application_id
            # A new application starts a fresh conversation; reopening the same one keeps it.
            fresh = SessionState(
                application_id=view.application.application_id, view=view, chat=session.chat if same else []
            )
            return render(fresh, view, "application")

        def refresh(session: SessionState, request: gr.Request) -> list[Any]:
            """Redraw every panel from the server after a run (precedents, status, timeline…)."""
            if not session.application_id:
                return render(session, None, None)
            rendered = open_application(session, session.application_id, request)
            rendered[1] = gr.skip()  # stay on the tab the user is on
            rendered[view_outputs.index(application.progress)] = gr.skip()  # keep this run's steps
            return rendered

        def refresh_after_memo(session: SessionState, request: gr.Request) -> list[Any]:
            """:func:`refresh`, leaving the memo's text as the stream left it: the underwriter may
            already be editing it (a redraw landing after the first keystrokes wiped the edit)."""
            rendered = refresh(session, request)
            rendered[view_outputs.index(memo.text)] = gr.skip()
            return rendered

        def run_workflow(session: SessionState, request: gr.Request) -> Iterator[str]:
            with shown_errors():
                user = ctx.user(request)
                application_id = session.require_application()
                events = ctx.workbench.run_workflow(user, application_id)
                yield from run_with_progress(events, f"Workflow for {application_id}")

        def on_load(remembered_id: str, request: gr.Request) -> list[Any]:
            user = ctx.user(request)
            table = queue.load("all", "", request)
            head = [
                f"Signed in as **{user.username}** ({user.role.value})",
                gr.Tab(visible=user.role is Role.compliance),
                table,
            ]
            head += [gr.update(visible=user.role is Role.underwriter) for _ in acting]
            if remembered_id:
                try:
                    return head + open_application(SessionState(), remembered_id, request)
                except gr.Error:  # the remembered application is gone: start from the queue
                    pass
            return head + [gr.skip()] * len(view_outputs)

        def reload_queue(status: str, text: str, request: gr.Request) -> Any:
            return queue.load(status, text, request)

        queue.open.click(open_application, [state, queue.selected], view_outputs)
        application.run.click(run_workflow, [state], application.progress).success(
            refresh, [state], view_outputs
        ).then(reload_queue, [queue.status, queue.text], queue.table)
        # After a memo, every panel shows the run's results (precedents, findings, timeline) and the
        # queue its grade, PD and recommendation.
        memo.generated.then(refresh_after_memo, [state], view_outputs).then(
            reload_queue, [queue.status, queue.text], queue.table
        )
        blocks.load(on_load, [remembered], [whoami, compliance_tab, queue.table, *acting, *view_outputs])
        # An uploaded packet opens as soon as its workflow has run.
        upload.finished.success(open_application, [state, upload.application_id], view_outputs).then(
            reload_queue, [queue.status, queue.text], queue.table
        )
        decision.decided.success(reload_queue, [queue.status, queue.text], queue.table)
    return blocks


def guard_middleware(blocks: gr.Blocks, users: UserStore) -> Middleware:
    """The login limiter and the by-role file check, reading the session from Gradio's cookie."""
    from starlette.requests import Request

    def role_of(scope: MutableMapping[str, Any]) -> Role | None:
        server = getattr(blocks, "server_app", None)
        if server is None:
            return None
        cookies = Request(scope).cookies
        token = cookies.get(f"access-token-{server.cookie_id}") or cookies.get(
            f"access-token-unsecure-{server.cookie_id}"
        )
        user = users.get(server.tokens.get(token) if token else None)
        return user.role if user else None

    return Middleware(GuardMiddleware, limiter=LoginLimiter(), role_of=role_of)


def launch(
    workbench: Workbench,
    users: UserStore,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
) -> gr.Blocks:
    """Serve the workbench behind Gradio's login form; roles come from the users file."""
    install_log_masking()
    settings = get_settings()
    settings.ensure_dirs()
    blocks = build_app(workbench, users)
    blocks.queue(default_concurrency_limit=8)
    blocks.launch(
        server_name=host,
        server_port=port,
        auth=users.authenticate,
        auth_message=LOGIN_MESSAGE,
        prevent_thread_lock=not block,
        ssr_mode=False,
        share=False,
        inbrowser=False,
        quiet=True,
        show_error=True,
        # Exported memos and eval reports are served from the data directory only, by role, and
        # sign-ins are rate-limited (ui/guard.py: Gradio's routes check neither).
        allowed_paths=[str(settings.outputs_dir)],
        app_kwargs={"middleware": [guard_middleware(blocks, users)]},
    )
    return blocks
