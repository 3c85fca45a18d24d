"""Score-model validation scorers (SR 11-7 outcomes analysis) over a scored hold-out population."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import ScoreOutput
from underwrite.tools.scoring import metrics as m


@dataclass(frozen=True)
class ScoredPopulation:
    """Hold-out rows scored by the model under validation, plus the training rows' scores for PSI."""

    y_true: np.ndarray
    """1 = bad, per hold-out row."""
    pd: np.ndarray
    grades: list[str]
    grade_order: list[str]
    """Best grade first."""
    train_pd: np.ndarray
    case_ids: list[str] = field(default_factory=list)


def _synthetic(n: int, separation: float, seed: int, shift: float = 0.0) -> ScoredPopulation:
    """Labels at a 30 % bad rate and PDs whose log-odds carry ``separation`` of signal.

    The PD is the exact Bayes posterior of the generating process, so ``separation`` > 0 gives a
    discriminating *and* calibrated score; ``shift`` adds a log-odds bias to the hold-out PDs only.
    """
    rng = np.random.default_rng(seed)
    prior = np.log(0.3 / 0.7)

    def draw(size: int, bias: float) -> tuple[np.ndarray, np.ndarray]:
        y = (rng.random(size) < 0.3).astype(int)
        x = rng.normal(separation * y, 1.0)
        logit = prior + separation * x - separation**2 / 2
        return y, 1.0 / (1.0 + np.exp(-(logit + bias)))

    y, p = draw(n, shift)
    _, train_p = draw(n, 0.0)
    order = ["A", "B", "C", "D", "E"]
    edges = np.quantile(train_p, [0.2, 0.4, 0.6, 0.8])
    grades = [order[int(np.searchsorted(edges, v))] for v in p]
    return ScoredPopulation(y_true=y, pd=p, grades=grades, grade_order=order, train_pd=train_p)


class DiscriminationScorer(Scorer[ScoredPopulation]):
    name = "discrimination"
    metrics = frozenset({"auc", "gini", "ks"})
    red_description = "PDs independent of the outcome (no signal): AUC ≈ 0.5"

    def score(self, state: ScoredPopulation) -> ScoreOutput:
        a = m.auc(state.y_true, state.pd)
        return ScoreOutput(
            metrics={"auc": a, "gini": 2 * a - 1, "ks": m.ks_statistic(state.y_true, state.pd)}
        )

    def red_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=0.0, seed=1)

    def green_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=2.0, seed=2)


class CalibrationScorer(Scorer[ScoredPopulation]):
    name = "calibration"
    metrics = frozenset({"ece", "brier_skill"})
    red_description = "A discriminating score biased by +2 log-odds: PDs far above observed rates"

    def __init__(self, n_bins: int = 5) -> None:
        self.n_bins = n_bins

    def score(self, state: ScoredPopulation) -> ScoreOutput:
        bins = m.calibration_bins(state.y_true, state.pd, self.n_bins)
        return ScoreOutput(
            metrics={
                "ece": m.expected_calibration_error(state.y_true, state.pd, self.n_bins),
                "brier": m.brier(state.y_true, state.pd),
                "brier_skill": m.brier_skill(state.y_true, state.pd),
                "mean_pd": float(np.mean(state.pd)),
                "observed_bad_rate": float(np.mean(state.y_true)),
            },
            details={
                "bins": [{"mean_pd": p, "observed": o, "count": n} for p, o, n in bins],
            },
        )

    def red_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=1.5, seed=3, shift=2.0)

    def green_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=1.5, seed=4)


class StabilityScorer(Scorer[ScoredPopulation]):
    name = "stability"
    metrics = frozenset({"psi"})
    red_description = "Hold-out PDs shifted by +1.5 log-odds against the training PDs"

    def score(self, state: ScoredPopulation) -> ScoreOutput:
        return ScoreOutput(metrics={"psi": m.psi(state.train_pd, state.pd)})

    def red_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=1.5, seed=5, shift=1.5)

    def green_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=1.5, seed=6)


class GradeMonotonicityScorer(Scorer[ScoredPopulation]):
    """Observed bad rates must rise from the best grade to the worst.

    Grades with fewer than ``min_count`` hold-out rows are reported but not tested: with 5 rows one
    default moves the rate by 20 points, which is noise, not an inversion.
    """

    name = "grade_monotonicity"
    metrics = frozenset({"grade_inversions", "grades_tested"})
    red_description = "Grades assigned in reverse: the best grade holds the highest PDs"

    def __init__(self, min_count: int = 10) -> None:
        self.min_count = min_count

    def score(self, state: ScoredPopulation) -> ScoreOutput:
        y = np.asarray(state.y_true)
        grades = np.asarray(state.grades)
        table: list[dict[str, str | int | float | None]] = []
        tested: list[float] = []  # bad rates of the grades populated enough to test, best first
        for g in state.grade_order:
            mask = grades == g
            n = int(mask.sum())
            rate = float(y[mask].mean()) if n else None
            table.append({"grade": g, "count": n, "bad_rate": rate})
            if rate is not None and n >= self.min_count:
                tested.append(rate)
        inversions = sum(1 for lo, hi in itertools.pairwise(tested) if hi < lo)
        return ScoreOutput(
            metrics={"grade_inversions": float(inversions), "grades_tested": float(len(tested))},
            details={"grades": table, "min_count": self.min_count},
        )

    def red_state(self) -> ScoredPopulation:
        base = _synthetic(2000, separation=2.0, seed=7)
        flipped = {g: r for g, r in zip(base.grade_order, reversed(base.grade_order), strict=True)}
        return ScoredPopulation(
            y_true=base.y_true,
            pd=base.pd,
            grades=[flipped[g] for g in base.grades],
            grade_order=base.grade_order,
            train_pd=base.train_pd,
        )

    def green_state(self) -> ScoredPopulation:
        return _synthetic(2000, separation=2.0, seed=8)
