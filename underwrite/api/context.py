"""What every request shares: the limits, the key store, the rate limiter, the audit log and the
workflow's tools (built once, on first use, and shared with the in-process queue worker)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from underwrite.agent.deps import Deps
from underwrite.api.callback_hosts import CallbackGuard, parse_networks
from underwrite.api.keys import KeyStore
from underwrite.api.limits import RateLimiter
from underwrite.api.staging import STALE_AFTER_S
from underwrite.queue import QueueRepository, RetryPolicy
from underwrite.records.audit import AuditLog


class ApiConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_json_bytes: int = Field(default=1_000_000, gt=0, description="Largest JSON body")
    max_upload_bytes: int = Field(default=25_000_000, gt=0, description="Largest multipart body")
    max_files: int = Field(default=30, ge=1)
    rate_per_s: float = Field(default=5.0, gt=0, description="Average requests per second per key")
    burst: int = Field(default=30, ge=1, description="Requests a key may send at once")
    workers: int = Field(default=2, ge=0, description="Jobs drafted at once in this process (0: none)")
    poll_s: float = Field(default=0.5, gt=0)
    webhook_attempts: int = Field(default=5, ge=1)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    lease_s: float = Field(default=30.0, gt=0)
    staging_stale_s: float = Field(
        default=STALE_AFTER_S, gt=0, description="A staging folder idle this long is swept at start-up"
    )
    callback_allow: list[str] = Field(
        default_factory=list,
        description="Networks (CIDR) a callback may reach although not public, e.g. the LOS's own",
    )

    @field_validator("callback_allow")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        parse_networks(values)
        return values


@dataclass
class ApiContext:
    config: ApiConfig
    deps_factory: Callable[[], Deps] = Deps.default
    keys: KeyStore = field(default_factory=KeyStore)
    audit: AuditLog = field(default_factory=AuditLog)
    limiter: RateLimiter = field(init=False)
    _deps: Deps | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.config.rate_per_s, self.config.burst)

    def deps(self) -> Deps:
        with self._lock:
            if self._deps is None:
                self._deps = self.deps_factory()
            return self._deps

    def callback_guard(self) -> CallbackGuard:
        return CallbackGuard(allow=parse_networks(self.config.callback_allow))

    def queue(self) -> QueueRepository:
        return QueueRepository(policy=RetryPolicy.for_lease(self.config.lease_s))


def context_of(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx
