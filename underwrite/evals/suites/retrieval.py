"""Suite 7 — policy retrieval quality on the retrieval area's labelled questions (tuning set and the
held-out set written after tuning), through the public ``search_policy``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.retrieval import RetrievalCase, RetrievalScorer, RetrievalState

DEPTH = 10
"""Hits fetched per question: recall counts the top 5, MRR looks down to 10."""


class RetrievalSuite(Suite[RetrievalState]):
    name = "retrieval"
    in_fast = True
    requires = (
        Requirement("retrieval", "underwrite.retrieval", ("search_policy",)),
        Requirement("retrieval index", "underwrite.retrieval.index", ("ensure_policy_index",)),
        Requirement(
            "labelled retrieval questions",
            "underwrite.evals.retrieval_quality",
            ("load_questions", "QUESTIONS_PATH", "HOLDOUT_PATH"),
        ),
    )

    def scorers(self) -> Sequence[Scorer[RetrievalState]]:
        return [RetrievalScorer()]

    def solve(self, ctx: RunContext) -> RetrievalState:
        import importlib

        # lazy: retrieval_quality imports Chroma; only needed when the suite runs
        from underwrite.evals.retrieval_quality import HOLDOUT_PATH, QUESTIONS_PATH, load_questions

        # Lazy attributes (module __getattr__) that static checkers cannot see.
        search_policy = importlib.import_module("underwrite.retrieval").search_policy
        ensure_policy_index = importlib.import_module("underwrite.retrieval.index").ensure_policy_index

        ctx.progress("retrieval: policy index", 0, 1)
        ensure_policy_index()
        sets = {"labelled": QUESTIONS_PATH, "holdout": HOLDOUT_PATH}
        cases = []
        for set_name, path in sets.items():
            ctx.record_input(f"questions:{set_name}", hashlib.sha256(path.read_bytes()).hexdigest()[:16])
            questions = load_questions(path)
            for i, q in enumerate(questions):
                ctx.progress(f"retrieval: {set_name} questions", i, len(questions))
                hits = search_policy(q.q, k=DEPTH)
                cases.append(
                    RetrievalCase(
                        case_id=f"{set_name}-{i + 1:02d}",
                        question=q.q,
                        relevant=frozenset(q.expected),
                        retrieved=[h.section_id for h in hits],
                        question_set=set_name,
                    )
                )
        return RetrievalState(cases)

    def n_cases(self, state: RetrievalState) -> int:
        return len(state.cases)

    def details(self, state: RetrievalState) -> dict[str, Any]:
        return {"k": state.k, "depth": DEPTH}
