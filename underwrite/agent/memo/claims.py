"""Claims, not free text: what the model writes is a list of short claims, each bound to evidence.

A claim is a kind (strength, risk, mitigant, condition, rationale), the ids of the evidence it
rests on (a JSON-schema enum of *this* application's evidence: facts, ratios, the score and its
reasons, rule findings, flags; never a policy section or a precedent, which cannot carry a claim
about the applicant) and a short text that holds no digit and no id (a JSON-schema ``pattern``, so
llama.cpp's grammar and vLLM's guided decoding constrain the model while it writes). Code renders
each claim's numbers and citations from its evidence (``memo.claim_render``): numbers and
citations are then right by construction, and the checks judge meaning (``memo.claim_checks``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.core.fields import PROTECTED_FIELDS

CLAIM_TEXT_PATTERN = r"^[A-Za-z][a-z]* [a-z ,;'()-]{6,132}$"
"""One sentence in lower case (a capital first letter only): no digit (numbers are code's), no
``:``, ``_`` or ``.`` (no source id such as ``ratio:dti`` or ``CP-4.2``), no capitalised name or
acronym (so no invented organisation can even be written), ten to 140 characters. Measured on the
embedded model: looser patterns let it write rule-id lookalikes ("AFF-DTI-SOFT") and all-capital
text ("A FALLOUT OF THE PROCESS") as whole claims (README, "Memo narrative by backend")."""
MAX_CLAIMS = 6
MAX_EVIDENCE = 3
APPLICANT_KINDS = ("fact", "ratio", "score", "reason", "rule")
"""Source kinds that describe the applicant; ``flag:`` ids are added from the file's flags."""


class ClaimKind(StrEnum):
    strength = "strength"
    risk = "risk"
    mitigant = "mitigant"
    condition = "condition"
    rationale = "rationale"


class Claim(BaseModel):
    """One claim as the model wrote it (the generic, unconstrained shape)."""

    model_config = ConfigDict(extra="forbid")

    kind: ClaimKind
    evidence: list[str] = Field(min_length=1, max_length=MAX_EVIDENCE)
    text: str = Field(pattern=CLAIM_TEXT_PATTERN)


class ClaimSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claims: list[Claim] = Field(default_factory=list, max_length=MAX_CLAIMS)


def applicant_evidence_ids(ev: Evidence) -> list[str]:
    """The ids a claim may rest on: this application's own evidence, sorted."""
    protected = {f"score:{r.code}" for r in ev.score.reasons if r.feature in PROTECTED_FIELDS}
    ids = [s.id for s in build_sources(ev).values() if s.kind in APPLICANT_KINDS and s.id not in protected]
    return sorted({*ids, *(f"flag:{code}" for code in ev.flag_codes)})


def claims_schema(ev: Evidence) -> type[BaseModel]:
    """The per-application schema: evidence ids are an enum of :func:`applicant_evidence_ids`."""
    ids = applicant_evidence_ids(ev) or ["score:pd"]
    evidence_id: Any = Literal[tuple(ids)]
    kind: Any = Literal[tuple(k.value for k in ClaimKind)]
    claim = create_model(
        "Claim",
        __config__=ConfigDict(extra="forbid"),
        kind=(kind, ...),
        evidence=(list[evidence_id], Field(min_length=1, max_length=MAX_EVIDENCE)),
        text=(
            str,
            Field(
                pattern=CLAIM_TEXT_PATTERN,
                description="The point in plain words; no numbers or ids (the system adds them)",
            ),
        ),
    )
    fields: Any = {"claims": (list[claim], Field(min_length=1, max_length=MAX_CLAIMS))}
    model: type[BaseModel] = create_model("MemoClaims", __config__=ConfigDict(extra="forbid"), **fields)
    return model


def to_claims(result: BaseModel) -> list[Claim]:
    """The generic claims of a (constrained or any compatible) model reply."""
    return ClaimSet.model_validate(result.model_dump(mode="json")).claims
