"""Draft the narrative with the LLM, verify it, repair once or fall back, assemble the memo."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from langgraph.runtime import Runtime

from underwrite.agent.deps import Deps
from underwrite.agent.memo import (
    Evidence,
    MemoFlag,
    MemoNarrative,
    NarrativeSource,
    VerificationStatus,
    Versions,
    Violation,
    ViolationKind,
    allowed_recommendations,
    assemble_memo,
    deterministic_narrative,
    evidence_of,
    policy_recommendation,
    verify_narrative,
)
from underwrite.agent.memo.constrained import constrained_narrative_schema, to_narrative
from underwrite.agent.memo.prompt_sources import narrative_sources
from underwrite.agent.memo.revision import apply_revision, revision_fields
from underwrite.agent.nodes._common import call_structured, deps_of, text_listener
from underwrite.agent.nodes.memo_claims import claims_update, deterministic_update
from underwrite.agent.state import Flag, UnderwritingState
from underwrite.prompts import RenderedPrompt, render_prompt

MEMO_MAX_TOKENS = 700
"""Generation bound for one narrative. The constrained schema's length limits (see
``memo.constrained``) keep a complete narrative near or under this; a reply cut off here fails
validation and counts as a bad draft, so the bound also caps a runaway generation's cost."""


def _prompt_vars(ev: Evidence, flags: list[Flag]) -> dict[str, Any]:
    return {
        "application_id": ev.application_id,
        "sources": narrative_sources(ev),
        "allowed": sorted(a.value for a in allowed_recommendations(ev)),
        "policy_recommendation": policy_recommendation(ev).value,
        "flags": [f"{f.code}: {f.message}" for f in flags if f.severity != "info"],
    }


def _llm_draft(
    state: UnderwritingState,
    runtime: Runtime[Deps],
    ev: Evidence,
    prompt: RenderedPrompt,
    step: str,
    revise: tuple[MemoNarrative, list[str]] | None = None,
) -> dict[str, Any]:
    """One LLM request for a narrative: a whole one, or with ``revise`` = (draft, fields) just
    those fields, put back into the draft."""
    schema = constrained_narrative_schema(ev, only=revise[1] if revise else None)
    listener = text_listener(runtime, step)
    result, call = call_structured(deps_of(runtime).llm, step, prompt, schema, MEMO_MAX_TOKENS, listener)
    narrative = None
    if result is not None:
        narrative = apply_revision(revise[0], result, revise[1], ev) if revise else to_narrative(result, ev)
    return {
        "narrative": narrative,
        "draft_attempts": state.get("draft_attempts", 0) + 1,
        "llm_calls": [call],
        "prompt_versions": {prompt.name: prompt.version},
    }


def draft_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    ev = evidence_of(state)
    mode = deps_of(runtime).memo_narrative
    if mode == "deterministic":
        return deterministic_update(ev)
    if mode == "claims":
        return claims_update(state, runtime, ev)
    prompt = render_prompt("memo_draft", **_prompt_vars(ev, state.get("flags", [])))
    update = _llm_draft(state, runtime, ev, prompt, "draft_memo")
    update["narrative_source"] = NarrativeSource.llm
    update["draft_limit"] = 1 + deps_of(runtime).memo_repair_rounds
    return update


def verify_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    narrative = state.get("narrative")
    if narrative is None:
        call = state.get("llm_calls", [])[-1:] or None
        detail = call[0].error if call and call[0].error else "the model returned no usable narrative"
        violations = [
            Violation(
                kind=ViolationKind.invalid_output,
                location="narrative",
                detail=f"no schema-valid narrative: {detail}",
            )
        ]
    else:
        violations = verify_narrative(narrative, evidence_of(state))
    update: dict[str, Any] = {"violations": violations}
    if state.get("draft_attempts", 0) == 1 and "first_violations" not in state:
        update["first_violations"] = violations
    return update


def route_after_verify(state: UnderwritingState) -> Literal["assemble_memo", "repair_memo", "fallback_memo"]:
    """Verified: assemble. Failed: repair while repair rounds remain, then the deterministic fallback."""
    # A checkpoint written before draft_limit existed resumes with the old fixed draft + one repair.
    attempts, limit = state.get("draft_attempts", 0), state.get("draft_limit", 2)
    if state.get("narrative_source") in (NarrativeSource.mixed, NarrativeSource.deterministic) or (
        state.get("claim_stats") is not None
    ):
        # the claims and deterministic paths compose a verified narrative themselves: no repair loop
        return "assemble_memo" if not state["violations"] else "fallback_memo"
    if attempts < 1:
        raise ValueError(f"verify_memo reached before any draft: attempts={attempts}")
    if not state["violations"]:
        return "assemble_memo"
    if llm_unavailable(state) is not None:
        return "fallback_memo"
    return "repair_memo" if attempts < limit else "fallback_memo"


