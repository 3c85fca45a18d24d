"""Batch benchmark and fault test: ``python -m underwrite.evals.batch_bench`` (or ``underwrite bench batch``).

Run 1 (throughput): N packets through ``W`` worker processes × ``M`` concurrent jobs, each job
making ``K`` sequential chat calls to a loopback OpenAI-compatible server that answers every call
after a fixed latency. Ideal bound = N·K·latency ÷ (W·M); reported as ideal ÷ measured wall time.

Run 2 (faults): the same, while a worker is SIGKILLed every ``kill_every_s`` (the supervisor
restarts it; its jobs come back when the lease expires) and the LLM server is stopped for
``outage_s``. Lost, duplicated and failed jobs are counted from the database and the memo files.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import httpx
from pydantic import BaseModel

from underwrite.agent.batch.models import utcnow_naive
from underwrite.agent.batch.policy import RetryPolicy
from underwrite.agent.batch.repository import QueueRepository
from underwrite.agent.batch.supervisor import Supervisor, WorkerOptions
from underwrite.cli.common import err_console
from underwrite.core.db import clear_engine_cache
from underwrite.core.settings import reset_settings_cache
from underwrite.evals.batch_verify import Integrity, verify_outputs


class BenchConfig(BaseModel):
    packets: int = 200
    workers: int = 2
    concurrency: int = 20
    calls_per_job: int = 4
    latency_s: float = 1.0
    lease_s: float = 5.0
    kill_every_s: float = 10.0
    outage_start_s: float = 8.0
    outage_s: float = 30.0
    database_url: str = ""
    # The queue's default. A SIGKILLed worker costs each of its running jobs an attempt (so a packet
    # that crashes its worker every time ends failed); under a kill every 10 s a job can be on the
    # victim three times by chance. Raise it to see the fault run without that effect.
    max_attempts: int = 3

    @property
    def ideal_s(self) -> float:
        return self.packets * self.calls_per_job * self.latency_s / (self.workers * self.concurrency)


class RunResult(BaseModel):
    name: str
    elapsed_s: float
    ideal_s: float
    ratio_to_ideal: float
    active_span_s: float | None
    workers_ready_s: float | None
    steady_ratio_to_ideal: float | None
    llm_calls_served: int
    worker_kills: int
    worker_restarts: int
    outage_s: float
    integrity: Integrity
    timeline: list[tuple[float, int]]
    events: list[tuple[float, str]]


# Every call returns this; the runner reads the recommendation word from the last section.
_REPLY_TEXT = "Draft section from the packet. Recommendation: approve with conditions."


class FakeServer:
    """``underwrite.testing.fake_openai`` as a process, so the fault run can kill and restart it."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.process: subprocess.Popen[bytes] | None = None
        self.calls_before_restarts = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "underwrite.testing.fake_openai", "--port", str(self.port),
             "--latency", str(self.latency_s), "--text", _REPLY_TEXT, "--no-record"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                httpx.get(f"{self.url}/models", timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the fake OpenAI server did not start")

    def calls(self) -> int:
        try:
            served = int(httpx.get(f"{self.url}/stats", timeout=2).json()["calls"])
        except httpx.HTTPError:
            served = 0
        return self.calls_before_restarts + served

    def stop(self) -> None:
        if self.process is None:
            return
        self.calls_before_restarts = self.calls()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.process = None


def make_minimal_packets(root: Path, n: int) -> list[Path]:
    """Cheap packet folders (a form and a statement); the LLM-call runner only reads their text."""
    rng = random.Random(7)
    folders = []
    for i in range(n):
        folder = root / f"BENCH-{i:04d}"
        folder.mkdir(parents=True)
        income = rng.randint(1500, 9000)
        (folder / "application_form.txt").write_text(
            f"Application BENCH-{i:04d}\nApplicant: Person {i}\nMonthly net income: {income}\n"
            f"Requested amount: {rng.randint(1, 40) * 500}\nTerm months: {rng.choice([12, 24, 36, 48])}\n"
        )
        (folder / "bank_statement.csv").write_text(
            "date,description,amount\n" + "".join(f"2024-0{m}-28,salary,{income}\n" for m in range(1, 4))
        )
        folders.append(folder)
    return folders


def run_once(name: str, config: BenchConfig, faults: bool, workdir: Path) -> RunResult:
    home = workdir / name
    home.mkdir(parents=True)
    server = FakeServer(config.latency_s)
    server.start()
    os.environ.update(UW_HOME=str(home), UW_LLM_URL=server.url, UW_DATABASE_URL=config.database_url)
    reset_settings_cache()
    clear_engine_cache()
    repo = QueueRepository(policy=RetryPolicy.for_lease(config.lease_s))
    _reset_tables(repo)
    report = repo.add(
        make_minimal_packets(home / "packets", config.packets), max_attempts=config.max_attempts
    )
    assert not report.rejected, report.rejected
    options = WorkerOptions(
        concurrency=config.concurrency,
        runner="llm-calls",
        calls_per_job=config.calls_per_job,
        lease_s=config.lease_s,
        poll_s=0.25,
    )
    supervisor = Supervisor(repo, config.workers, options, err_console, refresh_s=0.25)
    done = threading.Event()
    events: list[tuple[float, str]] = []
    timeline: list[tuple[float, int]] = []
    started = time.monotonic()
    started_at = utcnow_naive()
    chaos = threading.Thread(
        target=_chaos,
        args=(supervisor, server, repo, config, faults, done, started, events, timeline),
        daemon=True,
    )
    chaos.start()
    try:
        summary = supervisor.run()
    finally:
        done.set()
        chaos.join(timeout=config.outage_s + 30)
        calls = server.calls()
        server.stop()
    integrity = verify_outputs(repo, config.packets)
    elapsed = summary.elapsed_s
    # Reclaims overwrite a job's claim time, so the steady-state window is exact only without faults.
    steady = None if faults else _steady_state(repo, config)
    return RunResult(
        name=name,
        elapsed_s=round(elapsed, 2),
        ideal_s=round(config.ideal_s, 2),
        ratio_to_ideal=round(config.ideal_s / elapsed, 3),
        active_span_s=None if faults else round(_active_span(repo), 2),
        workers_ready_s=None if steady is None else round((steady[0] - started_at).total_seconds(), 2),
        steady_ratio_to_ideal=None if steady is None else round(steady[1], 3),
        llm_calls_served=calls,
        worker_kills=sum(1 for _, what in events if what.startswith("SIGKILL")),
        worker_restarts=summary.worker_restarts,
        outage_s=config.outage_s if faults else 0.0,
        integrity=integrity,
        timeline=timeline,
        events=events,
    )


def _chaos(
    supervisor: Supervisor,
    server: FakeServer,
    repo: QueueRepository,
    config: BenchConfig,
    faults: bool,
    done: threading.Event,
    started: float,
    events: list[tuple[float, str]],
    timeline: list[tuple[float, int]],
) -> None:
    """Sample progress; in the fault run also kill workers and take the LLM server away."""
    next_kill = config.kill_every_s
    outage_over: float | None = None
    while not done.wait(0.5):
        now = time.monotonic() - started
        counts = repo.counts()
        timeline.append((round(now, 2), counts["awaiting_review"] + counts["failed"]))
        if not faults:
            continue
        if now >= next_kill:
            pids = supervisor.live_pids()
            if pids:
                victim = random.choice(pids)
                os.kill(victim, signal.SIGKILL)
                events.append((round(now, 2), f"SIGKILL worker pid {victim}"))
            next_kill += config.kill_every_s
        if outage_over is None and now >= config.outage_start_s:
            server.stop()
            outage_over = now + config.outage_s
            events.append((round(now, 2), "LLM server stopped"))
        elif outage_over is not None and server.process is None and now >= outage_over:
            server.start()
            events.append((round(now, 2), "LLM server restarted"))


def _active_span(repo: QueueRepository) -> float:
    """First claim to last finish, from the job rows: the wall time without process start-up."""
    from sqlalchemy import func, select

    from underwrite.agent.batch.models import jobs_table

    with repo.engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(jobs_table.c.started_at), func.max(jobs_table.c.finished_at))
        ).one()
    return (last - first).total_seconds() if first and last else 0.0


