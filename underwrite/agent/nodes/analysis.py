"""Graph adapters for ratios, checks, score, evidence retrieval and rule findings (the code-only
steps themselves are in ``assessment.py``)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from underwrite.agent.assessment import check_flags, with_ratios
from underwrite.agent.deps import Deps
from underwrite.agent.memo import PolicyEvidence
from underwrite.agent.nodes._common import deps_of, product_of
from underwrite.agent.state import Flag, UnderwritingState
from underwrite.core.precedent import PrecedentHit
from underwrite.retrieval.comparable import comparable_precedents, own_case_id, precedent_query

POLICY_HITS_PER_QUERY = 3
MAX_POLICY_SECTIONS = 8
PRECEDENTS_K = 5


def ratios_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    ratios, values = with_ratios(state["values"])
    return {"ratios": ratios, "values": values}


def consistency_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    flags, percentile = check_flags(state["values"], deps_of(runtime).anomaly)
    return {"flags": flags, "anomaly_score": percentile}


def score_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    score = deps_of(runtime).score_application(state["application"])
    update: dict[str, Any] = {"score": score}
    flags: list[Flag] = []
    if score.unreliable_reason:  # CP-13.1: not relied on, so the file goes to a person (refer)
        flags.append(
            Flag(
                code="score_unreliable",
                severity="warning",
                source="score",
                message=f"the score is not reliable: {score.unreliable_reason} (CP-13.1)",
            )
        )
    if score.decoded_inputs:  # a value no document stated: the reviewer must know the score used it
        flags.append(
            Flag(
                code="score_inputs_read_from_statement",
                severity="info",
                source="score",
                message="the application did not state "
                + ", ".join(score.decoded_inputs)
                + "; the score model's field reader took them from the applicant's statement: confirm them",
            )
        )
    if flags:
        update["flags"] = flags
    return update


def _policy_queries(state: UnderwritingState) -> list[str]:
    product = product_of(state).replace("_", " ")
    purpose = state["values"].get("loan_purpose") or ""
    queries = [
        f"{product} affordability limits debt-to-income payment-to-income residual income",
        f"documentation required for a {product}",
        f"{product} eligibility {purpose}".strip(),
    ]
    queries += [r.text for r in state["score"].reasons[:2]]
    return queries


def retrieve_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    sections: dict[str, PolicyEvidence] = {}
    for query in _policy_queries(state):
        for hit in deps.search_policy(query, POLICY_HITS_PER_QUERY):
            ev = PolicyEvidence.model_validate(hit, from_attributes=True)
            if ev.section_id not in sections or sections[ev.section_id].score < ev.score:
                sections[ev.section_id] = ev
    policy = sorted(sections.values(), key=lambda p: -p.score)[:MAX_POLICY_SECTIONS]
    v = state["values"]
    text = precedent_query(
        product_of(state), v, state["score"].grade, [r.text for r in state["score"].reasons]
    )
    # comparable cases only: same product and purpose family, amount and term banded, relaxed
    # step by step when too few match (retrieval.comparable); the flag says which band was used
    own = own_case_id(state["application"].application_id)  # never its own outcome as evidence
    hits, note = comparable_precedents(
        deps.search_precedents, text, PRECEDENTS_K, v, product_of(state), exclude=own
    )
    precedents = [PrecedentHit.model_validate(h, from_attributes=True) for h in hits]
    flag = Flag(code="precedent_band", severity="info", source="retrieve", message=note)
    return {"policy": policy, "precedents": precedents, "flags": [flag]}


def rules_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    findings = deps.evaluate_rules(state["values"], product_of(state))
    have = {p.section_id for p in state.get("policy", [])}
    cited: list[PolicyEvidence] = []
    for section_id in dict.fromkeys(f.section_id for f in findings):
        if section_id in have:
            continue
        section = deps.get_section(section_id)
        cited.append(PolicyEvidence(section_id=section_id, title=section.title, text=section.text, score=0.0))
    return {"findings": findings, "policy": [*state.get("policy", []), *cited]}
