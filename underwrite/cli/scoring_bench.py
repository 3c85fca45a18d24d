"""`underwrite bench scoring`, and the peer-comparison table it shares with `underwrite train --csv`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from underwrite.cli.common import fail, print_json

if TYPE_CHECKING:
    from underwrite.bench.scoring import BenchReport, ModelResult
    from underwrite.bench.scoring_stats import PairedDifference


def bench_scoring(
    json_out: Annotated[bool, typer.Option("--json")] = False,
    out: Annotated[
        Path | None, typer.Option(help="Folder for the ROC plot (default UW_HOME/outputs)")
    ] = None,
    datasets: Annotated[str, typer.Option(help="Comma-separated")] = "german,credit_data,lending_club",
    folds: Annotated[int, typer.Option(min=2, max=10)] = 5,
    repeats: Annotated[int, typer.Option(min=1, max=10)] = 2,
    throughput_n: Annotated[int, typer.Option(min=8, help="Applications in the throughput run")] = 128,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="Peer table only: no fused model, no text test, no throughput (development)"
        ),
    ] = False,
) -> None:
    """CV table against peers (with paired fold-wise differences), text-recovery test and throughput."""
    from underwrite.bench.scoring import BENCH_DATASETS, run_benchmark
    from underwrite.bench.scoring_extras import plot_roc
    from underwrite.core.settings import get_settings

    chosen = tuple(d.strip() for d in datasets.split(",") if d.strip())
    unknown = [d for d in chosen if d not in BENCH_DATASETS]
    if unknown or not chosen:
        fail(f"unknown benchmark dataset(s) {unknown}; choose from {', '.join(BENCH_DATASETS)}")
    report = run_benchmark(
        chosen,
        folds=folds,
        repeats=repeats,
        throughput_n=throughput_n,
        text_test=not quick,
        throughput=not quick,
        fused=not quick,
    )
    out_dir = out or get_settings().outputs_dir
    report.plot = str(plot_roc(report, out_dir / "bench_scoring_roc.png"))
    if json_out:
        print_json(report.model_dump(mode="json", exclude={"roc"}))
        return
    _print_report(report)


def print_peer_comparison(
    console: Console, title: str, results: list[ModelResult], diffs: list[PairedDifference]
) -> None:
    """AUC mean ± sd per model, then ours minus each peer fold by fold (same folds for all)."""
    table = Table(title=title)
    for col in ("dataset", "model", "AUC mean", "AUC sd", "KS", "Brier"):
        table.add_column(col)
    for r in results:
        m = r.metrics
        table.add_row(
            r.dataset,
            r.model,
            f"{m.auc_mean:.4f}",
            f"{m.auc_sd:.4f}",
            f"{m.ks_mean:.4f}",
            f"{m.brier_mean:.4f}",
        )
    console.print(table)
    if not diffs:
        return
    paired = Table(title="Paired fold-wise AUC difference: ours tabular minus peer")
    for col in ("dataset", "peer", "mean diff", "sd", "ours wins", "p (corrected t)"):
        paired.add_column(col)
    for d in diffs:
        p = "n/a" if d.p_value is None else f"{d.p_value:.3f}"
        paired.add_row(d.dataset, d.model, f"{d.mean:+.4f}", f"{d.sd:.4f}", f"{d.wins}/{d.folds}", p)
    console.print(paired)


def _print_report(report: BenchReport) -> None:
    console = Console(width=120)
    title = f"Scoring benchmark: {report.folds}-fold x {report.repeats} repeated stratified CV"
    print_peer_comparison(console, title, report.results, report.paired)
    if report.text_test:
        t = report.text_test
        console.print(
            f"Text that matters (German; {', '.join(t.moved)} moved into prose): AUC tabular with "
            f"{t.tab_with.auc_mean:.4f}, without {t.tab_without.auc_mean:.4f}, fused prose-only "
            f"{t.fused_prose.auc_mean:.4f} (recovery {t.recovery_prose:.1%}), fused serialised+prose "
            f"{t.fused_serialised.auc_mean:.4f} (recovery {t.recovery_serialised:.1%})"
        )
    if report.throughput:
        s = report.throughput
        console.print(
            f"Throughput ({s.applications} applications, {s.model}): scoring tool {s.scoring_per_s:.1f}/s, "
            f"raw encoder {s.encoder_per_s:.1f}/s, raw LightGBM {s.lightgbm_per_s:.0f}/s; "
            f"scoring / encoder = {s.ratio_vs_encoder:.2f}; encoder backend {s.encoder_backend}"
            + (f", {s.encoder_ratio_vs_torch:.2f}x torch in the same run" if s.encoder_ratio_vs_torch else "")
        )
    targets = Table(title="Targets")
    for col in ("check", "target", "value", "met"):
        targets.add_column(col)
    for c in report.targets:
        targets.add_row(c.name, c.target, f"{c.value:.4f}", "yes" if c.met else "[red]NO[/]")
    console.print(targets)
    console.print(f"ROC plot: {report.plot}")
