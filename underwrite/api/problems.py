"""Errors as RFC 9457 problem details (``application/problem+json``), each with a specific message.

Every failure a client can cause has its own ``type`` URI (under ``/problems/``, documented in the
README), a short ``title`` and a ``detail`` that says what was wrong with this request. FastAPI's own
errors (validation, unknown route, wrong method) are converted too, so no response is plain HTML or
FastAPI's default ``{"detail": ...}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/problems/"


class Problem(BaseModel):
    """RFC 9457 members, plus ``errors`` for field-level validation problems."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raised by routes and dependencies; rendered as a problem document."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    request.state.problem = f"{slug}: {detail}"[:500]  # the audit record of this call says why
    body = Problem(
        type=TYPE_BASE + slug, title=title, status=status, detail=detail, instance=request.url.path, **extra
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


def _validation_detail(errors: list[dict[str, Any]]) -> tuple[str, str, str]:
    """(slug, title, detail) for FastAPI's validation errors: malformed JSON is told apart."""
    if any(e.get("type") == "json_invalid" for e in errors):
        where = next(e for e in errors if e.get("type") == "json_invalid")
        ctx = where.get("ctx") or {}
        return (
            "malformed-json",
            "Malformed JSON",
            f"the request body is not valid JSON: {ctx.get('error', 'parse error')} "
            f"(at character {where.get('loc', ['body', '?'])[-1]})",
        )
    parts = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors[:5]]
    return "invalid-request", "Invalid request", "; ".join(parts)


_STATUS_SLUGS = {
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("too-large", "Request too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def openapi_responses() -> dict[int | str, dict[str, Any]]:
    """The problem responses every route may give, for the OpenAPI document."""
    schema = Problem.model_json_schema()
    described = {
        400: "Malformed JSON",
        401: "Missing, malformed, unknown or revoked API key",
        403: "The key's role may not do this",
        404: "Unknown application or endpoint",
        409: "Conflict: not ready yet, already submitted, refused by the queue, not awaiting review",
        413: "Body (or file count) over the limit",
        415: "Wrong Content-Type, or a file that is no supported document",
        422: "Invalid fields, reused Idempotency-Key, or a decision the review step refused",
        429: "Rate limit of this key (see Retry-After)",
    }
    return {
        code: {"description": text, "content": {MEDIA_TYPE: {"schema": schema}}}
        for code, text in described.items()
    }


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(
            request, exc.status, exc.slug, exc.title, exc.detail, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        slug, title, detail = _validation_detail(list(exc.errors()))
        return problem_response(
            request, 422 if slug != "malformed-json" else 400, slug, title, detail, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title = _STATUS_SLUGS.get(exc.status_code, ("http-error", "HTTP error"))
        detail = str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no endpoint at {request.url.path} (see /docs)"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem_response(
            request, exc.status_code, slug, title, detail, headers=dict(exc.headers or {})
        )
