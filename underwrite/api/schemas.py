"""The API's request and response bodies; the OpenAPI document at /openapi.json is built from these."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from underwrite.agent.memo import Memo
from underwrite.agent.progress import StepProgress
from underwrite.core.schemas import Fact, Recommendation, RuleFinding, Score

APPLICATION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
FactScalar = str | int | Annotated[float, Field(allow_inf_nan=False)] | bool | None
"""A fact's value. Python's json reads NaN, Infinity and 1e999999 as floats: refused, as no rule
can compare them and they are not JSON when written back into the packet."""


def refused_callback_host(url: AnyHttpUrl) -> str | None:
    """Why the server must not POST to this URL's host, or None. Link-local addresses hold cloud
    metadata services (169.254.169.254: credentials), the classic target of a callback that makes
    the server fetch for the client; unspecified, multicast and reserved ones reach nothing a
    receiver listens on. These are refused whatever the operator allows, as the request is parsed;
    loopback and private addresses, and host names (resolved), are checked against the operator's
    allowed networks when the submit is accepted (``callback_hosts``)."""
    host = (url.host or "").strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.is_link_local or address.is_unspecified or address.is_multicast or address.is_reserved:
        return f"{host} is a link-local, unspecified, multicast or reserved address (never a receiver)"
    return None


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactsSubmission(_In):
    """An application from a system that already holds structured data: facts by name.

    The facts are written as one JSON document of the packet and read by the same reader as any
    upload, so each fact's provenance points at its value in that document.
    """

    application_id: str | None = Field(
        default=None,
        pattern=APPLICATION_ID_PATTERN,
        description="The LOS's own id; generated when omitted",
        examples=["LOS-2026-000123"],
    )
    facts: dict[str, FactScalar] = Field(
        min_length=1,
        max_length=500,
        description="Fact names (e.g. loan_amount, loan_term_months, monthly_net_income) and values",
        examples=[{"applicant_name": "Erika Mustermann", "loan_amount": 12500, "loan_term_months": 36}],
    )
    callback_url: AnyHttpUrl | None = Field(
        default=None, description="POSTed a JSON notice when the draft memo is ready or the job failed"
    )

    @field_validator("callback_url")
    @classmethod
    def _receiver(cls, url: AnyHttpUrl | None) -> AnyHttpUrl | None:
        why = None if url is None else refused_callback_host(url)
        if why is not None:
            raise ValueError(f"callback_url: {why}")
        return url


class BatchSubmission(_In):
    applications: list[FactsSubmission] = Field(min_length=1, max_length=100)


class DecisionIn(_In):
    decision: Recommendation
    reason: str | None = Field(
        default=None, max_length=4000, description="Required when the decision departs from the memo"
    )
    conditions: list[str] = Field(default_factory=list, max_length=20)
    exception_authority: str | None = Field(default=None, max_length=200)
    reviewer: str = Field(min_length=1, max_length=200, description="The underwriter taking the decision")


class Links(BaseModel):
    status: str
    memo: str


class SubmissionOut(BaseModel):
    application_id: str
    job_id: int
    status: str
    idempotent_replay: bool = False
    links: Links


class BatchItemOut(BaseModel):
    index: int
    application_id: str | None = None
    job_id: int | None = None
    error: str | None = None


class BatchOut(BaseModel):
    added: int
    rejected: int
    items: list[BatchItemOut]
    idempotent_replay: bool = False


class StatusOut(BaseModel):
    application_id: str
    status: str
    """queued | running | retry_wait | failed (the queue), then awaiting_review | decided (the run)."""
    queue_state: str
    attempts: int
    failure_reason: str | None = None
    last_error: str | None = None
    steps: list[StepProgress]
    recommendation: Recommendation | None = None
    decision: Recommendation | None = None


class FactsOut(BaseModel):
    application_id: str
    facts: list[Fact]
    documents: list[dict[str, Any]] = Field(description="doc_id, filename, media type, pages per document")


class ScoreOut(BaseModel):
    application_id: str
    score: Score


class FindingsOut(BaseModel):
    application_id: str
    findings: list[RuleFinding]
    missing_documents: list[str]


class MemoEditOut(BaseModel):
    """The underwriter's edit of the memo (made in the workbench): its text, who, when, both hashes."""

    markdown: str
    editor: str
    saved_at: datetime
    sha256: str
    original_sha256: str = Field(description="Content hash of the verified memo the edit started from")


class MemoOut(BaseModel):
    application_id: str
    status: str
    memo: Memo = Field(description="The verified memo as drafted (never changed by an edit)")
    edit: MemoEditOut | None = Field(
        default=None, description="The underwriter's edited text, when there is one: what exports carry"
    )
    downloads: dict[str, str] = Field(description="The memo as the underwriter left it (edited if so)")
    original_downloads: dict[str, str] = Field(description="The verified memo as drafted")


class DecisionOut(BaseModel):
    application_id: str
    status: str
    decision: Recommendation
    recommendation: Recommendation
    departs_from_recommendation: bool
    memo_sha256: str = Field(description="Content hash of the verified memo")
    memo_edit_sha256: str | None = Field(
        default=None, description="Hash of the underwriter's edited text the decision was taken on"
    )
    audit_record_id: str | None


class AuditEntryOut(BaseModel):
    seq: int
    record_id: str
    kind: str
    actor: str
    created_at: str
    payload: dict[str, Any]
    hash: str


class AuditOut(BaseModel):
    application_id: str
    entries: list[AuditEntryOut]


class VerifyOut(BaseModel):
    ok: bool
    status: Literal["intact", "incomplete", "broken"]
    records: int
    first_bad_seq: int | None = None
    problem: str | None = None
    proved: list[str]
    not_proved: list[str]


class QueueJobOut(BaseModel):
    job_id: int
    application_id: str
    status: str
    """As in the application's status: the queue's state until a draft exists, then the run's."""
    queue_state: str
    attempts: int
    created_at: datetime
    finished_at: datetime | None
    recommendation: str | None
    failure_reason: str | None


class QueueOut(BaseModel):
    counts: dict[str, int]
    total: int
    jobs: list[QueueJobOut]
