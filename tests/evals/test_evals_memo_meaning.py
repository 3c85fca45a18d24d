"""The independent meaning checker: green passes, each issue-17 red case fails its own bar."""

from __future__ import annotations

import pytest

from underwrite.evals.scorers.memo import MemoMeaningScorer, MemoState
from underwrite.evals.scorers.memo_meaning import RED_CASES, green_cases, problems_of, score_meaning


def test_green_memos_pass_every_meaning_bar() -> None:
    m = MemoMeaningScorer().score(MemoMeaningScorer().green_state()).metrics
    assert m == {"invented_entities": 0.0, "off_topic_statements": 0.0, "memos_with_meaning_problems": 0.0}


@pytest.mark.parametrize(
    ("case", "metric"),
    [
        ("guidelines", "off_topic_statements"),
        ("celms", "invented_entities"),
        ("invented_entity", "invented_entities"),
    ],
)
def test_each_red_case_fails_its_bar(case: str, metric: str) -> None:
    metrics = score_meaning([RED_CASES[case], *green_cases(3)]).metrics
    assert metrics[metric] > 0 and metrics["memos_with_meaning_problems"] == 1.0


def test_guidelines_narrative_is_caught_as_repeated_and_without_request() -> None:
    found = problems_of(RED_CASES["guidelines"])
    assert found["repeats"] and found["summary"]


def test_celms_names_both_the_system_and_its_acronym() -> None:
    names = " ".join(problems_of(RED_CASES["celms"])["invented"])
    assert "German Credit and Loan Management System" in names and "CeLMS" in names


def test_suite_red_state_misses_a_bar() -> None:
    state = MemoMeaningScorer().red_state()
    assert isinstance(state, MemoState)
    assert MemoMeaningScorer().score(state).metrics["off_topic_statements"] > 0


def test_eval_versions_record_the_prompts_version() -> None:
    from underwrite.evals.harness.versions import collect_versions

    prompts = collect_versions()["prompts"]
    assert prompts != "unavailable"
    assert "memo_claims 1+" in prompts and "memo_draft" in prompts


def test_ids_are_not_names_and_a_shared_mitigant_is_not_a_repeat() -> None:
    from underwrite.evals.scorers.memo_meaning import MeaningCase

    offset = "Offset by the low probability of default (grade B), noted above."
    memo = MeaningCase(
        case_id="ids",
        statements=[
            (
                "summary",
                "Application APP-GER-000033 requests a loan of EUR 4,500. Recommendation: decline.",
                [],
            ),
            ("risks_and_mitigants[0].risk", "Long requested term (R07, CP-4.2).", ["score:R07"]),
            ("risks_and_mitigants[0].mitigant", offset, ["score:pd"]),
            ("risks_and_mitigants[1].risk", "No checking account balance (R03).", ["score:R03"]),
            ("risks_and_mitigants[1].mitigant", offset, ["score:pd"]),
        ],
        source_text="app-ger-000033 loan amount 4500",
    )
    assert problems_of(memo) == {"invented": [], "off_topic": [], "repeats": [], "summary": []}
