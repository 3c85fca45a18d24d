"""Per-step times: a step's time is the time since the previous step finished; repeats add up."""

from __future__ import annotations

import pytest

from underwrite.agent import step_times


def test_steps_are_timed_from_the_previous_one_and_repeats_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([10.0, 11.0, 14.0, 14.5])
    monkeypatch.setattr(step_times.time, "perf_counter", lambda: next(clock))
    seen: list[str] = []
    timer = step_times.StepTimer(seen.append)
    timer("score")
    timer("verify_memo")
    timer("verify_memo")
    assert timer.seconds == {"score": 1.0, "verify_memo": 3.5}
    assert timer.last == 0.5 and seen == ["score", "verify_memo", "verify_memo"]
    assert timer.slowest(1) == [("verify_memo", 3.5)]
