"""AIR / SMD / bootstrap math on hand-computed cases (tools/scoring/disparity.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import demographic_parity_ratio

from underwrite.tools.scoring.disparity import (
    age_band,
    air,
    approval_rates,
    bootstrap_indices,
    group_report,
    max_abs_smd,
    paired_ci,
    smd,
)


def test_air_by_hand_and_agrees_with_fairlearn() -> None:
    groups = np.array(["a"] * 5 + ["b"] * 5)
    approved = np.array([1, 1, 1, 1, 0, 1, 1, 0, 0, 0])
    assert approval_rates(approved, groups) == {"a": 0.8, "b": 0.4}
    assert air(approved, groups) == pytest.approx(0.5)
    fl = demographic_parity_ratio(np.ones(10), approved, sensitive_features=groups)
    assert air(approved, groups) == pytest.approx(fl)


def test_air_three_groups_uses_lowest_over_highest() -> None:
    groups = np.array(["x"] * 4 + ["y"] * 4 + ["z"] * 4)
    approved = np.array([1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0])
    assert air(approved, groups) == pytest.approx(0.25 / 1.0)


def test_air_nobody_approved_is_parity() -> None:
    assert air(np.zeros(4, dtype=int), np.array(["a", "a", "b", "b"])) == 1.0


def test_smd_by_hand() -> None:
    # a: mean 0.2, sd 0.1; b: mean 0.4, sd 0.1 -> pooled sd 0.1 -> SMD of b against a = +2.0
    scores = np.array([0.1, 0.2, 0.3, 0.3, 0.4, 0.5])
    groups = np.array(["a", "a", "a", "b", "b", "b"])
    assert smd(scores, groups) == {"b": pytest.approx(2.0)}
    assert smd(scores, groups, reference="b") == {"a": pytest.approx(-2.0)}
    assert max_abs_smd(scores, groups) == pytest.approx(2.0)


def test_smd_pools_unequal_groups() -> None:
    # a: [0, 2] mean 1 var 2 (n 2); b: [1, 3, 5] mean 3 var 4 (n 3); pooled var (1*2 + 2*4)/3 = 10/3
    scores = np.array([0.0, 2.0, 1.0, 3.0, 5.0])
    groups = np.array(["a", "a", "b", "b", "b"])
    assert smd(scores, groups)["b"] == pytest.approx(2.0 / np.sqrt(10 / 3))


def test_group_report_uses_fairlearn_rates_and_adds_smd() -> None:
    groups = np.array(["a", "a", "b", "b"])
    table = group_report(
        np.array([1, 0, 1, 1]), np.array([1, 1, 1, 0]), groups, np.array([0.1, 0.3, 0.5, 0.7])
    )
    assert table["a"]["approval_rate"] == 1.0 and table["b"]["approval_rate"] == 0.5
    assert table["a"]["count"] == 2 and table["b"]["mean_pd"] == pytest.approx(0.6)
    assert table["b"]["smd"] == pytest.approx(0.4 / np.sqrt(0.02))


def test_age_bands_follow_reg_b_62() -> None:
    bands = age_band(pd.Series([19, 25, 39, 40, 61, 62, 80]))
    assert list(bands) == ["under 25", "25-39", "25-39", "40-61", "40-61", "62+", "62+"]


def test_bootstrap_ci_covers_the_truth_about_95_percent() -> None:
    """Coverage sanity: the percentile interval of an approval rate holds the true rate ~95% of the time."""
    rng = np.random.default_rng(3)
    truth, n, trials = 0.6, 200, 200
    covered = 0
    for t in range(trials):
        sample = (rng.random(n) < truth).astype(float)
        lo, hi = paired_ci(lambda r, s=sample: float(s[r].mean()), bootstrap_indices(n, 300, seed=t))
        covered += lo <= truth <= hi
    assert 0.88 <= covered / trials <= 0.99


def test_bootstrap_resamples_applicants_with_replacement() -> None:
    idx = bootstrap_indices(50, 20, seed=1)
    assert idx.shape == (20, 50) and idx.min() >= 0 and idx.max() < 50
    assert any(len(set(row)) < 50 for row in idx)
    assert (bootstrap_indices(50, 20, seed=1) == idx).all()


def test_resampled_statistics_equal_the_scalar_ones_per_resample() -> None:
    from sklearn.metrics import roc_auc_score

    from underwrite.tools.scoring.disparity import resampled_air, resampled_auc, resampled_bad_rate

    rng = np.random.default_rng(4)
    n = 120
    # A 3-member group, so some resamples miss it (it must then be left out of the AIR, not count 0).
    groups = np.array(["tiny"] * 3 + ["a"] * 60 + ["b"] * 57)
    y = (rng.random(n) < 0.3).astype(int)
    scores = np.round(rng.random(n), 1)  # heavy ties: the rank form must still match sklearn
    approved = (scores < 0.5).astype(int)
    idx = bootstrap_indices(n, 200, seed=8)
    airs, aucs = resampled_air(approved, groups, idx), resampled_auc(y, scores, idx)
    bads = resampled_bad_rate(y, approved, idx)
    assert any(not (groups[r] == "tiny").any() for r in idx)
    for i, r in enumerate(idx):
        assert airs[i] == pytest.approx(air(approved[r], groups[r]), abs=1e-12)
        assert aucs[i] == pytest.approx(roc_auc_score(y[r], scores[r]), abs=1e-12)
        ok = approved[r] == 1
        assert bads[i] == pytest.approx(y[r][ok].mean() if ok.any() else 0.0, abs=1e-12)
    nobody = resampled_air(np.zeros(n, dtype=int), groups, idx[:3])
    assert nobody.tolist() == [1.0, 1.0, 1.0]  # nobody approved anywhere: every group alike
    one_class = resampled_auc(np.zeros(n, dtype=int), scores, idx[:2])
    assert np.isnan(one_class).all()
