"""Run suites: check dependencies, run every scorer's red case first, solve, score, test the bars."""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence
from typing import Any

from underwrite.evals.harness.rubric import Rubric, RubricError, load_rubric
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import RunContext, Suite
from underwrite.evals.harness.types import (
    BarResult,
    MetricValue,
    RedCaseResult,
    SuiteResult,
    SuiteStatus,
)


def check_rubric_covers(rubric: Rubric, scorers: Sequence[Scorer[Any]]) -> list[str]:
    """Problems that make a suite invalid: a scorer with no bar can never fail; a bar with no scorer
    is never measured."""
    problems = []
    emitted: set[str] = set()
    for scorer in scorers:
        emitted |= scorer.metrics
        if not rubric.bars_for(scorer.metrics):
            problems.append(f"scorer {scorer.name} has no bar in rubrics/{rubric.suite}.yaml")
    for bar in rubric.bars:
        if bar.metric not in emitted:
            problems.append(f"bar on {bar.metric!r} but no scorer emits it")
    return problems


def run_red_case(suite: Suite[Any], scorer: Scorer[Any], rubric: Rubric, ctx: RunContext) -> RedCaseResult:
    state = suite.red_state(scorer, ctx)
    output = scorer.score(state)
    bars = rubric.check(output.metrics, scorer.metrics)
    return RedCaseResult(
        scorer=scorer.name,
        description=scorer.red_description,
        metrics=_only(output.metrics, scorer.metrics),
        bars=bars,
        passed=bool(bars) and all(b.passed for b in bars),
    )


def _only(values: dict[str, MetricValue], names: frozenset[str]) -> dict[str, MetricValue]:
    return {k: v for k, v in values.items() if k in names}


def run_suite(suite: Suite[Any], ctx: RunContext, rubric: Rubric | None = None) -> SuiteResult:
    started = time.perf_counter()
    try:
        rubric = rubric or load_rubric(suite.name)
    except RubricError as exc:
        return SuiteResult(name=suite.name, title=suite.name, status=SuiteStatus.invalid, reason=str(exc))
    result = SuiteResult(
        name=suite.name,
        title=rubric.title,
        status=SuiteStatus.passed,
        fast=suite.in_fast,
        rubric_sha256=rubric.sha256,
        headline=rubric.headline,
    )
    ctx.record_input(f"rubric:{suite.name}", rubric.sha256)

    def finish(status: SuiteStatus, reason: str = "") -> SuiteResult:
        result.status, result.reason = status, reason
        result.duration_s = round(time.perf_counter() - started, 2)
        return result

    missing = suite.missing_dependency()
    if missing:
        return finish(SuiteStatus.not_run, f"not run: {missing}")

    scorers = list(suite.scorers())
    problems = check_rubric_covers(rubric, scorers)
    if problems:
        return finish(SuiteStatus.invalid, "; ".join(problems))

    # Red cases first: a scorer that cannot fail makes every later pass meaningless.
    for i, scorer in enumerate(scorers):
        ctx.progress(f"{suite.name}: red case {scorer.name}", i, len(scorers))
        try:
            result.red_cases.append(run_red_case(suite, scorer, rubric, ctx))
        except Exception as exc:
            return finish(SuiteStatus.error, f"red case of {scorer.name} raised: {_brief(exc)}")
    passed_reds = [r.scorer for r in result.red_cases if r.passed]
    if passed_reds:
        return finish(
            SuiteStatus.invalid,
            f"red case passed for {', '.join(passed_reds)}: these scorers cannot fail; real cases not run",
        )

    try:
        state = suite.solve(ctx)
    except Exception as exc:
        return finish(SuiteStatus.error, f"solver raised: {_brief(exc)}")
    result.n_cases = suite.n_cases(state)

    bars: list[BarResult] = []
    for scorer in scorers:
        try:
            output = scorer.score(state)
        except Exception as exc:
            return finish(SuiteStatus.error, f"scorer {scorer.name} raised: {_brief(exc)}")
        result.metrics.update(output.metrics)
        if output.cases:
            result.cases[scorer.name] = output.cases
        if output.details:
            result.details[scorer.name] = output.details
        bars.extend(rubric.check(output.metrics, scorer.metrics))
    result.bars = bars
    try:
        result.details.update(suite.details(state))
        result.plots = suite.plots(state, ctx)
    except Exception as exc:
        return finish(SuiteStatus.error, f"report step raised: {_brief(exc)}")
    missed = [b.metric for b in bars if not b.passed]
    if missed:
        return finish(SuiteStatus.failed, f"bars missed: {', '.join(missed)}")
    return finish(SuiteStatus.passed)


def _brief(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