def _steady_state(repo: QueueRepository, config: BenchConfig) -> tuple[datetime, float] | None:
    """When every worker was claiming, and throughput ÷ ideal from then to the last finish.

    "Ready" is the latest of the workers' first claims (process start, imports and database
    connection are behind it). Work done inside the window counts each job by the share of its
    claim→finish span that falls inside, so jobs already running at "ready" count only partly.
    """
    from sqlalchemy import select

    from underwrite.agent.batch.models import jobs_table, outputs_table

    with repo.engine.connect() as conn:
        rows = conn.execute(
            select(outputs_table.c.worker, jobs_table.c.started_at, jobs_table.c.finished_at).join(
                jobs_table, jobs_table.c.id == outputs_table.c.job_id
            )
        ).all()
    if not rows:
        return None
    first_claim: dict[str, datetime] = {}
    for row in rows:
        first_claim[row.worker] = min(first_claim.get(row.worker, row.started_at), row.started_at)
    ready = max(first_claim.values())
    end = max(row.finished_at for row in rows)
    window = (end - ready).total_seconds()
    if window <= 0:
        return None
    jobs_in_window = 0.0
    for row in rows:
        span = (row.finished_at - row.started_at).total_seconds()
        inside = (row.finished_at - max(row.started_at, ready)).total_seconds()
        jobs_in_window += max(inside, 0.0) / span if span > 0 else 0.0
    ideal = jobs_in_window * config.calls_per_job * config.latency_s / (config.workers * config.concurrency)
    return ready, ideal / window


