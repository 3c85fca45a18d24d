"""`underwrite queue …` and `underwrite batch`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from underwrite.cli.common import err_console, fail, print_json

queue_app = typer.Typer(help="The durable application queue.", no_args_is_help=True)


@queue_app.command("add")
def queue_add(
    dirs: Annotated[list[Path], typer.Argument(help="Packet folders, one application each")],
    max_attempts: Annotated[int, typer.Option(min=1, help="Attempts before a job fails")] = 3,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Queue application packets (one per folder); duplicates and non-packets are rejected."""
    from underwrite.queue.repository import QueueRepository

    report = QueueRepository().add(dirs, max_attempts=max_attempts)
    if json_out:
        print_json(report)
    else:
        for job in report.added:
            err_console.print(f"[green]queued[/] job {job.id}: {job.application_id} ({job.packet_dir})")
        for rejected in report.rejected:
            err_console.print(f"[red]rejected[/] {rejected.reason}")
        err_console.print(f"{len(report.added)} queued, {len(report.rejected)} rejected")
    if report.rejected:
        raise typer.Exit(1)


@queue_app.command("status")
def queue_status(
    json_out: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option(help="Jobs to list in the table (all in --json)")] = 50,
) -> None:
    """Counts and jobs by state."""
    from underwrite.queue.repository import QueueRepository

    status = QueueRepository().status()
    if json_out:
        print_json(status)
        return
    counts = " · ".join(f"{state} {count}" for state, count in status.counts.items())
    err_console.print(f"[bold]{status.total} jobs[/]: {counts}")
    if status.waiting.jobs:
        from underwrite.queue.progress import waiting_note

        err_console.print(waiting_note(status.waiting, limit=2000), markup=False)
    table = Table()
    for column in ("id", "application", "state", "attempts", "detail"):
        table.add_column(column)
    for job in status.jobs[:limit]:
        detail = job.failure_reason or job.last_error or job.memo_path or job.lease_owner or ""
        table.add_row(
            str(job.id), job.application_id, job.state, f"{job.attempts}/{job.max_attempts}", detail
        )
    err_console.print(table)
    if len(status.jobs) > limit:
        err_console.print(f"… {len(status.jobs) - limit} more (use --json for all)")


@queue_app.command("retry")
def queue_retry(
    job_id: Annotated[int, typer.Argument(help="Id of a failed job")],
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Put a failed job back on the queue with a fresh attempt budget."""
    from underwrite.queue.repository import QueueRepository

    try:
        job = QueueRepository().retry(job_id)
    except (LookupError, ValueError) as exc:
        fail(str(exc))
    if json_out:
        print_json(job)
    else:
        err_console.print(f"job {job.id} ({job.application_id}) queued again")


def batch(
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, help="Applications in flight per worker")] = 4,
    runner: Annotated[
        str, typer.Option(help="agent: the memo graph; llm-calls: K plain chat calls per job")
    ] = "agent",
    calls_per_job: Annotated[int, typer.Option(min=1, help="Chat calls per job (llm-calls runner)")] = 3,
    lease_seconds: Annotated[float, typer.Option(min=1.0, help="Lease length; renewed by heartbeats")] = 30.0,
    llm_wait_seconds: Annotated[
        float, typer.Option(min=1.0, help="Longest a job waits for an unavailable LLM, then it fails")
    ] = 600.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout")] = False,
) -> None:
    """Draft memos for every queued application with N processes × M concurrent jobs."""
    from underwrite.queue.progress import summary_table
    from underwrite.queue.repository import QueueRepository
    from underwrite.queue.runners import RUNNER_NAMES, preflight_runner
    from underwrite.queue.supervisor import Supervisor, WorkerCrashLoop, WorkerOptions

    if runner not in RUNNER_NAMES:
        fail(f"unknown runner {runner!r}; choose one of {', '.join(RUNNER_NAMES)}")
    from underwrite.queue.policy import RetryPolicy

    repo = QueueRepository(policy=RetryPolicy.for_lease(lease_seconds))
    try:
        preflight_runner(
            runner,
            on_status=lambda message: err_console.print(f"[dim]preparing {message}[/]"),
            prepare=repo.pending() > 0,  # an empty queue needs no model training
        )
    except Exception as exc:
        fail(str(exc))
    options = WorkerOptions(
        concurrency=concurrency,
        runner=runner,
        calls_per_job=calls_per_job,
        lease_s=lease_seconds,
        llm_wait_s=llm_wait_seconds,
    )
    try:
        summary = Supervisor(repo, workers, options, err_console).run()
    except WorkerCrashLoop as exc:
        fail(str(exc))
    err_console.print(summary_table(summary))
    if json_out:
        print_json(summary)
    if summary.stopped_reason:
        err_console.print(f"[red]batch stopped:[/] {escape(summary.stopped_reason)}", soft_wrap=True)
        raise typer.Exit(1)
    if summary.interrupted:
        raise typer.Exit(130)


def bench_batch(
    mode: Annotated[
        str, typer.Option(help="agent: the real memo workflow; llm-calls: K plain chat calls per job")
    ] = "agent",
    packets: Annotated[int, typer.Option("--packets", "--n", min=1, help="Packets (generated)")] = 200,
    workers: Annotated[int, typer.Option(min=1)] = 2,
    concurrency: Annotated[
        int, typer.Option(min=0, help="Jobs per worker; 0: 4 (agent), 20 (llm-calls)")
    ] = 0,
    calls_per_job: Annotated[int, typer.Option(min=1, help="llm-calls mode only")] = 4,
    latency: Annotated[float, typer.Option(help="Seconds per fake chat call")] = 1.0,
    worker_kills: Annotated[int, typer.Option(min=0, help="Worker SIGKILLs in the fault run")] = 4,
    llm_kills: Annotated[int, typer.Option(min=0, help="LLM server SIGKILLs in the fault run")] = 1,
    outage: Annotated[float, typer.Option(min=0, help="LLM outage window in the fault run, seconds")] = 20.0,
    skip_fault: Annotated[bool, typer.Option(help="Only the throughput run")] = False,
    skip_throughput: Annotated[bool, typer.Option(help="Only the fault run")] = False,
    out: Annotated[Path, typer.Option(help="Where the JSON and the plot go")] = Path("bench_out/batch"),
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Batch throughput vs the ideal bound, then the fault run (worker and LLM SIGKILLs, an outage)."""
    from underwrite.bench.batch import main as bench_main

    if mode not in ("agent", "llm-calls"):
        fail(f"unknown mode {mode!r}; choose agent or llm-calls")
    argv = [
        "--mode", mode, "--packets", str(packets), "--workers", str(workers),
        "--concurrency", str(concurrency), "--calls-per-job", str(calls_per_job),
        "--latency-s", str(latency), "--worker-kills", str(worker_kills), "--llm-kills", str(llm_kills),
        "--outage-s", str(outage), "--out", str(out),
    ]  # fmt: skip
    argv += ["--skip-fault"] if skip_fault else []
    argv += ["--skip-throughput"] if skip_throughput else []
    argv += ["--json"] if json_out else []
    raise typer.Exit(bench_main(argv))
