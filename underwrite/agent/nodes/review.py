"""Record the draft, wait for the underwriter (interrupt), validate and record the decision."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from underwrite.agent.deps import Deps
from underwrite.agent.errors import ExceptionAuthorityRequired, ReasonRequired
from underwrite.agent.lease import current_fence
from underwrite.agent.memo import ExceptionRecord, Memo, verify_narrative
from underwrite.agent.memo.evidence import evidence_of
from underwrite.agent.nodes._common import deps_of, jsonable
from underwrite.agent.state import ReviewInput, UnderwritingState
from underwrite.core.canonical import sha256_json
from underwrite.core.schemas import Application, Decision, FindingStatus, Recommendation, Severity
from underwrite.records.log_masking import application_identifiers

_APPROVALS = {Recommendation.approve, Recommendation.approve_with_conditions}


def _known_identifiers(app: Application) -> tuple[str, ...]:
    return application_identifiers(app)


def run_record(state: UnderwritingState) -> dict[str, Any]:
    """What the audit keeps about a run: inputs, provenance, versions, evidence ids, outputs."""
    app = state["application"]
    memo = state["memo"]
    return {
        "packet_dir_name": state["packet_dir"].rstrip("/").rsplit("/", 1)[-1],
        "documents": [
            {"doc_id": d.doc_id, "filename": d.filename, "sha256": d.sha256, "kind": d.kind}
            for d in app.documents
        ],
        "document_failures": state.get("document_failures", []),
        "fact_sources": [
            {
                "name": f.name,
                "method": f.method.value,
                "doc_id": f.source.doc_id if f.source else None,
                "page": f.source.page if f.source else None,
                "span": [f.source.start, f.source.end] if f.source else None,
            }
            for f in app.facts
        ],
        "versions": memo.versions.model_dump(mode="json"),
        "retrieved": {
            "policy": [p.section_id for p in state.get("policy", [])],
            "precedents": [c.case_id for c in state.get("precedents", [])],
        },
        "score": jsonable(state["score"]),
        "findings": jsonable(state["findings"]),
        "flags": [f.code for f in state.get("flags", [])],
        "verification": memo.verification.model_dump(mode="json"),
        "recommendation": memo.recommendation.value,
        "memo_sha256": memo.content_hash(),
        "llm_calls": [
            {"step": c.step, "prompt": c.prompt, "version": c.prompt_version, "ok": c.ok}
            for c in state.get("llm_calls", [])
        ],
    }


def record_draft_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    fence = current_fence()  # a worker that lost its job's lease records no draft (agent.lease)
    entry = deps.audit.append(
        "memo_drafted",
        state["application_id"],
        run_record(state),
        dedupe_key=f"{state['run_id']}:memo_drafted",
        known_identifiers=_known_identifiers(state["application"]),
        guard=None if fence is None else fence.check_in,
    )
    return {"audit_seqs": [entry.seq]}


def validate_decision(memo: Memo, hard_failed: list[str], decision: Decision) -> None:
    """Raise a typed error when the decision may not be recorded as given."""
    if decision.decision != memo.recommendation and not (decision.reason and decision.reason.strip()):
        raise ReasonRequired(
            f"the decision {decision.decision.value!r} departs from the recommendation "
            f"{memo.recommendation.value!r}: a written reason is required"
        )
    if decision.decision in _APPROVALS and hard_failed and not decision.exception_authority:
        raise ExceptionAuthorityRequired(
            f"approving over failed hard rule(s) {', '.join(hard_failed)} requires an exception authority"
        )


def hard_failed_rules(state: UnderwritingState) -> list[str]:
    return [
        f.rule_id
        for f in state["findings"]
        if f.severity == Severity.hard and f.status == FindingStatus.failed
    ]


def human_review_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    memo = state["memo"]
    raw = interrupt(
        {
            "application_id": state["application_id"],
            "recommendation": memo.recommendation.value,
            "memo_sha256": memo.content_hash(),
            "hard_failed_rules": hard_failed_rules(state),
        }
    )
    review = ReviewInput.model_validate(raw)
    validate_decision(memo, hard_failed_rules(state), review.decision)
    update: dict[str, Any] = {"review": review}
    if review.decision.decision in _APPROVALS and hard_failed_rules(state):
        update["exceptions"] = [
            ExceptionRecord(
                rule_id=r,
                authority=str(review.decision.exception_authority),
                granted_by=review.decision.reviewer,
                reason=review.decision.reason or "",
            )
            for r in hard_failed_rules(state)
        ]
    return update


def finalise_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    review = state["review"]
    d = review.decision
    payload: dict[str, Any] = {
        "decision": d.decision.value,
        "recommendation": state["memo"].recommendation.value,
        "departs_from_recommendation": d.decision != state["memo"].recommendation,
        "reviewer": d.reviewer,
        "authenticated_as": d.authenticated_as,
        "reason": d.reason,
        "conditions": d.conditions,
        "exception_authority": d.exception_authority,
        "exceptions": jsonable(state.get("exceptions", [])),
        "memo_sha256": state["memo"].content_hash(),
        "memo_edit_sha256": d.memo_edit_sha256,
        "decided_at": d.decided_at.isoformat(),
    }
    if review.edited_narrative is not None:
        payload["edited_narrative_sha256"] = sha256_json(review.edited_narrative.model_dump(mode="json"))
        payload["edited_narrative_violations"] = [
            str(v) for v in verify_narrative(review.edited_narrative, evidence_of(state))
        ]
    entry = deps.audit.append(
        "decision",
        state["application_id"],
        payload,
        actor=d.authenticated_as or d.reviewer,  # a stated name alone proves nobody took it
        dedupe_key=f"{state['run_id']}:decision",
        known_identifiers=_known_identifiers(state["application"]),
    )
    return {"audit_seqs": [entry.seq]}
