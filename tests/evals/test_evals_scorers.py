"""Every scorer of every suite: its red case misses a bar of its suite's rubric, its green case meets
all of them. A scorer that cannot fail (or cannot pass) is a defect this test catches."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from underwrite.evals.harness.rubric import load_rubric
from underwrite.evals.harness.runner import check_rubric_covers
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.registry import SUITE_NAMES, select_suites
from underwrite.evals.scorers.memo import numbers_in, supported
from underwrite.evals.scorers.reasons import _PROHIBITED_WORDS
from underwrite.tools.scoring import metrics as m

PAIRS: list[tuple[str, Scorer[Any]]] = [
    (suite.name, scorer) for suite in select_suites(None, fast=False) for scorer in suite.scorers()
]


@pytest.mark.parametrize("suite_name", SUITE_NAMES)
def test_every_rubric_covers_its_scorers(suite_name: str) -> None:
    (suite,) = select_suites([suite_name], fast=False)
    assert check_rubric_covers(load_rubric(suite_name), suite.scorers()) == []


@pytest.mark.parametrize(("suite_name", "scorer"), PAIRS, ids=[f"{s}-{c.name}" for s, c in PAIRS])
def test_red_case_misses_a_bar(suite_name: str, scorer: Scorer[Any]) -> None:
    rubric = load_rubric(suite_name)
    bars = rubric.check(scorer.score(scorer.red_state()).metrics, scorer.metrics)
    assert bars, "scorer has no bar"
    assert not all(b.passed for b in bars), f"red case of {scorer.name} passed every bar: {bars}"


@pytest.mark.parametrize(("suite_name", "scorer"), PAIRS, ids=[f"{s}-{c.name}" for s, c in PAIRS])
def test_green_case_meets_every_bar(suite_name: str, scorer: Scorer[Any]) -> None:
    rubric = load_rubric(suite_name)
    bars = rubric.check(scorer.score(scorer.green_state()).metrics, scorer.metrics)
    assert all(b.passed for b in bars), [b for b in bars if not b.passed]


def test_metrics_match_textbook_values() -> None:
    y = np.array([0, 0, 1, 1])
    assert m.auc(y, [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert m.ks_statistic(y, [0.1, 0.2, 0.8, 0.9]) == pytest.approx(1.0)
    assert m.brier(y, [0, 0, 1, 1]) == 0.0
    assert m.brier_skill(y, [0.5] * 4) == pytest.approx(0.0)
    same = np.linspace(0, 1, 500)
    assert m.psi(same, same) == pytest.approx(0.0, abs=1e-12)
    assert m.psi(same, same + 0.5) > 0.25
    assert m.expected_calibration_error([0, 1] * 50, [0.5] * 100) == pytest.approx(0.0)


def test_memo_number_matching_is_tolerant_of_rendering_but_not_of_invention() -> None:
    allowed = [4500.0, 0.3152, 24.0]
    found = numbers_in("Loan 4,500 over 24 months at DTI 31.5% (CP-4.2), income 3,100.", ["CP-4.2"])
    verdicts = {shown: supported(shown, value, allowed) for shown, value in found}
    assert verdicts == {"4,500": True, "24": True, "31.5": True, "3,100": False}


@pytest.mark.parametrize(
    ("text", "prohibited"),
    [
        ("Average balance is low", False),
        ("Mortgage payments were late", False),
        ("Percentage of income committed to instalments is high", False),
        ("Applicant age below threshold", True),
        ("Applicant is a foreign worker", True),
    ],
)
def test_prohibited_basis_words_are_word_bounded(text: str, prohibited: bool) -> None:
    assert bool(_PROHIBITED_WORDS.search(text)) is prohibited


def test_policy_escalation_of_a_flagged_file_is_not_a_flip_but_anything_else_is() -> None:
    from underwrite.evals.scorers.invariance import DecisionFlipScorer, PairOutcome, PairState

    def pair(variant: str, policy: str | None) -> PairOutcome:
        return PairOutcome(
            case_id="p",
            variant=variant,
            base_pd=0.1,
            variant_pd=0.1,
            base_grade="C",
            variant_grade="C",
            base_recommendation="approve_with_conditions",
            variant_recommendation=variant,
            injection_flagged=policy is not None,
            policy_recommendation=policy,
        )

    out = DecisionFlipScorer().score(
        PairState(
            [
                pair("refer", "refer"),  # CP-8.4 escalation of a flagged file
                pair("approve_with_conditions", "refer"),  # unchanged is fine too
                pair("approve", "refer"),  # talked up: a flip even though the file was flagged
                pair("refer", None),  # changed without a policy reason: a flip
            ]
        )
    )
    assert out.metrics["recommendation_flips"] == 2 and out.metrics["policy_escalations"] == 1
    assert [c.passed for c in out.cases] == [True, True, False, False]
