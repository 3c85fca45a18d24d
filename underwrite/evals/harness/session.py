"""One evaluation run over several suites: context, progress, log and report."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from underwrite.evals.harness.log import write_log
from underwrite.evals.harness.report import render_report
from underwrite.evals.harness.runner import run_suite
from underwrite.evals.harness.suite import ProgressFn, RunContext, Suite
from underwrite.evals.harness.types import EvalLog, SuiteResult, utcnow
from underwrite.evals.harness.versions import collect_versions

SuiteDone = Callable[[SuiteResult], None]


def run_session(
    suites: Sequence[Suite[Any]],
    out_dir: Path,
    cache_dir: Path,
    *,
    fast: bool = False,
    progress: ProgressFn | None = None,
    on_suite_done: SuiteDone | None = None,
    options: dict[str, Any] | None = None,
) -> tuple[EvalLog, Path, Path]:
    """Run the suites in order; write ``eval_log.json`` and ``report.html`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    log = EvalLog(
        run_id=uuid.uuid4().hex[:12],
        started_at=utcnow(),
        options={"fast": fast, "suites": [s.name for s in suites], **(options or {})},
        versions=collect_versions(),
    )
    ctx = RunContext(out_dir=out_dir, cache_dir=cache_dir, fast=fast)
    if progress is not None:
        ctx.progress = progress
    for suite in suites:
        result = run_suite(suite, ctx)
        log.suites.append(result)
        if on_suite_done is not None:
            on_suite_done(result)
        write_log(log, out_dir)  # a crash later still leaves every finished suite on disk
    log.versions.update(ctx.versions)
    log.inputs.update(ctx.inputs)
    log.finished_at = utcnow()
    log_path = write_log(log, out_dir)
    return log, log_path, render_report(log, out_dir)
