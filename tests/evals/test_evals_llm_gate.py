"""The `llm_narrative_verified_rate >= 0.5` bar is judged where the model was asked for a narrative:
a backend whose default writes none is judged on its claims-path measurement, and asking nothing
(generation switched off) never passes."""

from __future__ import annotations

from dataclasses import replace

from underwrite.evals.harness.rubric import load_rubric
from underwrite.evals.scorers.memo import LlmFaithfulnessScorer, MemoState, _memo

SCORER = LlmFaithfulnessScorer()


def _bar(state: MemoState) -> tuple[float | None, bool]:
    metrics = SCORER.score(state).metrics
    (bar,) = [
        b
        for b in load_rubric("memo_faithfulness").check(metrics, SCORER.metrics)
        if b.metric.startswith("llm_")
    ]
    return metrics["llm_narrative_verified_rate"], bar.passed


def _det(n: int = 20) -> list:  # type: ignore[type-arg]
    return [_memo(i, narrative_source="deterministic", flags=[]) for i in range(n)]


def _measured(kept: int, n: int = 10) -> list:  # type: ignore[type-arg]
    return [
        _memo(100 + i, narrative_source="mixed" if i < kept else "fallback", flags=["x"]) for i in range(n)
    ]


def test_deterministic_by_design_with_nothing_measured_is_not_a_pass() -> None:
    assert _bar(MemoState(_det())) == (None, False)


def test_the_measured_claims_path_decides_the_bar() -> None:
    assert _bar(MemoState(_det(), measured=_measured(2))) == (0.2, False)
    assert _bar(MemoState(_det(), measured=_measured(6))) == (0.6, True)
    assert SCORER.score(MemoState(_det(), measured=_measured(2))).metrics["deterministic_by_setting"] == 20


def test_a_served_backend_is_judged_on_its_own_memos() -> None:
    memos = [replace(m, case_id=f"s{i}") for i, m in enumerate(_measured(15, n=20))]
    assert _bar(MemoState(memos)) == (0.75, True)
