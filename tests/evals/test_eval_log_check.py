from __future__ import annotations

from pathlib import Path

import pytest

from underwrite.evals.harness.log import write_log
from underwrite.evals.harness.types import EvalLog, SuiteResult, SuiteStatus
from underwrite.evals.log_check import integrity_problems, main


def _log(tmp_path: Path, *statuses: SuiteStatus) -> Path:
    suites = [
        SuiteResult(name=f"s{i}", title=f"S{i}", status=status, reason=status.value)
        for i, status in enumerate(statuses)
    ]
    return write_log(EvalLog(run_id="r", started_at="2026-01-01T00:00:00Z", suites=suites), tmp_path)


def test_missed_bars_pass_integrity_but_not_strict(tmp_path: Path) -> None:
    path = _log(tmp_path, SuiteStatus.passed, SuiteStatus.failed)
    assert integrity_problems(path, strict=False) == []
    assert integrity_problems(path, strict=True) == ["s1: failed (failed)"]
    assert main([str(path)]) == 0
    assert main([str(path), "--strict"]) == 1


@pytest.mark.parametrize("bad", [SuiteStatus.invalid, SuiteStatus.not_run, SuiteStatus.error])
def test_integrity_failures_always_fail(tmp_path: Path, bad: SuiteStatus) -> None:
    path = _log(tmp_path, SuiteStatus.passed, bad)
    assert integrity_problems(path, strict=False) == [f"s1: {bad.value} ({bad.value})"]
    assert main([str(path)]) == 1
