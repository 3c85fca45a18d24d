"""API-key authentication, role checks and the per-key rate limit, as one FastAPI dependency.

A key is sent as ``Authorization: Bearer <token>`` or ``X-API-Key: <token>``. The key id of every
caller (or the reason none was accepted) is left on ``request.state`` for the audit middleware.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from underwrite.api.context import context_of
from underwrite.api.keys import PREFIX, ApiKeyInfo, ApiRole
from underwrite.api.problems import ApiProblem
from underwrite.api.tenancy import scoped_id

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer uwk_…")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: uwk_…")

READ_ROLES = frozenset(ApiRole)
SUBMIT_ROLES = frozenset({ApiRole.intake, ApiRole.underwriter})
DECIDE_ROLES = frozenset({ApiRole.underwriter})
AUDIT_ROLES = frozenset({ApiRole.compliance})


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(
        401, "unauthorized", "Missing or invalid API key", detail, headers={"WWW-Authenticate": "Bearer"}
    )


def claimed_key_id(request: Request) -> str | None:
    """The key id a request's token names, unverified (for the audit of refused calls)."""
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.headers.get("x-api-key", "")
    parts = token.strip().split("_", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def require(roles: frozenset[ApiRole]) -> Callable[..., Coroutine[Any, Any, ApiKeyInfo]]:
    """A dependency that admits a valid, unrevoked key of one of ``roles`` within its rate limit."""

    async def dependency(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header: Annotated[str | None, Depends(_header)],
    ) -> ApiKeyInfo:
        request.state.application_id = request.path_params.get("application_id")
        token = bearer.credentials if bearer is not None else header
        if not token:
            request.state.key_id = None
            raise _unauthorized("send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'")
        ctx = context_of(request)
        key, why = await run_in_threadpool(ctx.keys.check, token)
        if key is None:
            request.state.key_id = claimed_key_id(request)
            raise _unauthorized(why)
        request.state.key_id = key.key_id
        wait = ctx.limiter.take(key.key_id)
        if wait > 0:
            raise ApiProblem(
                429,
                "rate-limited",
                "Too many requests",
                f"key {key.key_id} may send {ctx.config.rate_per_s:g} requests per second "
                f"(bursts of {ctx.config.burst}); retry in {wait:.1f} s",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        if key.role not in roles:
            allowed = " or ".join(sorted(r.value for r in roles))
            raise ApiProblem(
                403,
                "wrong-role",
                "Not allowed for this key's role",
                f"{request.method} {request.url.path} needs a key with role {allowed}; "
                f"key {key.key_id} has role {key.role.value}",
            )
        raw_id = request.path_params.get("application_id")
        if key.tenant is not None and raw_id is not None:
            # The handler reads its path parameters after its dependencies: it gets the stored id.
            stored = await run_in_threadpool(scoped_id, ctx.queue(), key, raw_id)
            request.scope["path_params"] = {**request.path_params, "application_id": stored}
            request.state.application_id = stored
        return key

    return dependency


Reader = Annotated[ApiKeyInfo, Depends(require(READ_ROLES))]
Submitter = Annotated[ApiKeyInfo, Depends(require(SUBMIT_ROLES))]
Decider = Annotated[ApiKeyInfo, Depends(require(DECIDE_ROLES))]
Auditor = Annotated[ApiKeyInfo, Depends(require(AUDIT_ROLES))]
