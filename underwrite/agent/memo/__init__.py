"""The credit memo: model, evidence catalogue, verifier, deterministic fallback and assembly."""

from underwrite.agent.memo.assemble import assemble_memo
from underwrite.agent.memo.evidence import (
    Evidence,
    ExceptionRecord,
    PolicyEvidence,
    Source,
    build_sources,
    evidence_of,
)
from underwrite.agent.memo.fallback import deterministic_narrative
from underwrite.agent.memo.recommendation import allowed_recommendations, policy_recommendation
from underwrite.agent.memo.verifier import Violation, ViolationKind, verify_narrative
from underwrite.core.memo import (
    CitedText,
    Memo,
    MemoFlag,
    MemoNarrative,
    NarrativeSource,
    RiskItem,
    VerificationStatus,
    Versions,
)

__all__ = [
    "CitedText",
    "Evidence",
    "ExceptionRecord",
    "Memo",
    "MemoFlag",
    "MemoNarrative",
    "NarrativeSource",
    "PolicyEvidence",
    "RiskItem",
    "Source",
    "VerificationStatus",
    "Versions",
    "Violation",
    "ViolationKind",
    "allowed_recommendations",
    "assemble_memo",
    "build_sources",
    "deterministic_narrative",
    "evidence_of",
    "policy_recommendation",
    "verify_narrative",
]
