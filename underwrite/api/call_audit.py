"""What the audit trail keeps of the API's calls, and why status polls are not one record each.

A compliance officer asks two things of the trail: who read or changed which applicant's data, and
who tried what they may not. So these are one record per call, always:

- every read of a resource that carries the applicant's data (facts, score, findings, memo and its
  downloads, the audit trail and its verification),
- every write (submit, batch, decision),
- every refused call (401, 403, 404, 409, 413, 422, 429 …): the traces of misuse or an attack.

A status poll (``GET /v1/applications/{id}``) and a queue read (``GET /v1/queue``) carry no
applicant data (an id, step states, a recommendation) and a client sends them every few seconds
while a memo drafts: one record each would bury the reads above under thousands of identical lines
and make the trail slow to verify. They are recorded when the answer changes: a key's first poll
of a resource, then each poll that saw a new status (``observed``), with the number of identical
polls since the last record (``polls_unrecorded``). Repeats pending at shutdown are written as one
``api_polls`` record per resource. What a crash can lose is that count of identical answers since
the last record, never a read of applicant data, a write or a refusal.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from underwrite.api.auth import claimed_key_id
from underwrite.queue.models import utcnow_naive
from underwrite.records.audit import AuditLog

log = logging.getLogger("underwrite.api")
AUDIT_APPLICATION = "api"
"""The audit trail's application id for calls that name no application (queue, verify, batches)."""
POLL_ROUTES = frozenset({"/v1/applications/{application_id}", "/v1/queue"})
MAX_TRACKED = 10_000
"""Resources whose repeats are held in memory; past it, all are written out (memory stays bounded)."""


@dataclass
class _Seen:
    observed: str
    repeats: int = 0
    last_at: str = ""


def route_of(request: Request) -> str | None:
    route = request.scope.get("route")
    return getattr(route, "path", None)


class CallAuditor:
    def __init__(self, audit: AuditLog) -> None:
        self.audit = audit
        self._seen: dict[tuple[str, str, str], _Seen] = {}
        self._lock = threading.Lock()

    def record(self, request: Request, status: int) -> None:
        """Audit one finished call as the policy above says (a lost record is logged loudly)."""
        # Set by the auth dependency (verified, or the id an invalid token claims); a call refused
        # before it ran (oversized body) is traced to the id its token claims.
        key_id = getattr(request.state, "key_id", None) or claimed_key_id(request)
        application_id = getattr(request.state, "application_id", None) or AUDIT_APPLICATION
        payload: dict[str, Any] = {
            "method": request.method,
            "path": request.url.path,
            "status": status,
            "key_id": key_id,
            "client": request.client.host if request.client else None,
            "problem": getattr(request.state, "problem", None),
        }
        observed = getattr(request.state, "observed", None)
        route = route_of(request)
        if request.method == "GET" and route in POLL_ROUTES and status < 400 and key_id and observed:
            with self._lock:
                slot = (key_id, application_id, request.url.path)
                seen = self._seen.get(slot)
                if seen is not None and seen.observed == observed:
                    seen.repeats += 1
                    seen.last_at = utcnow_naive().isoformat()
                    return
                overflow = self._take_all() if len(self._seen) >= MAX_TRACKED else []
                self._seen[slot] = _Seen(observed=observed)
            payload |= {"observed": observed, "polls_unrecorded": seen.repeats if seen else 0}
            self._write_repeats(overflow)
        # A refusal's words quote the uploaded file names ("file name 'Erika Mustermann.pdf' ..."),
        # which often name the applicant: pseudonymised in the record as known identifiers.
        names = tuple(getattr(request.state, "upload_names", ()))
        self._append("api_call", application_id, payload, key_id, names)

    def flush(self) -> None:
        """Write the repeats held in memory (at shutdown), one ``api_polls`` record per resource."""
        with self._lock:
            pending = self._take_all()
        self._write_repeats(pending)

    def _take_all(self) -> list[tuple[tuple[str, str, str], _Seen]]:
        pending = [(slot, seen) for slot, seen in self._seen.items() if seen.repeats]
        self._seen.clear()
        return pending

    def _write_repeats(self, pending: list[tuple[tuple[str, str, str], _Seen]]) -> None:
        for (key_id, application_id, path), seen in pending:
            payload = {
                "method": "GET",
                "path": path,
                "key_id": key_id,
                "observed": seen.observed,
                "polls_unrecorded": seen.repeats,
                "last_at": seen.last_at,
            }
            self._append("api_polls", application_id, payload, key_id)

    def _append(
        self,
        kind: str,
        application_id: str,
        payload: dict[str, Any],
        key_id: str | None,
        known: tuple[str, ...] = (),
    ) -> None:
        try:
            actor = f"api-key:{key_id or 'none'}"
            self.audit.append(kind, application_id, payload, actor=actor, known_identifiers=known)
        except Exception:  # the response is already decided; a lost audit record is logged loudly
            log.exception("could not audit %s %s", payload["method"], payload["path"])
