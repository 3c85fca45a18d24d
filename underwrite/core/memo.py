"""The credit memo: the narrative the LLM writes, and the memo assembled around it by code.

Only :class:`MemoNarrative` is ever produced by a language model, constrained by its JSON schema.
Every table (ratios, score, findings, precedents) is rendered from the workflow state by code, so a
number in a table can never be invented; the verifier checks the narrative against the same state.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from underwrite.core.canonical import sha256_json
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import FactValue, FindingStatus, Recommendation, Severity


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


ClaimOrigin = Literal["llm", "repaired", "deterministic"]
"""Who wrote one statement of a narrative: the model (first draft or after a repair) or code."""


# --- the part the LLM writes ----------------------------------------------------------------------


class CitedText(_Model):
    """One statement of the narrative and the ids of the sources that support it."""

    text: str = Field(
        description="One or two sentences. Use only numbers given in the sources.", max_length=400
    )
    citations: list[str] = Field(
        default_factory=list, description="Source ids from the SOURCES list, e.g. ratio:dti, policy:CP-4.2"
    )


class RiskItem(_Model):
    risk: str = Field(description="A specific risk in this application", max_length=300)
    mitigant: str = Field(description="What reduces that risk, or 'none identified'", max_length=300)
    citations: list[str] = Field(default_factory=list, description="Source ids supporting both")


class MemoNarrative(_Model):
    """The prose of a credit memo. The model writes this and nothing else."""

    summary: CitedText = Field(description="Borrower, request and overall assessment")
    strengths: list[CitedText] = Field(default_factory=list, max_length=4)
    risks_and_mitigants: list[RiskItem] = Field(default_factory=list, max_length=4)
    recommendation: Recommendation = Field(description="Must respect the policy findings")
    recommendation_rationale: CitedText
    conditions: list[CitedText] = Field(
        default_factory=list, max_length=4, description="Conditions of approval, if any"
    )
    adverse_action_codes: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="When declining: up to 4 reason codes taken from the score's reasons (e.g. R07)",
    )
    origins: dict[str, ClaimOrigin] = Field(
        default_factory=dict,
        description="Set by code, never by the model: location (as in cited_texts) → who wrote it",
    )

    def origin_of(self, location: str, default: ClaimOrigin = "deterministic") -> ClaimOrigin:
        return self.origins.get(location, default)

    def cited_texts(self) -> list[tuple[str, str, list[str]]]:
        """Every piece of prose as (location, text, citations), for the verifier and exports."""
        out: list[tuple[str, str, list[str]]] = [("summary", self.summary.text, self.summary.citations)]
        out += [(f"strengths[{i}]", s.text, s.citations) for i, s in enumerate(self.strengths)]
        for i, r in enumerate(self.risks_and_mitigants):
            out.append((f"risks_and_mitigants[{i}].risk", r.risk, r.citations))
            out.append((f"risks_and_mitigants[{i}].mitigant", r.mitigant, r.citations))
        out.append(
            (
                "recommendation_rationale",
                self.recommendation_rationale.text,
                self.recommendation_rationale.citations,
            )
        )
        out += [(f"conditions[{i}]", c.text, c.citations) for i, c in enumerate(self.conditions)]
        return out


# --- the parts code renders -----------------------------------------------------------------------


class NarrativeSource(StrEnum):
    llm = "llm"
    """Written by the model and verified on the first attempt."""
    repaired = "repaired"
    """Written by the model, verified after one repair round."""
    fallback = "fallback"
    """The model's text failed verification (after any repair rounds); a deterministic narrative was used."""
    mixed = "mixed"
    """Claims path: the model's claims that passed the checks, the rest filled in by code (see
    ``MemoNarrative.origins`` for each statement's origin)."""
    deterministic = "deterministic"
    """No narrative generation by setting or backend (``UW_MEMO_NARRATIVE``): code wrote it all."""


class VerificationStatus(_Model):
    passed: bool
    narrative_source: NarrativeSource
    attempts: int = Field(ge=0, description="LLM drafts tried (first draft + repairs)")
    violations_first_draft: list[str] = Field(default_factory=list)
    violations_final: list[str] = Field(default_factory=list)
    claims_proposed: int = Field(default=0, ge=0, description="Claims the model wrote (claims path)")
    claims_kept: int = Field(default=0, ge=0, description="Of those, the claims that passed every check")
    claims_used: int = Field(default=0, ge=0, description="Memo statements written from kept claims")
    claim_rejections: list[str] = Field(default_factory=list, description="Why each dropped claim failed")


class SummaryRow(_Model):
    label: str
    value: str
    source_id: str | None = None


class RatioRow(_Model):
    name: str
    label: str
    value: float | None
    display: str
    source_id: str


class ReasonRow(_Model):
    code: str
    text: str
    contribution: float


class ScoreSection(_Model):
    pd: float
    grade: str
    model_version: str
    reasons: list[ReasonRow]


class FindingRow(_Model):
    rule_id: str
    section_id: str
    subject: str
    value: float | str | None
    operator: str
    limit: float | str | None
    severity: Severity
    status: FindingStatus
    message: str


class AdverseActionReason(_Model):
    code: str
    text: str


class Citation(_Model):
    claim: str = Field(description="Where in the memo the claim sits, e.g. strengths[0]")
    source_id: str
    source_label: str


class Versions(_Model):
    score_model: str
    prompts: dict[str, str] = Field(default_factory=dict, description="prompt name → version")
    policy: str
    llm: str


class MemoFlag(_Model):
    code: str
    message: str
    severity: str = "warning"


class Memo(_Model):
    """A complete credit memo, ready for the underwriter's review."""

    application_id: str
    borrower_summary: list[SummaryRow]
    request_summary: list[SummaryRow]
    ratios: list[RatioRow]
    score: ScoreSection
    policy_findings: list[FindingRow]
    precedents: list[PrecedentHit]
    narrative: MemoNarrative
    policy_recommendation: Recommendation = Field(description="What the rules and score alone suggest")
    recommendation: Recommendation
    conditions: list[str]
    adverse_action_reasons: list[AdverseActionReason]
    citations: list[Citation]
    versions: Versions
    flags: list[MemoFlag]
    verification: VerificationStatus
    facts_used: dict[str, FactValue] = Field(default_factory=dict)
    # A memo is a dated document: who (what) drafted it and when. Memos stored by earlier builds
    # have neither, so both default to "not recorded" rather than being invented on load.
    prepared_at: datetime | None = Field(
        default=None, description="When the drafting run read the documents (UTC); a resumed run keeps it"
    )
    prepared_by: str = Field(
        default="", description="The system that drafted it; the underwriter who decides signs the decision"
    )

    @model_serializer(mode="wrap")
    def _without_unrecorded_preparation(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # The audit trail holds the hash of each memo's dump: a memo stored before memos were dated
        # must dump (and hash) as it did, so unrecorded preparation fields are left out.
        data: dict[str, Any] = handler(self)
        for key in ("prepared_at", "prepared_by"):
            if key in data and data[key] in (None, ""):
                data.pop(key)
        return data

    @property
    def strengths(self) -> list[str]:
        return [s.text for s in self.narrative.strengths]

    def content_hash(self) -> str:
        """sha256 over the canonical JSON of the memo: what the audit trail records."""
        return sha256_json(self.model_dump(mode="json"))
