"""Domain schemas shared by every layer (pydantic v2). Everything crossing a boundary is one of these."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FactValue = float | int | str | bool | None


def as_number(value: FactValue, *, parse_text: bool = True) -> float | None:
    """A fact value as a number: None for missing values and booleans (a yes/no is not a count),
    and for text that is not a number (or any text with ``parse_text=False``)."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not parse_text):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MediaType(StrEnum):
    pdf = "application/pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    text = "text/plain"
    markdown = "text/markdown"
    json = "application/json"
    csv = "text/csv"
    html = "text/html"
    png = "image/png"
    jpeg = "image/jpeg"
    tiff = "image/tiff"
    odt = "application/vnd.oasis.opendocument.text"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rtf = "application/rtf"
    xml = "application/xml"
    email = "message/rfc822"


class Page(_Model):
    number: int = Field(ge=1, description="1-based page number")
    text: str
    ocr_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Mean Tesseract word confidence when the text was OCR'd"
    )


class Document(_Model):
    """A file as read: its text per page and the hash that identifies its bytes."""

    doc_id: str = Field(description="Stable id: first 16 hex chars of sha256")
    filename: str
    media_type: MediaType
    sha256: str
    size_bytes: int
    pages: list[Page]
    kind: str = Field(default="unknown", description="application_form, bank_statement, payslip, ...")
    flags: list[str] = Field(default_factory=list, description="e.g. needs_ocr, hidden_text")
    hidden_text: list[str] = Field(
        default_factory=list,
        description="Text drawn so a reader cannot see it (white or tiny); kept out of pages, per page",
    )
    notes: list[str] = Field(
        default_factory=list, description="What a flag means for this file, e.g. what to install for OCR"
    )

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)


class SourceSpan(_Model):
    doc_id: str
    page: int = Field(ge=1)
    start: int = Field(ge=0, description="Character offset in the page text")
    end: int = Field(ge=0)
    quote: str = Field(description="The exact text at [start, end)")


class FactMethod(StrEnum):
    form = "form"
    rule = "rule"
    llm = "llm"
    human = "human"
    computed = "computed"
    ocr = "ocr"
    """Read by the rule layer from text Tesseract recognised in an image: lower confidence."""


class Conversion(_Model):
    """How a money fact stated in another currency became an amount in the application currency."""

    amount: float = Field(description="The amount as stated, in its own currency")
    currency: str = Field(description="ISO code of the stated currency, e.g. CNY")
    per_eur: float = Field(gt=0, description="Units of that currency per 1 EUR in the rate table")
    table_date: str = Field(description="Date of the rate table (ISO)")
    table_source: str = Field(description="Where the table's rates come from")

    def describe(self, unit: str = "") -> str:
        """E.g. ``CNY 12,000.00 at 0.134543 EUR/CNY (rate table of 2026-10-30)``."""
        return (
            f"{self.currency} {self.amount:,.2f}{unit} at {1 / self.per_eur:.6f} EUR/{self.currency} "
            f"(rate table of {self.table_date})"
        )


class Fact(_Model):
    name: str = Field(description="Canonical field name from underwrite.core.fields")
    value: FactValue
    unit: str | None = None
    source: SourceSpan | None = Field(default=None, description="None only for computed facts")
    method: FactMethod
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    conversion: Conversion | None = Field(
        default=None, description="Set when the value was converted from the currency the text states"
    )


class Applicant(_Model):
    name: str | None = None
    kind: Literal["individual", "business"] = "individual"


class LoanRequest(_Model):
    product: Literal["consumer_instalment", "sme_term_loan"] = "consumer_instalment"
    amount: float | None = Field(default=None, ge=0)
    term_months: int | None = Field(default=None, ge=1)
    purpose: str | None = None


class Application(_Model):
    application_id: str
    applicant: Applicant = Field(default_factory=Applicant)
    request: LoanRequest = Field(default_factory=LoanRequest)
    documents: list[Document] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)

    def fact(self, name: str) -> Fact | None:
        """The most trusted fact of that name (human > form > rule > computed > ocr > llm)."""
        order = {
            FactMethod.human: 0,
            FactMethod.form: 1,
            FactMethod.rule: 2,
            FactMethod.computed: 3,
            FactMethod.ocr: 4,
            FactMethod.llm: 5,
        }
        matches = sorted((f for f in self.facts if f.name == name), key=lambda f: order[f.method])
        return matches[0] if matches else None

    def value(self, name: str) -> FactValue:
        found = self.fact(name)
        return None if found is None else found.value


class Reason(_Model):
    code: str = Field(description="Reason-table code, e.g. R07")
    feature: str = Field(description="Model feature or group the contribution came from")
    text: str = Field(description="Specific, human-readable adverse-action reason")
    contribution: float = Field(description="Log-odds contribution toward default (positive = riskier)")


class Score(_Model):
    pd: float = Field(ge=0.0, le=1.0, description="Calibrated probability of default")
    grade: str
    reasons: list[Reason] = Field(default_factory=list, description="Top reasons, most adverse first")
    model_version: str
    raw_score: float | None = None
    missing_inputs: list[str] = Field(
        default_factory=list, description="Model inputs the application lacked (scored as missing)"
    )
    input_count: int = Field(default=0, ge=0, description="Model inputs in all (0: not recorded)")
    decoded_inputs: list[str] = Field(
        default_factory=list,
        description="Inputs the application lacked that the bundle's field reader read from its statement",
    )
    unreliable_reason: str | None = Field(
        default=None, description="Why this score should not be relied on (too many or key inputs missing)"
    )

    @property
    def reliable(self) -> bool:
        return self.unreliable_reason is None


class Severity(StrEnum):
    hard = "hard"
    soft = "soft"


class FindingStatus(StrEnum):
    passed = "pass"
    failed = "fail"
    cannot_evaluate = "cannot_evaluate"


class RuleFinding(_Model):
    rule_id: str
    section_id: str = Field(description="Policy section cited, e.g. CP-4.2")
    subject: str = Field(description="Fact or ratio tested")
    operator: str
    limit: float | str | None
    value: float | str | None
    severity: Severity
    status: FindingStatus
    message: str


class Recommendation(StrEnum):
    approve = "approve"
    approve_with_conditions = "approve_with_conditions"
    decline = "decline"
    refer = "refer"


class Decision(_Model):
    application_id: str
    decision: Recommendation
    reviewer: str
    reason: str | None = None
    conditions: list[str] = Field(default_factory=list)
    exception_authority: str | None = Field(
        default=None, description="Authority level approving a hard-rule exception, if any"
    )
    memo_edit_sha256: str | None = Field(
        default=None, description="Hash of the reviewer-edited memo text the decision was taken on"
    )
    authenticated_as: str | None = Field(
        default=None,
        description="Who the surface authenticated (an API key: 'api-key:<id>') when ``reviewer`` is "
        "only the name the caller stated; the decision record's actor",
    )
    decided_at: datetime = Field(default_factory=utcnow)
