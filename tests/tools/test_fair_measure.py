"""The population measurement: bootstrap intervals, the written gate rule, EOD with its counts."""

from __future__ import annotations

import numpy as np
from fairlearn.metrics import equalized_odds_difference

from underwrite.tools.scoring.disparity import air, percentile_ci
from underwrite.tools.scoring.fair_measure import fast_eod, measure, stratified_indices, verdict
from underwrite.tools.scoring.lda_inputs import policy_cutoffs


def _population(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    groups = np.where(rng.random(n) < 0.2, "small", "large")
    pd_values = np.clip(rng.beta(2, 5, n) + 0.08 * (groups == "small"), 0, 1)
    good = (rng.random(n) > pd_values).astype(int)
    return groups, pd_values, good, (pd_values < 0.3).astype(int)


def test_air_interval_is_the_percentile_of_a_stratified_bootstrap() -> None:
    groups, pd_values, good, approved = _population(600, seed=3)
    m = measure("s", "g", "approved", good, approved, pd_values, groups, resamples=400, seed=9)
    idx = stratified_indices(groups, 400, 9)
    # Every resample keeps each group's size: the comparison is the same in every resample.
    assert all((groups[rows] == "small").sum() == (groups == "small").sum() for rows in idx[:20])
    manual = percentile_ci(np.array([air(approved[r], groups[r]) for r in idx]))
    assert m.air_ci == (round(manual[0], 4), round(manual[1], 4))
    assert m.air_ci[0] < m.air < m.air_ci[1]
    assert m.groups["small"].n == int((groups == "small").sum()) and m.n == 600
    # Ten times the applicants: a much narrower interval around a similar ratio.
    big = measure("s", "g", "approved", *_swap(_population(6000, seed=3)), resamples=400, seed=9)
    assert big.air_ci[1] - big.air_ci[0] < 0.6 * (m.air_ci[1] - m.air_ci[0])


def _swap(
    pop: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    groups, pd_values, good, approved = pop
    return good, approved, pd_values, groups


def test_gate_rule_judges_the_point_estimate_and_labels_the_interval() -> None:
    assert verdict(0.75, (0.70, 0.79), ">=", 0.8) == "missed (significant)"
    assert verdict(0.75, (0.60, 0.90), ">=", 0.8) == "missed (within noise)"  # still a miss
    assert verdict(0.85, (0.81, 0.90), ">=", 0.8) == "met"
    assert verdict(0.85, (0.70, 0.95), ">=", 0.8) == "met (within noise)"
    assert verdict(0.30, (0.22, 0.41), "<=", 0.2) == "missed (significant)"
    assert verdict(0.25, (0.10, 0.40), "<=", 0.2) == "missed (within noise)"
    assert verdict(0.10, (0.05, 0.15), "<=", 0.2) == "met"


def test_fast_eod_is_fairlearns_and_the_driver_names_the_counts() -> None:
    groups, pd_values, good, approved = _population(800, seed=4)
    expected = equalized_odds_difference(good, approved, sensitive_features=groups)
    assert abs(fast_eod(good, approved, groups) - expected) < 1e-12
    m = measure("s", "g", "approved", good, approved, pd_values, groups, resamples=100)
    assert m.eod == round(expected, 4)
    small = m.groups["small"]
    assert f"(of {small.n_bad})" in m.eod_driver or f"(of {small.n_good})" in m.eod_driver
    assert small.n_good + small.n_bad == small.n


def test_policy_cutoffs_follow_the_grade_bands() -> None:
    from underwrite.agent.memo.recommendation import DECLINE_PD

    cutoffs = policy_cutoffs()
    # Grades A-D approve (D with conditions) below PD 0.20; E is referred; F declines from 0.35.
    assert cutoffs == {"approved": 0.20, "not_declined": DECLINE_PD} and DECLINE_PD == 0.35


def test_vectorised_bootstrap_statistics_equal_the_row_at_a_time_ones() -> None:
    from underwrite.tools.scoring.disparity import max_abs_smd
    from underwrite.tools.scoring.fair_measure import resampled_eod, resampled_max_abs_smd

    rng = np.random.default_rng(11)
    n = 300
    # A group of 4 with one defaulter: some resamples lack its defaulters (EOD NaN, as fast_eod).
    groups = np.array(["tiny"] * 4 + ["a"] * 150 + ["b"] * 146)
    pd_values = rng.beta(2, 5, n)
    good = (rng.random(n) > pd_values).astype(int)
    good[:4] = [1, 1, 1, 0]
    approved = (pd_values < 0.3).astype(int)
    idx = stratified_indices(groups, 300, seed=5)
    eods = resampled_eod(good, approved, groups, idx)
    smds = resampled_max_abs_smd(pd_values, groups, idx)
    expected_eod = np.array([fast_eod(good[r], approved[r], groups[r]) for r in idx])
    expected_smd = np.array([max_abs_smd(pd_values[r], groups[r]) for r in idx])
    assert np.isnan(expected_eod).any() and not np.isnan(expected_eod).all()
    np.testing.assert_allclose(eods, expected_eod, rtol=0, atol=1e-12)  # NaNs in the same places
    np.testing.assert_allclose(smds, expected_smd, rtol=0, atol=1e-9)