def _reset_tables(repo: QueueRepository) -> None:
    """A PostgreSQL database given by URL is reused between runs: start each run empty."""
    from underwrite.agent.batch.models import jobs_table, outputs_table

    with repo.strategy.write_transaction(repo.engine) as conn:
        conn.execute(outputs_table.delete())
        conn.execute(jobs_table.delete())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="batch_bench", description=__doc__.splitlines()[0])
    for field, info in BenchConfig.model_fields.items():
        parser.add_argument(f"--{field.replace('_', '-')}", type=type(info.default), default=info.default)
    parser.add_argument("--skip-fault", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("bench_out/batch"))
    parser.add_argument(
        "--keep", action="store_true", help="keep each run's database, memos and worker logs under OUT/work"
    )
    parser.add_argument("--json", action="store_true", help="print results as one JSON document")
    args = parser.parse_args(argv)
    config = BenchConfig(**{k: getattr(args, k) for k in BenchConfig.model_fields})
    args.out.mkdir(parents=True, exist_ok=True)
    from underwrite.evals.batch_report import format_result, plot_runs

    runs = [("throughput", False)] * (not args.skip_throughput) + [("faults", True)] * (not args.skip_fault)
    results = []
    with contextlib.ExitStack() as stack:
        if args.keep:
            workdir = args.out / "work"
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="uw-batch-bench-")))
        for name, faults in runs:
            results.append(run_once(name, config, faults=faults, workdir=workdir))
    plot = plot_runs(results, args.out / "batch_bench.png")
    payload = {
        "config": config.model_dump(),
        "results": [r.model_dump(exclude={"timeline"}) for r in results],
    }
    (args.out / "batch_bench.json").write_text(json.dumps(payload, indent=2))
    if args.json:
        print(json.dumps(payload, indent=2))
    else:
        print(f"config: {config.model_dump_json()}")
        for result in results:
            print(format_result(result, config))
        print(f"plot: {plot}")
    throughput_ok = all(r.ratio_to_ideal >= 0.8 for r in results if r.name == "throughput")
    faults_ok = all(r.integrity.ok for r in results)
    return 0 if throughput_ok and faults_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
