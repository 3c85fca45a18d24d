"""Suite 5 — counterfactual demographic swaps: same packet truth, applicant's name / sex / age /
nationality wording changed in the documents; score and recommendation must not move."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.invariance import DecisionFlipScorer, PairState, ScoreInvarianceScorer


class CounterfactualSuite(Suite[PairState]):
    name = "counterfactual"
    requires = (
        Requirement("documents", "underwrite.tools.packets", ("load_application", "render_packet")),
        Requirement("scoring", "underwrite.tools.scoring", ("score_application",)),
        Requirement("agent graph", "underwrite.agent.graph", ()),
    )

    def scorers(self) -> Sequence[Scorer[PairState]]:
        return [DecisionFlipScorer(), ScoreInvarianceScorer()]

    def solve(self, ctx: RunContext) -> PairState:
        raise NotImplementedError("counterfactual solver lands with the docs, scoring and agent branches")

    def n_cases(self, state: PairState) -> int:
        return len(state.pairs)
