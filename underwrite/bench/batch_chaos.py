"""The batch bench's fault injector: SIGKILL workers and the LLM server, and take the LLM away.

Faults are placed by progress (the share of jobs finished), not by the clock, so that a small
configuration — a test's 12 packets — meets every fault while work is still pending, as a 200-packet
run does. Each fault waits until there is something for it to hit (a live worker, pending jobs).
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field

from underwrite.bench.batch_llm_process import FakeLLMProcess
from underwrite.queue.models import PENDING_STATES
from underwrite.queue.progress import finished
from underwrite.queue.repository import QueueRepository
from underwrite.queue.supervisor import Supervisor


@dataclass
class FaultPlan:
    jobs: int
    worker_kills: int = 4
    llm_kills: int = 1
    llm_restart_s: float = 1.0
    outage_s: float = 20.0

    def worker_kill_at(self) -> list[float]:
        return [(i + 1) / (self.worker_kills + 1) for i in range(self.worker_kills)]

    def llm_kill_at(self) -> list[float]:
        return [(j + 1) / (self.llm_kills + 2) for j in range(self.llm_kills)]

    def outage_at(self) -> float | None:
        return 0.6 if self.outage_s > 0 else None


@dataclass
class ChaosLog:
    events: list[tuple[float, str]] = field(default_factory=list)
    timeline: list[tuple[float, int]] = field(default_factory=list)
    worker_kills: int = 0
    llm_kills: int = 0
    outage_s: float = 0.0


def run_chaos(
    supervisor: Supervisor,
    server: FakeLLMProcess,
    repo: QueueRepository,
    plan: FaultPlan | None,
    done: threading.Event,
    log: ChaosLog,
) -> None:
    """Sample progress every 0.25 s; with a plan, inject its faults. Runs until ``done`` is set."""
    started = time.monotonic()
    worker_kills = plan.worker_kill_at() if plan else []
    llm_kills = plan.llm_kill_at() if plan else []
    outage = plan.outage_at() if plan else None
    restart_at: float | None = None
    outage_started: float | None = None
    while not done.wait(0.25):
        now = time.monotonic() - started
        counts = repo.counts()
        finished_now = finished(counts)
        log.timeline.append((round(now, 2), finished_now))
        if plan is None:
            continue
        share = finished_now / max(plan.jobs, 1)
        pending = sum(counts[s.value] for s in PENDING_STATES)
        if restart_at is not None and now >= restart_at and not server.running:
            server.start()
            if outage_started is not None:
                log.outage_s = round(now - outage_started, 2)
                outage_started = None
            log.events.append((round(now, 2), "LLM server restarted"))
            restart_at = None
        if not pending:
            continue
        if worker_kills and share >= worker_kills[0]:
            pids = supervisor.live_pids()
            if pids:
                victim = random.choice(pids)
                os.kill(victim, signal.SIGKILL)
                worker_kills.pop(0)
                log.worker_kills += 1
                log.events.append((round(now, 2), f"SIGKILL worker pid {victim}"))
        if not server.running:
            continue  # the next LLM fault waits until the server is back
        if llm_kills and share >= llm_kills[0]:
            pid = server.stop(signal.SIGKILL)
            llm_kills.pop(0)
            log.llm_kills += 1
            log.events.append((round(now, 2), f"SIGKILL LLM server pid {pid}"))
            restart_at = now + plan.llm_restart_s
        elif outage is not None and share >= outage:
            server.stop(signal.SIGTERM)
            outage = None
            outage_started = now
            log.events.append((round(now, 2), f"LLM outage starts ({plan.outage_s:g} s)"))
            restart_at = now + plan.outage_s
    if outage_started is not None:  # the batch ended while the LLM was still away
        log.outage_s = round(time.monotonic() - started - outage_started, 2)
