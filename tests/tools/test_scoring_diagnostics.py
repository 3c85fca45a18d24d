"""Training diagnostics: in-sample vs out-of-fold PSI shows overfitting; the grade table finds inversions."""

from __future__ import annotations

import numpy as np

from underwrite.tools.scoring.diagnostics import diagnose


def _population(seed: int = 0, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    logit = rng.normal(-1.0, 1.2, n)
    pd_values = 1 / (1 + np.exp(-logit))
    return (rng.random(n) < pd_values).astype(int), pd_values


def test_an_honest_model_shows_no_gap_and_ordered_grades() -> None:
    y, p = _population()
    diag = diagnose(y, p, p)
    assert diag.psi_in_sample_vs_oof < 0.01
    assert diag.grade_inversions_oof == 0
    assert sum(g.count for g in diag.grades_oof) == len(y)


def test_memorised_in_sample_scores_show_up_as_psi() -> None:
    y, p = _population(1)
    logit = np.log(p / (1 - p))
    in_sample = 1 / (1 + np.exp(-(2.5 * logit + 1.5 * (2 * y - 1))))  # pushed towards the labels
    assert diagnose(y, in_sample, p).psi_in_sample_vs_oof > 0.1


def test_grades_in_the_wrong_order_are_counted_as_inversions() -> None:
    y, p = _population(2)
    reversed_pd = 1.0 - p  # the best-looking applicants are the riskiest
    assert diagnose(y, reversed_pd, reversed_pd).grade_inversions_oof >= 1
