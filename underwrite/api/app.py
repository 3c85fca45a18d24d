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
from underwrite.api.auth import claimed_key_id
from underwrite.api.background import Background
from underwrite.api.context import ApiConfig, ApiContext
from underwrite.api.limits import BodySizeLimit
from underwrite.api.routers import audit, queue, results, review, submit

log = logging.getLogger("underwrite.api")
AUDIT_APPLICATION = "api"
"""The audit trail's application id for calls that name no application (queue, verify, batches)."""

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

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if worker is not None:
            await run_in_threadpool(worker.start)
        try:
            yield
        finally:
            if worker is not None:
                await run_in_threadpool(worker.stop)

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
            await run_in_threadpool(_audit_call, ctx, request, response.status_code)
        return response

    return app


def _audit_call(ctx: ApiContext, request: Request, status: int) -> None:
    """One record per call, with the key id (or none), so every use of a key can be traced."""
    # Set by the auth dependency (verified, or the id an invalid token claims); a call refused before
    # it ran (oversized body) is traced to the id its token claims.
    key_id = getattr(request.state, "key_id", None) or claimed_key_id(request)
    application_id = getattr(request.state, "application_id", None) or AUDIT_APPLICATION
    payload = {
        "method": request.method,
        "path": request.url.path,
        "status": status,
        "key_id": key_id,
        "client": request.client.host if request.client else None,
        "problem": getattr(request.state, "problem", None),
    }
    try:
        ctx.audit.append("api_call", application_id, payload, actor=f"api-key:{key_id or 'none'}")
    except Exception:  # the response is already decided; a lost audit record is logged loudly
        log.exception("could not audit %s %s", request.method, request.url.path)
