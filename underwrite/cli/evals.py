"""`underwrite eval`: run the compliance suites, print the headline table, write log + report."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from underwrite.cli.common import err_console, fail, print_json

GATE_FAILED_EXIT = 1


def run_eval(
    suite: Annotated[list[str] | None, typer.Option(help="Suite name (repeatable); default all")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Report directory (default UW_HOME/outputs/evals/RUN)")
    ] = None,
    gate: Annotated[bool, typer.Option("--gate", help="Exit non-zero when a bar is missed")] = False,
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="Run only the CI subset: the suites --list marks (fast), each with all its cases; "
            "ignored when --suite names suites",
        ),
    ] = False,
    list_suites: Annotated[bool, typer.Option("--list", help="List suites and exit")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the run log as JSON on stdout")] = False,
) -> None:
    """Run the compliance evaluation suites and write the report."""
    from underwrite.core.settings import get_settings
    from underwrite.evals.registry import SUITE_NAMES, UnknownSuiteError, select_suites

    if list_suites:
        names = {n: n in {s.name for s in select_suites(None, fast=True)} for n in SUITE_NAMES}
        if json_out:
            print_json([{"suite": n, "fast": f} for n, f in names.items()])
        else:
            for n, f in names.items():
                typer.echo(f"{n}{'  (fast)' if f else ''}")
        return
    try:
        suites = select_suites(suite, fast)
    except UnknownSuiteError as exc:
        fail(str(exc))
    settings = get_settings()
    settings.ensure_dirs()
    from underwrite.evals.harness.session import run_session
    from underwrite.evals.harness.types import utcnow

    # The suites run one graph at a time and own the machine, so an embedded model this run starts
    # may use every core (its default of half the cores suits a model shared with busy workers).
    os.environ.setdefault("UW_LLAMACPP_THREADS", str(os.cpu_count() or 1))
    out_dir = out or settings.outputs_dir / "evals" / utcnow().strftime("%Y%m%dT%H%M%SZ")
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task: TaskID = progress.add_task("eval", total=None)

        def report(description: str, completed: int, total: int) -> None:
            progress.update(task, description=description, completed=completed, total=total or None)

        def done(result: object) -> None:
            from underwrite.evals.harness.types import SuiteResult

            assert isinstance(result, SuiteResult)
            err_console.print(
                f"[bold]{result.name}[/]: {_styled(result.status.value)} in {result.duration_s:.1f}s"
                + (f" — {result.reason}" if result.reason else "")
            )

        log, log_path, report_path = run_session(
            suites,
            out_dir,
            settings.home / "evals_cache",
            fast=fast,
            progress=report,
            on_suite_done=done,
            options={
                "gate": gate,
                "argv": sys.argv[1:],
                "llamacpp_threads": os.environ["UW_LLAMACPP_THREADS"],
            },
        )
    table = _headline_table(log)
    if json_out:
        Console(stderr=True, width=max(err_console.width, 130)).print(table)
        sys.stdout.write(json.dumps(json.loads(log.model_dump_json()), indent=2) + "\n")
    else:
        console = Console()
        # Piped output defaults to 80 columns, which folds metric names; a report reads better wide.
        Console(width=max(console.width, 130)).print(table)
    err_console.print(f"log: {log_path}\nreport: {report_path}")
    verdict = "PASS" if log.gate_ok else "FAIL"
    err_console.print(f"gate: {_styled('passed' if log.gate_ok else 'failed', verdict)}")
    if gate and not log.gate_ok:
        raise typer.Exit(GATE_FAILED_EXIT)


_COLOURS = {"passed": "green", "failed": "red", "invalid": "red", "error": "red", "not_run": "yellow"}


def _styled(status: str, text: str | None = None) -> str:
    return f"[{_COLOURS.get(status, 'white')}]{text or status}[/]"


def _headline_table(log: object) -> Table:
    from underwrite.evals.harness.report import format_number
    from underwrite.evals.harness.types import EvalLog

    assert isinstance(log, EvalLog)
    table = Table(title=f"underwrite eval {log.run_id}", show_lines=True)
    for column in ("suite", "status", "cases", "headline", "bars missed"):
        table.add_column(column)
    for s in log.suites:
        headline = "\n".join(f"{m} = {format_number(s.metrics[m])}" for m in s.headline if m in s.metrics)
        missed = "\n".join(
            f"{b.metric} = {format_number(b.value)} (bar {b.op} {format_number(b.threshold)})"
            for b in s.failed_bars
        )
        status = _styled(s.status.value)
        if s.status.value in {"not_run", "invalid", "error"}:
            missed = s.reason
        table.add_row(s.name, status, str(s.n_cases), headline, missed)
    return table
