"""The harness itself: red cases first, refusal of a scorer that cannot fail, not-run status, the
log round-trip, the HTML report and the gate's exit code."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.evals import registry
from underwrite.evals.harness.log import LogSchemaError, read_log, write_log
from underwrite.evals.harness.plots import new_figure, save_figure
from underwrite.evals.harness.rubric import Bar, Rubric, RubricError, load_rubric
from underwrite.evals.harness.runner import run_suite
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.session import run_session
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.harness.types import PlotRecord, ScoreOutput, SuiteStatus

WHY = "because the test says so, at length"


class Threshold(Scorer[float]):
    """value must be at least 0.5; the red state is ``red``."""

    name = "threshold"
    metrics = frozenset({"value"})
    red_description = "a value chosen by the test"

    def __init__(self, red: float = 0.1) -> None:
        self.red = red

    def score(self, state: float) -> ScoreOutput:
        return ScoreOutput(metrics={"value": state})

    def red_state(self) -> float:
        return self.red

    def green_state(self) -> float:
        return 0.9


class ToySuite(Suite[float]):
    name = "toy"
    solved: ClassVar[list[str]] = []

    def __init__(self, value: float = 0.9, red: float = 0.1, requires: tuple[Requirement, ...] = ()) -> None:
        self.value, self.red = value, red
        self.requires = requires  # type: ignore[misc]

    def scorers(self) -> Sequence[Scorer[float]]:
        return [Threshold(self.red)]

    def solve(self, ctx: RunContext) -> float:
        ToySuite.solved.append("solved")
        return self.value

    def n_cases(self, state: float) -> int:
        return 1

    def plots(self, state: float, ctx: RunContext) -> list[PlotRecord]:
        fig, ax = new_figure()
        ax.bar(["value"], [state])
        return [save_figure(fig, ctx, self.name, "value", "The value")]


RUBRIC = Rubric(suite="toy", title="Toy", bars=[Bar(metric="value", op=">=", threshold=0.5, why=WHY)])


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(out_dir=tmp_path / "out", cache_dir=tmp_path / "cache")


def test_suite_passes_when_bars_met_and_red_case_fails(tmp_path: Path) -> None:
    result = run_suite(ToySuite(value=0.9), _ctx(tmp_path), RUBRIC)
    assert result.status == SuiteStatus.passed, result.reason
    assert [r.passed for r in result.red_cases] == [False]
    assert result.metrics == {"value": 0.9}


def test_missed_bar_fails_the_suite(tmp_path: Path) -> None:
    result = run_suite(ToySuite(value=0.2), _ctx(tmp_path), RUBRIC)
    assert result.status == SuiteStatus.failed
    assert [b.metric for b in result.failed_bars] == ["value"]


def test_harness_refuses_a_scorer_whose_red_case_passes(tmp_path: Path) -> None:
    ToySuite.solved.clear()
    result = run_suite(ToySuite(value=0.9, red=0.7), _ctx(tmp_path), RUBRIC)
    assert result.status == SuiteStatus.invalid
    assert "red case passed for threshold" in result.reason
    assert ToySuite.solved == [], "real cases must not run once a red case passed"


def test_missing_dependency_is_not_run_never_a_pass(tmp_path: Path) -> None:
    req = Requirement("time machine", "underwrite.no_such_module", ("travel",))
    result = run_suite(ToySuite(requires=(req,)), _ctx(tmp_path), RUBRIC)
    assert result.status == SuiteStatus.not_run
    assert result.reason.startswith("not run: time machine unavailable")
    assert not result.gate_ok


def test_scorer_without_a_bar_makes_the_suite_invalid(tmp_path: Path) -> None:
    rubric = Rubric(suite="toy", title="Toy", bars=[Bar(metric="other", op=">=", threshold=0.5, why=WHY)])
    result = run_suite(ToySuite(), _ctx(tmp_path), rubric)
    assert result.status == SuiteStatus.invalid
    assert "threshold has no bar" in result.reason


def test_nan_or_missing_metric_never_meets_a_bar() -> None:
    bar = Bar(metric="x", op="<=", threshold=1.0, why=WHY)
    assert not bar.check(None).passed
    assert not bar.check(float("nan")).passed
    assert bar.check(1.0).passed


def test_bad_rubric_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "toy.yaml").write_text("suite: toy\ntitle: T\nbars:\n  - metric: v\n    op: '~'\n")
    with pytest.raises(RubricError, match=r"toy\.yaml"):
        load_rubric("toy", tmp_path)
    with pytest.raises(RubricError, match="no rubric"):
        load_rubric("absent", tmp_path)


def test_session_writes_log_that_round_trips_and_a_report_with_plots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("underwrite.evals.harness.runner.load_rubric", lambda name: RUBRIC)
    log, log_path, report_path = run_session([ToySuite(value=0.2)], tmp_path / "out", tmp_path / "cache")
    again = read_log(log_path)
    assert again == log
    assert again.suites[0].status == SuiteStatus.failed
    assert again.versions["underwrite"] and again.inputs["rubric:toy"] == RUBRIC.sha256
    html = report_path.read_text()
    assert "data:image/png;base64," in html
    assert "Toy" in html and "NO" in html and WHY in html
    # "Gate: PASS" over two of eight suites read as the whole gate: it says which suites it covers.
    assert "over the 1 suite(s) of this run only: toy;" in html
    assert (tmp_path / "out" / "plots" / "toy_value.png").stat().st_size > 0


def test_log_of_unknown_schema_is_refused(tmp_path: Path) -> None:
    log, log_path, _ = run_session([], tmp_path / "out", tmp_path / "cache")
    data = json.loads(log_path.read_text())
    data["schema_version"] = "9.0"
    log_path.write_text(json.dumps(data))
    with pytest.raises(LogSchemaError):
        read_log(log_path)
    assert write_log(log, tmp_path / "again").exists()


@pytest.mark.parametrize(("value", "gate", "code"), [(0.9, True, 0), (0.2, True, 1), (0.2, False, 0)])
def test_cli_gate_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: float, gate: bool, code: int
) -> None:
    monkeypatch.setattr(registry, "select_suites", lambda names, fast: [ToySuite(value=value)])
    monkeypatch.setattr("underwrite.evals.harness.runner.load_rubric", lambda name: RUBRIC)
    args = ["eval", "--out", str(tmp_path / "o"), "--json", *(["--gate"] if gate else [])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    assert data["suites"][0]["status"] == ("passed" if value > 0.5 else "failed")
    assert (tmp_path / "o" / "report.html").exists()


def test_cli_gate_fails_when_a_suite_could_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    req = Requirement("nothing", "underwrite.no_such_module")
    monkeypatch.setattr(registry, "select_suites", lambda names, fast: [ToySuite(requires=(req,))])
    monkeypatch.setattr("underwrite.evals.harness.runner.load_rubric", lambda name: RUBRIC)
    result = CliRunner().invoke(app, ["eval", "--gate", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "not run: nothing unavailable" in result.output


def test_cli_rejects_unknown_suite() -> None:
    result = CliRunner().invoke(app, ["eval", "--suite", "nope"])
    assert result.exit_code == 1
    assert "unknown suite nope" in result.output
