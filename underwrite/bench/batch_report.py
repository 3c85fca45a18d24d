"""Text and plot for the batch benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from underwrite.bench.batch import BenchConfig, RunResult


def format_result(result: RunResult, config: BenchConfig) -> str:
    i = result.integrity
    work = (
        f"{config.calls_per_job} chat calls each"
        if result.mode == "llm-calls"
        else f"memo workflow, {result.llm_calls_per_job:g} LLM calls each (measured)"
    )
    lines = [
        f"[{result.name}] {config.packets} jobs ({result.mode}: {work}), latency {config.latency_s:g}s, "
        f"{config.workers} workers × {config.jobs_per_worker} concurrent",
        f"  wall {result.elapsed_s:.2f}s vs ideal {result.ideal_s:.2f}s → {result.ratio_to_ideal:.3f}× ideal "
        f"(ideal = jobs × calls × latency ÷ slots); LLM calls served {result.llm_calls_served}",
        *(
            [
                f"  first claim → last finish {result.active_span_s:.2f}s → "
                f"{result.ideal_s / result.active_span_s:.3f}× ideal (excludes the first worker's start-up)"
            ]
            if result.active_span_s
            else []  # fault run: a reclaim overwrites a job's claim time, so the span would be wrong
        ),
        *(
            [
                f"  all {config.workers} workers claiming {result.workers_ready_s:.2f}s after start; "
                f"from then to last finish {result.steady_ratio_to_ideal:.3f}× ideal "
                "(steady state; the wall figure above includes start-up)"
            ]
            if result.workers_ready_s is not None and result.steady_ratio_to_ideal is not None
            else []
        ),
        f"  states {i.states}; done exactly once {i.done_exactly_once}/{i.expected}",
        f"  lost {i.lost}, duplicated {i.duplicated}, failed {i.failed}, memo files {i.memo_files}, "
        f"hash mismatches {i.memo_hash_mismatches}",
        *[f"    failed ×{n}: {reason}" for reason, n in i.failure_reasons.items()],
    ]
    if result.audit is not None:
        a = result.audit
        lines.append(
            f"  audit: memo_drafted records {a.memo_drafted_records} for {a.applications} memos, "
            f"missing {a.missing}, duplicated {a.duplicated}, "
            f"hash chain {'ok' if a.chain_ok else a.chain_detail}"
        )
        lines.append(f"  narratives {a.narrative_sources}; memo flags {a.memo_flags}")
    if result.events:
        lines.append(
            f"  worker kills {result.worker_kills}, restarts {result.worker_restarts}, "
            f"LLM kills {result.llm_kills}, LLM outage {result.outage_s:g}s"
        )
        lines += [f"    t={t:6.2f}s {what}" for t, what in result.events]
    return "\n".join(lines)


def plot_runs(results: list[RunResult], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for result in results:
        if result.timeline:
            xs, ys = zip(*result.timeline, strict=True)
            ax.plot(xs, ys, label=f"{result.name} ({result.elapsed_s:.1f}s)")
        for t, what in result.events:
            ax.axvline(t, color="red" if "SIGKILL" in what else "grey", alpha=0.4, linewidth=1)
    if results:
        ideal = results[0].ideal_s
        ax.axvline(ideal, color="green", linestyle="--", label=f"ideal bound {ideal:.1f}s")
    ax.set_xlabel("seconds since start")
    ax.set_ylabel("jobs finished")
    ax.set_title("underwrite batch: throughput and fault run (red: worker SIGKILL, grey: LLM stop/start)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
