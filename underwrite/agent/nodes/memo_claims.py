"""The memo narrative by claims (served models) or by code alone (the embedded model's default).

``UW_MEMO_NARRATIVE`` (``Deps.memo_narrative``) picks the path: ``claims`` asks the model for
claims under a per-application schema and keeps those that pass the meaning checks
(``memo.claim_select``); ``deterministic`` writes no narrative with the model at all (the memo takes
about a second); ``narrative`` is the older whole-narrative draft / verify / repair loop.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from underwrite.agent.deps import Deps
from underwrite.agent.memo import Evidence, NarrativeSource, deterministic_narrative
from underwrite.agent.memo.claim_select import Selection, select_claims
from underwrite.agent.memo.claims import MAX_CLAIMS, claims_schema, to_claims
from underwrite.agent.memo.prompt_sources import narrative_sources
from underwrite.agent.memo.recommendation import policy_recommendation
from underwrite.agent.nodes._common import call_structured, deps_of, text_listener
from underwrite.agent.state import Flag, UnderwritingState
from underwrite.prompts import RenderedPrompt, render_prompt

CLAIMS_MAX_TOKENS = 450
"""Six claims of at most 140 characters plus their ids is about 350 tokens; a reply cut off here
fails validation and the memo keeps the deterministic narrative."""


def deterministic_update(ev: Evidence) -> dict[str, Any]:
    return {
        "narrative": deterministic_narrative(ev),
        "narrative_source": NarrativeSource.deterministic,
        "draft_attempts": 0,
        "draft_limit": 0,
        "flags": [
            Flag(
                code="narrative_deterministic",
                severity="info",
                source="draft_memo",
                message="the narrative was written by code from the file (no model text), as set "
                "for this backend (UW_MEMO_NARRATIVE)",
            )
        ],
    }


def claims_prompt(ev: Evidence, flags: list[str], application_id: str | None = None) -> RenderedPrompt:
    """The claims request for ``ev``: this application's own sources (no policy text, no precedent
    case, whose numbers are not the applicant's), the policy's recommendation and the file's flags.
    The benches and the scripted-claims rate ask with this same prompt."""
    sources = [s for s in narrative_sources(ev) if not s.id.startswith(("policy:", "case:"))]
    return render_prompt(
        "memo_claims",
        application_id=application_id or ev.application_id,
        sources=sources,
        policy_recommendation=policy_recommendation(ev).value,
        flags=flags,
        max_claims=MAX_CLAIMS,
    )


def claims_update(state: UnderwritingState, runtime: Runtime[Deps], ev: Evidence) -> dict[str, Any]:
    """One LLM request for claims, then selection; never a second draft (see README)."""
    prompt = claims_prompt(
        ev, [f"{f.code}: {f.message}" for f in state.get("flags", []) if f.severity != "info"]
    )
    start = time.perf_counter()
    result, call = call_structured(
        deps_of(runtime).llm,
        "draft_memo",
        prompt,
        claims_schema(ev),
        CLAIMS_MAX_TOKENS,
        text_listener(runtime, "draft_memo"),
    )
    claims = to_claims(result) if result is not None else []
    selection = select_claims(ev, claims)
    source = NarrativeSource.mixed if selection.used else NarrativeSource.fallback
    update: dict[str, Any] = {
        "narrative": selection.narrative,
        "narrative_source": source,
        "draft_attempts": 1,
        "draft_limit": 1,
        "llm_calls": [call],
        "prompt_versions": {prompt.name: prompt.version},
        "claim_stats": {
            "proposed": selection.proposed,
            "kept": selection.kept,
            "used": selection.used,
            "rejections": selection.rejections,
            "seconds": round(time.perf_counter() - start, 3),
        },
    }
    if not selection.used:
        update["flags"] = [
            Flag(
                code="llm_unavailable" if call.unavailable else "narrative_fallback",
                severity="warning",
                source="draft_memo",
                message=_fallback_reason(call.unavailable, call.error if result is None else None, selection),
            )
        ]
    return update


def _fallback_reason(unavailable: bool, error: str | None, selection: Selection) -> str:
    """Why no model text is in the memo, in words: the model never answered, answered unusably, or
    every claim failed a check (three different things for the reader and for whoever runs it)."""
    tail = "this memo uses the deterministic narrative (no model text in it)"
    if unavailable:
        return f"the LLM could not be reached, so {tail}: {error}"
    if error is not None:
        return f"the LLM's reply was not usable (not the claims it was asked for), so {tail}: {error}"
    why = "; ".join(selection.rejections[:3]) or "no claims"
    return f"no model claim passed the checks and found a place in the memo, so {tail}: {why}"
