"""Suite 1 — score model validation (SR 11-7 outcomes analysis) on the German-credit hold-out rows."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.validation import (
    CalibrationScorer,
    DiscriminationScorer,
    GradeMonotonicityScorer,
    ScoredPopulation,
    StabilityScorer,
)


class ModelValidationSuite(Suite[ScoredPopulation]):
    name = "model_validation"
    in_fast = True
    requires = (
        Requirement("scoring", "underwrite.tools.scoring", ("score_application", "ensure_default_model")),
    )

    def scorers(self) -> Sequence[Scorer[ScoredPopulation]]:
        return [DiscriminationScorer(), CalibrationScorer(), StabilityScorer(), GradeMonotonicityScorer()]

    def solve(self, ctx: RunContext) -> ScoredPopulation:
        raise NotImplementedError("model-validation solver lands with the scoring branch")

    def n_cases(self, state: ScoredPopulation) -> int:
        return len(state.y_true)
