"""The red-team scorer of the memo suite: the agent's verifier on adversarial statements meets the
bars, a verifier that accepts everything misses them, and the rubric covers the scorer."""

from __future__ import annotations

from dataclasses import replace

from underwrite.evals.harness.rubric import load_rubric
from underwrite.evals.harness.runner import check_rubric_covers
from underwrite.evals.scorers.memo import MemoState
from underwrite.evals.scorers.memo_redteam import VerifierRedTeamScorer
from underwrite.evals.suites.memo_faithfulness import MemoFaithfulnessSuite
from underwrite.evals.suites.memo_redteam import (
    SETS,
    accept_everything,
    cases,
    judge_all,
    served_claim_verdicts,
)

SCORER = VerifierRedTeamScorer()


def _bars(state: MemoState) -> dict[str, bool]:
    rubric = load_rubric("memo_faithfulness")
    return {b.metric: b.passed for b in rubric.check(SCORER.score(state).metrics, SCORER.metrics)}


def test_the_rubric_bars_every_metric_of_the_scorer() -> None:
    rubric = load_rubric("memo_faithfulness")
    assert check_rubric_covers(rubric, MemoFaithfulnessSuite().scorers()) == []
    assert set(_bars(MemoState([], redteam=judge_all()))) == set(SCORER.metrics)


def test_the_agents_verifier_meets_every_red_team_bar() -> None:
    state = MemoState([], redteam=judge_all())
    assert SCORER.score(state).metrics["redteam_statements"] == sum(len(cases(p)) for p in SETS)
    assert _bars(state) == dict.fromkeys(SCORER.metrics, True)


def test_a_verifier_accepting_everything_misses_the_false_accepted_bar() -> None:
    state = MemoState([], redteam=accept_everything())
    metrics = SCORER.score(state).metrics
    assert metrics["redteam_false_accepted"] == sum(c["expected"] == "reject" for p in SETS for c in cases(p))
    assert _bars(state)["redteam_false_accepted"] is False


def test_a_served_model_writing_nonsense_claims_is_caught_and_its_red_case_is_not() -> None:
    # the sets' false claims, each the reply of a fake OpenAI-compatible server, through the real
    # client, claims schema and selection: every one rejected; taken unchecked they miss the bar
    served = served_claim_verdicts()
    false_claims = [c for p in SETS for c in cases(p) if c["path"] == "claim" and c["expected"] == "reject"]
    assert len(served) == len(false_claims) > 0
    assert all(v.verdict == "reject" and v.reasons for v in served)
    assert _bars(MemoState([], redteam=judge_all() + served)) == dict.fromkeys(SCORER.metrics, True)
    unchecked = [replace(v, verdict="pass", reasons=[]) for v in served]
    assert SCORER.score(MemoState([], redteam=unchecked)).metrics["redteam_false_accepted"] == len(served)
    assert _bars(MemoState([], redteam=unchecked))["redteam_false_accepted"] is False


def test_the_scorers_own_red_and_green_examples_split() -> None:
    assert SCORER.score(SCORER.red_state()).metrics["redteam_false_accepted"] == 2.0
    assert SCORER.score(SCORER.green_state()).metrics["redteam_false_accepted"] == 0.0


def test_no_statements_miss_the_count_bar() -> None:
    assert _bars(MemoState([]))["redteam_statements"] is False