def llm_unavailable(state: UnderwritingState) -> str | None:
    """The error of the last LLM call when it could not reach the model, else None."""
    calls = state.get("llm_calls", [])
    last = calls[-1] if calls else None
    return (last.error or "the LLM is unavailable") if last is not None and last.unavailable else None


def repair_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Ask again as the next turn of the drafting conversation: the model sees its own draft and the
    verifier's findings (a serving engine reuses the cached system prompt and SOURCES) and rewrites
    only the fields that failed, when the draft is usable (see ``memo.revision``)."""
    ev = evidence_of(state)
    previous = state.get("narrative")
    fields = revision_fields(state["violations"]) if previous is not None else None
    variables = _prompt_vars(ev, state.get("flags", []))
    draft = render_prompt("memo_draft", **variables)
    repair = render_prompt(
        "memo_repair", **variables, violations=[str(v) for v in state["violations"]], fields=fields or []
    )
    # No schema-valid draft: nothing of it is worth echoing; the findings say what was wrong.
    earlier = [{"role": "assistant", "content": previous.model_dump_json()}] if previous else []
    prompt = RenderedPrompt(
        name=repair.name, version=repair.version, messages=[*draft.messages, *earlier, *repair.messages]
    )
    revise = (previous, fields) if previous is not None and fields else None
    update = _llm_draft(state, runtime, ev, prompt, "repair_memo", revise)
    update["narrative_source"] = NarrativeSource.repaired
    update["prompt_versions"] = {draft.name: draft.version, repair.name: repair.version}
    return update


def fallback_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    ev = evidence_of(state)
    narrative = deterministic_narrative(ev)
    remaining = verify_narrative(narrative, ev)
    if remaining:  # the template is built from state only; a failure here is a bug, not bad input
        raise RuntimeError(f"deterministic narrative failed verification: {remaining}")
    down = llm_unavailable(state)
    if down is not None:
        flag = Flag(
            code="llm_unavailable",
            severity="warning",
            source="draft_memo",
            message=f"the LLM could not be reached, so this memo uses the deterministic narrative "
            f"(no model text in it): {down}",
        )
    else:
        last = "; ".join(str(v) for v in state["violations"][:3])
        flag = Flag(
            code="narrative_fallback",
            severity="warning",
            source="verify_memo",
            message=f"the model's narrative failed verification ({state.get('draft_attempts', 0)} "
            f"LLM draft(s)); this memo uses the deterministic narrative. Last problems: {last}",
        )
    return {
        "narrative": narrative,
        "narrative_source": NarrativeSource.fallback,
        "violations": [],
        "flags": [flag],
    }


def assemble_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    ev = evidence_of(state)
    narrative = state["narrative"]
    assert narrative is not None, "assemble_memo reached without a narrative"
    source = state["narrative_source"]
    stats = state.get("claim_stats") or {}
    verification = VerificationStatus(
        passed=True,
        narrative_source=source,
        attempts=state.get("draft_attempts", 0),
        violations_first_draft=[str(v) for v in state.get("first_violations", [])],
        violations_final=[],
        claims_proposed=int(stats.get("proposed", 0)),
        claims_kept=int(stats.get("kept", 0)),
        claims_used=int(stats.get("used", 0)),
        claim_rejections=[str(r) for r in stats.get("rejections", [])],
    )
    versions = Versions(
        score_model=ev.score.model_version,
        prompts=dict(state.get("prompt_versions", {})),
        policy=deps.policy_version,
        llm=deps.llm_version,
    )
    flags = [MemoFlag(code=f.code, message=f.message, severity=f.severity) for f in state.get("flags", [])]
    started = state.get("started_at")  # absent only in a run checkpointed by an earlier build
    memo = assemble_memo(
        ev,
        narrative,
        versions=versions,
        flags=flags,
        verification=verification,
        prepared_at=datetime.fromisoformat(started) if started else None,
    )
    return {"memo": memo}
