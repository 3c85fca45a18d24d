"""The REST API's app factory: routers, problem details, size limit, audit of every call, and the
background queue worker started and stopped with the server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool

import underwrite
from underwrite.agent.deps import Deps
from underwrite.api import docs, problems
from underwrite.api.background import Background
from underwrite.api.call_audit import AUDIT_APPLICATION, CallAuditor
from underwrite.api.context import ApiConfig, ApiContext
from underwrite.api.limits import BodySizeLimit
from underwrite.api.routers import audit, queue, results, review, submit
from underwrite.api.staging import sweep_staging
from underwrite.api.submissions import packets_root, release_abandoned

log = logging.getLogger("underwrite.api")

DESCRIPTION = """REST API of the underwriting assistant for loan-origination systems.

Submit a packet (files, or a JSON document of facts); the durable queue drafts its memo; poll the
status (or pass a `callback_url`); read facts, score, findings and memo; an underwriter key records
the decision; a compliance key reads the audit trail. Authenticate with `Authorization: Bearer <key>`
(keys: `underwrite apikeys add`). Errors are RFC 9457 problem details (`application/problem+json`).
"""


def create_app(
    config: ApiConfig | None = None,
    deps_factory: Callable[[], Deps] | None = None,
    *,
    background: bool = True,
) -> FastAPI:
    """The app; with ``background`` it also drafts queued memos in this process (``config.workers``)."""
    config = config or ApiConfig()
    ctx = ApiContext(config=config, deps_factory=deps_factory or Deps.default)
    worker = Background(ctx) if background else None
    calls = CallAuditor(ctx.audit)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_sweep, ctx)
        if worker is not None:
            await run_in_threadpool(worker.start)
        try:
            yield
        finally:
            if worker is not None:
                await run_in_threadpool(worker.stop)
            await run_in_threadpool(calls.flush)

    app = FastAPI(
        title="underwrite API",
        version=underwrite.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from the installed Swagger UI bundle (docs.py)
        redoc_url=None,
    )
    app.state.ctx = ctx
    problems.install(app)
    docs.install(app)
    for module in (submit, results, review, audit, queue):
        app.include_router(module.router, responses=problems.openapi_responses())

    @app.get("/health", tags=["meta"], summary="Liveness (no key needed)")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    # Added first, so it runs inside the audit middleware: a refused oversized body is audited too.
    app.add_middleware(
        BodySizeLimit, max_bytes=config.max_json_bytes, multipart_bytes=config.max_upload_bytes
    )

    @app.middleware("http")
    async def audit_calls(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/v1/"):
            await run_in_threadpool(calls.record, request, response.status_code)
        return response

    return app


def _sweep(ctx: ApiContext) -> None:
    """Remove what an interrupted submit left (``staging``, ``release_abandoned``), on the record."""
    try:
        swept = sweep_staging(packets_root(), ctx.config.staging_stale_s)
        freed = release_abandoned(ctx.queue(), ctx.config.staging_stale_s)
        if swept.removed or freed:
            payload = {**swept.model_dump(), "released_application_ids": freed}
            ctx.audit.append("api_staging_swept", AUDIT_APPLICATION, payload, actor="api")
    except Exception:  # a leftover folder wastes disk, it loses nothing: the server still starts
        log.exception("could not sweep the staging folders under %s", packets_root())
