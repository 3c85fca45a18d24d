"""Lease and retry timing, in one place so the worker, the CLI and the benchmark agree."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from underwrite.queue.errors import FailureKind
from underwrite.queue.models import JobState


class RetryPolicy(BaseModel):
    """How long leases last and how failures are retried.

    Budget rules (the choice the issue asked to document):

    * an ordinary error burns one of ``max_attempts`` attempts and waits ``error_backoff``;
    * a worker that vanished (lease expired) gives the attempt back but counts against
      ``max_lease_losses`` — workers die for reasons that are not the job's (OOM elsewhere, a
      deploy, SIGKILL), so a healthy job must survive several, while a packet that crashes its
      worker every time still ends up failed instead of looping forever;
    * a transient error (LLM server unreachable, 5xx, 429, timeout) gives the attempt back and is
      counted separately, with a backoff capped at ``transient_backoff_cap_s`` so that jobs resume
      soon after the server returns. It is bounded twice: by count (``max_transient_errors``) and
      by wall time since the job's first transient error (``max_transient_wait_s``). A batch must
      never wait forever on a dead LLM (issue 14: five packets sat in ``retry_wait`` for over
      15 minutes while the embedded server stayed dead); after the bound the job fails with the
      reason and ``queue retry`` puts it back once the LLM is fixed;
    * a permanent error (unreadable document, packet missing or changed) fails at once;
    * releasing a job on shutdown gives the attempt back.
    """

    lease_s: float = Field(default=30.0, gt=0, description="Lease length; heartbeats renew it")
    heartbeat_s: float = Field(default=10.0, gt=0)
    error_backoff_base_s: float = Field(default=5.0, ge=0)
    error_backoff_cap_s: float = Field(default=300.0, ge=0)
    transient_backoff_base_s: float = Field(default=1.0, ge=0)
    transient_backoff_cap_s: float = Field(default=15.0, ge=0)
    max_transient_errors: int = Field(default=40, ge=1)
    max_transient_wait_s: float = Field(
        default=600.0, gt=0, description="Longest a job waits for the LLM, from its first transient error"
    )
    max_lease_losses: int = Field(default=8, ge=1)

    @classmethod
    def for_lease(cls, lease_s: float, **overrides: Any) -> RetryPolicy:
        """A policy whose heartbeat renews the lease three times per lease period."""
        return cls(lease_s=lease_s, heartbeat_s=max(lease_s / 3, 0.2), **overrides)

    def error_delay(self, attempts: int) -> float:
        return _jittered(self.error_backoff_base_s, self.error_backoff_cap_s, attempts)

    def transient_delay(self, transient_errors: int) -> float:
        return _jittered(self.transient_backoff_base_s, self.transient_backoff_cap_s, transient_errors)

    def after_failure(
        self,
        kind: FailureKind,
        *,
        attempts: int,
        max_attempts: int,
        transient_errors: int,
        transient_since: datetime | None,
        now: datetime,
        message: str,
    ) -> dict[str, Any]:
        """The job row's new values after a failed attempt; ``last_error`` says what happens next."""
        values: dict[str, Any] = {"lease_owner": None, "lease_expires_at": None, "last_error": message}
        if kind == "permanent":
            return values | _failed(message, now)
        if kind == "transient":
            return values | self._after_transient(attempts, transient_errors, transient_since, now, message)
        if attempts >= max_attempts:
            return values | _failed(f"gave up after {attempts} attempts: {message}", now)
        retry_at = now + timedelta(seconds=self.error_delay(attempts))
        return values | {
            "state": JobState.retry_wait.value,
            "not_before": retry_at,
            "last_error": f"attempt {attempts}/{max_attempts} failed; next attempt at "
            f"{_clock(retry_at)} UTC: {message}",
        }

    def _after_transient(
        self, attempts: int, transient_errors: int, since: datetime | None, now: datetime, message: str
    ) -> dict[str, Any]:
        transient = transient_errors + 1
        since = since or now
        waited = (now - since).total_seconds()
        # The transient attempt is given back; the two bounds below end the waiting instead.
        values: dict[str, Any] = {
            "attempts": max(attempts - 1, 0),
            "transient_errors": transient,
            "transient_since": since,
        }
        if transient >= self.max_transient_errors or waited >= self.max_transient_wait_s:
            bound = (
                f"{self.max_transient_errors} retries"
                if transient >= self.max_transient_errors
                else f"{self.max_transient_wait_s:g} s"
            )
            reason = (
                f"LLM unavailable through {transient} retries over {waited:.0f} s "
                f"(gave up at the bound of {bound}); last error: {message}"
            )
            return values | _failed(reason, now)
        deadline = since + timedelta(seconds=self.max_transient_wait_s)
        # The last wait ends at the deadline, so the final retry happens at the bound, not after it.
        retry_at = min(now + timedelta(seconds=self.transient_delay(transient)), deadline)
        return values | {
            "state": JobState.retry_wait.value,
            "not_before": retry_at,
            "last_error": f"waiting for the LLM: retry {transient}/{self.max_transient_errors} at "
            f"{_clock(retry_at)} UTC, gives up at {_clock(deadline)} UTC; last error: {message}",
        }


def _failed(reason: str, now: datetime) -> dict[str, Any]:
    return {"state": JobState.failed.value, "failure_reason": reason, "finished_at": now}


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S")


def _jittered(base: float, cap: float, n: int) -> float:
    """Exponential backoff ``base·2^(n-1)`` capped, scaled into [0.5, 1] so retries spread out."""
    delay = min(cap, base * (2 ** max(n - 1, 0)))
    return delay * random.uniform(0.5, 1.0)
