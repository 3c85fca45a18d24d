"""Suite 1 — score model validation (SR 11-7 outcomes analysis) on the German-credit hold-out rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.harness.types import PlotRecord
from underwrite.evals.scorers.validation import (
    CalibrationScorer,
    DiscriminationScorer,
    GradeMonotonicityScorer,
    ScoredPopulation,
    StabilityScorer,
)
from underwrite.evals.suites.validation_plots import validation_plots
from underwrite.tools.policy.table import load_rule_table
from underwrite.tools.scoring import ensure_default_model, get_scorer


class ModelValidationSuite(Suite[ScoredPopulation]):
    name = "model_validation"
    in_fast = True
    requires = (Requirement("scoring", "underwrite.tools.scoring", ("get_scorer", "ensure_default_model")),)

    def scorers(self) -> Sequence[Scorer[ScoredPopulation]]:
        return [DiscriminationScorer(), CalibrationScorer(), StabilityScorer(), GradeMonotonicityScorer()]

    def solve(self, ctx: RunContext) -> ScoredPopulation:
        """Score every German row with the default model: hold-out rows are the cases, training rows
        the reference population for PSI."""
        ctx.progress("model_validation: default model (trains on first use)", 0, 2)
        scorer = get_scorer(ensure_default_model())
        ds = load_dataset("german")
        ctx.record_input("dataset:german", ds.content_hash)
        ctx.record_version("score_model", str(scorer.bundle.model_version))
        train, holdout = holdout_split(ds)

        def score(rows: list[int]) -> list[Any]:
            records: list[dict[str, Any]] = ds.frame.iloc[rows].to_dict(orient="records")  # type: ignore[assignment]
            return list(scorer.score_rows(records))

        ctx.progress("model_validation: scoring hold-out and training rows", 1, 2)
        held = score(holdout)
        trained = score(train)
        return ScoredPopulation(
            y_true=ds.frame["target"].to_numpy()[holdout],
            pd=np.array([s.pd for s in held]),
            grades=[s.grade for s in held],
            grade_order=[band.grade for band in load_rule_table().grades],
            train_pd=np.array([s.pd for s in trained]),
            case_ids=[f"german-{i}" for i in holdout],
        )

    def n_cases(self, state: ScoredPopulation) -> int:
        return len(state.y_true)

    def plots(self, state: ScoredPopulation, ctx: RunContext) -> list[PlotRecord]:
        return validation_plots(state, ctx)
