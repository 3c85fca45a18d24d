"""The underwriting workflow as a LangGraph StateGraph: wiring only; nodes live in ``nodes/``,
step names and labels in ``steps.py``."""

from __future__ import annotations

import itertools
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from underwrite.agent.deps import Deps
from underwrite.agent.nodes import analysis, intake, memo, review
from underwrite.agent.state import UnderwritingState
from underwrite.agent.steps import LINEAR_STEPS


def build_graph() -> StateGraph[Any, Any, Any, Any]:
    g: StateGraph[Any, Any, Any, Any] = StateGraph(UnderwritingState, context_schema=Deps)
    g.add_node("read_documents", intake.read_documents)
    g.add_node("extract_prose_facts", intake.extract_prose_facts)
    g.add_node("check_completeness", intake.check_completeness)
    g.add_node("compute_ratios", analysis.ratios_node)
    g.add_node("check_consistency", analysis.consistency_node)
    g.add_node("score", analysis.score_node)
    g.add_node("retrieve_evidence", analysis.retrieve_node)
    g.add_node("evaluate_rules", analysis.rules_node)
    g.add_node("draft_memo", memo.draft_node)
    g.add_node("verify_memo", memo.verify_node)
    g.add_node("repair_memo", memo.repair_node)
    g.add_node("fallback_memo", memo.fallback_node)
    g.add_node("assemble_memo", memo.assemble_node)
    g.add_node("record_draft", review.record_draft_node)
    g.add_node("human_review", review.human_review_node)
    g.add_node("finalise", review.finalise_node)

    g.add_edge(START, LINEAR_STEPS[0])
    for a, b in itertools.pairwise(LINEAR_STEPS):
        g.add_edge(a, b)
    g.add_conditional_edges(
        "verify_memo", memo.route_after_verify, ["assemble_memo", "repair_memo", "fallback_memo"]
    )
    g.add_edge("repair_memo", "verify_memo")
    g.add_edge("fallback_memo", "assemble_memo")
    g.add_edge("assemble_memo", "record_draft")
    g.add_edge("record_draft", "human_review")
    g.add_edge("human_review", "finalise")
    g.add_edge("finalise", END)
    return g


def compile_graph(checkpointer: BaseCheckpointSaver[Any] | None) -> Any:
    return build_graph().compile(checkpointer=checkpointer)
