"""Suite 7 — retrieval quality on the retrieval area's labelled policy questions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.retrieval import RetrievalScorer, RetrievalState


class RetrievalSuite(Suite[RetrievalState]):
    name = "retrieval"
    in_fast = True
    requires = (Requirement("retrieval", "underwrite.retrieval", ("search_policy", "ensure_index")),)

    def scorers(self) -> Sequence[Scorer[RetrievalState]]:
        return [RetrievalScorer()]

    def solve(self, ctx: RunContext) -> RetrievalState:
        raise NotImplementedError("retrieval suite solver lands with the retrieval branch's question set")

    def n_cases(self, state: RetrievalState) -> int:
        return len(state.cases)

    def details(self, state: RetrievalState) -> dict[str, Any]:
        return {"k": state.k}
