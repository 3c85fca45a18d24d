"""Suite 2 — fair lending (fairlearn): adverse impact and equalized odds by age band, sex and foreign
worker on German credit and by race on AER HMDA; proxy check; less-discriminatory-alternative search."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.fairness import (
    AdverseImpactScorer,
    EqualizedOddsScorer,
    FairLendingState,
    LessDiscriminatoryAlternativeScorer,
    ProxyScorer,
)


class FairLendingSuite(Suite[FairLendingState]):
    name = "fair_lending"
    in_fast = True
    requires = (Requirement("scoring (train machinery)", "underwrite.tools.scoring", ("score_application",)),)

    def scorers(self) -> Sequence[Scorer[FairLendingState]]:
        return [
            AdverseImpactScorer(),
            EqualizedOddsScorer(),
            ProxyScorer(),
            LessDiscriminatoryAlternativeScorer(),
        ]

    def solve(self, ctx: RunContext) -> FairLendingState:
        raise NotImplementedError("fair-lending solver lands with the scoring branch")

    def n_cases(self, state: FairLendingState) -> int:
        return len(state.decisions)
