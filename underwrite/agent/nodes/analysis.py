"""Ratios, consistency and anomaly flags, score, evidence retrieval and rule findings."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from underwrite.agent.deps import Deps
from underwrite.agent.memo import PolicyEvidence, PrecedentEvidence
from underwrite.agent.nodes._common import deps_of, product_of
from underwrite.agent.state import Flag, UnderwritingState
from underwrite.retrieval.comparable import comparable_precedents
from underwrite.tools.consistency import check_income_consistency
from underwrite.tools.ratios import compute_ratios

OUTLIER_PERCENTILE = 0.01
"""Flag an application stranger than 99% of the training population."""
POLICY_HITS_PER_QUERY = 3
MAX_POLICY_SECTIONS = 8
PRECEDENTS_K = 5


def ratios_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    ratios = compute_ratios(state["values"])
    values = {**state["values"], **{k: v for k, v in ratios.as_values().items() if v is not None}}
    return {"ratios": ratios, "values": values}


def consistency_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    flags = [
        Flag(code="income_inconsistent", message=c.message, source=c.check)
        for c in check_income_consistency(state["values"])
        if not c.ok
    ]
    percentile = deps.anomaly(state["values"]) if deps.anomaly else None
    if percentile is not None and percentile < OUTLIER_PERCENTILE:
        flags.append(
            Flag(
                code="statistical_outlier",
                source="anomaly",
                message=f"only {percentile:.1%} of training applications are less typical",
            )
        )
    return {"flags": flags, "anomaly_score": percentile}


def score_node(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    return {"score": deps_of(runtime).score_application(state["application"])}


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
    text = (
        f"{product_of(state)} loan of {v.get('loan_amount')} over {v.get('loan_term_months')} months for "
        f"{v.get('loan_purpose')}; grade {state['score'].grade}; "
        + "; ".join(r.text for r in state["score"].reasons[:3])
    )
    # comparable cases only: same product and purpose family, amount and term banded, relaxed
    # step by step when too few match (retrieval.comparable); the flag says which band was used
    hits, note = comparable_precedents(deps.search_precedents, text, PRECEDENTS_K, v, product_of(state))
    precedents = [PrecedentEvidence.model_validate(h, from_attributes=True) for h in hits]
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
        if section is not None:
            cited.append(
                PolicyEvidence(
                    section_id=section_id,
                    title=getattr(section, "title", ""),
                    text=getattr(section, "text", ""),
                    score=0.0,
                )
            )
    return {"findings": findings, "policy": [*state.get("policy", []), *cited]}
