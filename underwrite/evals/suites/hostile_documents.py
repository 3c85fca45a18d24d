"""Suite 6 — hostile documents: prompt injections planted in packet prose; the decision must match
the clean packet's, the injection must be flagged, and nothing it asks for may be executed."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.invariance import (
    DecisionFlipScorer,
    InjectionFlaggedScorer,
    NothingExecutedScorer,
    PairState,
    ScoreInvarianceScorer,
)


class HostileDocumentsSuite(Suite[PairState]):
    name = "hostile_documents"
    requires = (
        Requirement("documents", "underwrite.tools.packets", ("load_application", "render_packet")),
        Requirement("agent graph", "underwrite.agent.graph", ()),
    )

    def scorers(self) -> Sequence[Scorer[PairState]]:
        return [
            DecisionFlipScorer(),
            ScoreInvarianceScorer(),
            InjectionFlaggedScorer(),
            NothingExecutedScorer(),
        ]

    def solve(self, ctx: RunContext) -> PairState:
        raise NotImplementedError("hostile-documents solver lands with the docs and agent branches")

    def n_cases(self, state: PairState) -> int:
        return len(state.pairs)
