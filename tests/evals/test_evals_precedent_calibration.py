"""The precedent default-rate report: Wilson intervals against textbook values, per-band rows, and a
rank correlation that falls when precedents' outcomes stop tracking the band."""

from __future__ import annotations

import pytest

from underwrite.evals.scorers.precedent_calibration import (
    ApplicantPrecedents,
    CalibrationState,
    PrecedentDefaultRateScorer,
    band_rows,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [(5, 10, 0.2366, 0.7634), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (20, 100, 0.1334, 0.2888)],
)
def test_wilson_interval_matches_textbook_values(k: int, n: int, lo: float, hi: float) -> None:
    got = wilson_interval(k, n)
    assert got == pytest.approx((lo, hi), abs=1e-4)


def test_empty_band_has_the_uninformative_interval() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_band_rows_count_precedents_defaults_and_check_the_band_pd() -> None:
    state = CalibrationState(
        [
            ApplicantPrecedents("a1", "A", 0.01, [False] * 5),
            ApplicantPrecedents("a2", "A", 0.03, [True, False, False, False, False]),
            ApplicantPrecedents("e1", "E", 0.30, [True, True, False, False, False]),
        ],
        ["A", "B", "E"],
        {"A": (0.0, 0.02), "B": (0.02, 0.05), "E": (0.2, 0.35)},
    )
    a, e = band_rows(state)  # B has no applicant: no row
    assert (a["grade"], a["applicants"], a["precedents"], a["defaulted"]) == ("A", 2, 10, 1)
    assert a["default_rate"] == 0.1 and a["mean_predicted_pd"] == 0.02 and a["pd_within_ci"]
    assert e["pd_range"] == [0.2, 0.35] and e["default_rate"] == 0.4


def test_falling_precedent_rates_give_a_negative_rank_correlation() -> None:
    scorer = PrecedentDefaultRateScorer()
    assert scorer.score(scorer.green_state()).metrics["precedent_rate_rank_corr"] == pytest.approx(1.0)
    assert scorer.score(scorer.red_state()).metrics["precedent_rate_rank_corr"] == pytest.approx(-1.0)


def test_too_few_bands_with_precedents_give_no_correlation() -> None:
    state = CalibrationState([ApplicantPrecedents("a", "A", 0.01, [False] * 20)], ["A", "B"])
    assert PrecedentDefaultRateScorer().score(state).metrics["precedent_rate_rank_corr"] is None


def test_flat_precedent_rates_have_a_slope_near_zero() -> None:
    """Ranked right but flat (the shape of the measured German figures) is not tracking the PD."""
    applicants = [
        ApplicantPrecedents(f"{g}{i}", g, pd, [j < rate for j in range(100)])
        for g, pd, rate in (("A", 0.02, 25), ("C", 0.07, 26), ("E", 0.27, 27), ("F", 0.55, 30))
        for i in range(2)
    ]
    metrics = PrecedentDefaultRateScorer().score(CalibrationState(applicants, ["A", "C", "E", "F"])).metrics
    assert metrics["precedent_rate_rank_corr"] == pytest.approx(1.0)
    assert metrics["precedent_rate_slope"] == pytest.approx(0.09, abs=0.02)
