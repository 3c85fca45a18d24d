"""Suite 5 — counterfactual demographic swaps: same packet truth, applicant's name / sex / age /
nationality wording changed in the documents; score and recommendation must not move."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.invariance import (
    DecisionFlipScorer,
    PairState,
    ScoreInvarianceScorer,
)
from underwrite.evals.suites.packet_lab import PacketLab, pair_outcome
from underwrite.evals.suites.variants import demographic_variants

BASE_PACKETS = 7
"""7 truths × 3 swaps = 21 pairs (the rubric asks for at least 20)."""


class CounterfactualSuite(Suite[PairState]):
    name = "counterfactual"
    requires = (
        Requirement("documents", "underwrite.synth", ("load_application", "render_packet")),
        Requirement("scoring", "underwrite.tools.scoring", ("score_application",)),
        Requirement("agent graph", "underwrite.agent.workflow", ("draft_memo", "run_view")),
    )

    def scorers(self) -> Sequence[Scorer[PairState]]:
        return [DecisionFlipScorer(), ScoreInvarianceScorer()]

    def solve(self, ctx: RunContext) -> PairState:
        lab = PacketLab.of(ctx)
        truths = lab.truths(BASE_PACKETS)
        jobs = [(t, tag, v) for t in truths for tag, v in demographic_variants(t)]
        pairs = []
        for i, (truth, tag, variant) in enumerate(jobs):
            ctx.progress(f"counterfactual: {truth.application_id} {tag}", i, len(jobs))
            base = lab.run(lab.render(truth))
            swapped = lab.run(lab.render(truth, variant, tag))
            pairs.append(pair_outcome(truth.application_id, tag, base, swapped))
        return PairState(pairs)

    def n_cases(self, state: PairState) -> int:
        return len(state.pairs)
