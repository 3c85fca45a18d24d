"""Lease and retry timing, in one place so the worker, the CLI and the benchmark agree."""

from __future__ import annotations

import random

from pydantic import BaseModel, Field


class RetryPolicy(BaseModel):
    """How long leases last and how failures are retried.

    Budget rules (the choice the issue asked to document):

    * an ordinary error burns one of ``max_attempts`` attempts and waits ``error_backoff``;
    * a worker that vanished (lease expired) gives the attempt back but counts against
      ``max_lease_losses`` — workers die for reasons that are not the job's (OOM elsewhere, a
      deploy, SIGKILL), so a healthy job must survive several, while a packet that crashes its
      worker every time still ends up failed instead of looping forever;
    * a transient error (LLM server unreachable, 5xx, 429, timeout) gives the attempt back and is
      counted separately against the generous ``max_transient_errors``, with a backoff capped at
      ``transient_backoff_cap_s`` so that jobs resume soon after the server returns;
    * a permanent error (unreadable document, packet missing or changed) fails at once;
    * releasing a job on shutdown gives the attempt back.
    """

    lease_s: float = Field(default=30.0, gt=0, description="Lease length; heartbeats renew it")
    heartbeat_s: float = Field(default=10.0, gt=0)
    error_backoff_base_s: float = Field(default=5.0, ge=0)
    error_backoff_cap_s: float = Field(default=300.0, ge=0)
    transient_backoff_base_s: float = Field(default=1.0, ge=0)
    transient_backoff_cap_s: float = Field(default=15.0, ge=0)
    max_transient_errors: int = Field(default=200, ge=1)
    max_lease_losses: int = Field(default=8, ge=1)

    @classmethod
    def for_lease(cls, lease_s: float) -> RetryPolicy:
        """A policy whose heartbeat renews the lease three times per lease period."""
        return cls(lease_s=lease_s, heartbeat_s=max(lease_s / 3, 0.2))

    def error_delay(self, attempts: int) -> float:
        return _jittered(self.error_backoff_base_s, self.error_backoff_cap_s, attempts)

    def transient_delay(self, transient_errors: int) -> float:
        return _jittered(self.transient_backoff_base_s, self.transient_backoff_cap_s, transient_errors)


def _jittered(base: float, cap: float, n: int) -> float:
    """Exponential backoff ``base·2^(n-1)`` capped, scaled into [0.5, 1] so retries spread out."""
    delay = min(cap, base * (2 ** max(n - 1, 0)))
    return delay * random.uniform(0.5, 1.0)
