"""The red-team sets (underwrite/evals/redteam/, README there): every adversarial statement is
rejected by the real verifier and every true one, however phrased, passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from underwrite.agent.memo import deterministic_narrative, verify_narrative
from underwrite.evals.scorers.redteam_verdict import totals
from underwrite.evals.suites.memo_redteam import SETS, cases, evidence, run_case


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
@pytest.mark.parametrize("name", ["this", "other"])
def test_the_untouched_narrative_of_the_fixture_verifies(name: str, path: Path) -> None:
    # otherwise a case would be "caught" for a violation that is not its own
    ev = evidence(name, path)
    assert verify_narrative(deterministic_narrative(ev), ev) == []


@pytest.mark.parametrize("case", [c for p in SETS for c in cases(p)], ids=lambda c: str(c["id"]))
def test_case_gets_its_expected_verdict(case: dict[str, Any]) -> None:
    outcome = run_case(case)
    assert outcome.verdict == case["expected"], (case["why"], outcome.reasons)
    assert outcome.right


def test_the_other_applications_numbers_are_not_this_ones() -> None:
    # the fixture's point: redteam-0002's figures must be absent from redteam-0001's evidence
    this, other = evidence("this"), evidence("other")
    assert other.facts["loan_amount"] != this.facts["loan_amount"]
    assert other.ratios["residual_income"] != this.ratios["residual_income"]


def test_totals_count_false_and_true_statements() -> None:
    counted = totals([run_case(c) for c in cases()[:3]])
    assert counted["false_claims"] + counted["true_claims"] == 3
