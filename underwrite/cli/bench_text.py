"""`underwrite bench encoder` (ONNX vs torch) and `underwrite bench text` (what prose adds to the score)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from underwrite.cli.common import print_json


def bench_encoder(
    rows: Annotated[
        int, typer.Option(min=10, max=1000, help="German rows (applications + statements)")
    ] = 200,
    runs: Annotated[int, typer.Option(min=1, max=10, help="Interleaved timing runs per backend")] = 3,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads for every backend alike")] = 1,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Throughput and cosine of the ONNX fp32 / int8 encoder against torch, same texts, same run."""
    from underwrite.bench.encoder import COSINE_TARGET, SAME_BATCHES, SPEED_TARGET, run_encoder_bench

    report = run_encoder_bench(rows=rows, runs=runs, threads=threads)
    if json_out:
        print_json(report.model_dump(mode="json"))
        return
    console = Console(width=120)
    sources = ", ".join(
        f"{k} {v} (~{report.mean_tokens.get(k, 0):.0f} tokens)" for k, v in report.sources.items()
    )
    table = Table(
        title=f"Encoder backends: {report.texts} texts ({sources}), {report.threads} thread(s), "
        f"median of {report.runs} interleaved runs"
    )
    for col in (
        "backend",
        "texts/s",
        "x torch",
        "x torch CPU",
        "x same batches CPU",
        "CPU by source",
        "cos min",
        "cos mean",
        "note",
    ):
        table.add_column(col)
    for r in report.results:
        note = r.error or (
            "meets targets"
            if min(r.ratio_vs_torch, r.cpu_ratio_vs_torch) >= SPEED_TARGET and r.cosine_min >= COSINE_TARGET
            else (
                "reference"
                if r.backend == "torch"
                else "torch in the ONNX batches"
                if r.backend == SAME_BATCHES
                else f"targets: >= {SPEED_TARGET}x, cos >= {COSINE_TARGET}"
            )
        )
        table.add_row(
            r.backend,
            f"{r.texts_per_s:.1f}",
            f"{r.ratio_vs_torch:.2f}",
            f"{r.cpu_ratio_vs_torch:.2f}",
            "" if r.cpu_ratio_vs_same_batches is None else f"{r.cpu_ratio_vs_same_batches:.2f}",
            " / ".join(f"{v:.2f}" for v in r.cpu_ratio_by_source.values()),
            f"{r.cosine_min:.4f}",
            f"{r.cosine_mean:.4f}",
            note,
        )
    console.print(table)


def bench_text(
    folds: Annotated[int, typer.Option(min=2, max=10)] = 5,
    repeats: Annotated[int, typer.Option(min=1, max=10)] = 1,
    pairs: Annotated[int, typer.Option(min=16, help="Fine-tuning pairs per fold")] = 384,
    moved: Annotated[
        str, typer.Option(help="strong (six fields) or original (purpose, job, housing)")
    ] = "strong",
    finetune: Annotated[bool, typer.Option(help="Also fine-tune the encoder per fold (slow on CPU)")] = True,
    frozen_arms: Annotated[
        bool,
        typer.Option(help="Run the frozen / extracted / default-dataset arms (off: ceiling, floor, tuned)"),
    ] = True,
    evidence_out: Annotated[
        Path | None, typer.Option(help="Write the default-fusion evidence JSON here (text_rule.py reads it)")
    ] = None,
    from_report: Annotated[
        list[Path] | None,
        typer.Option(
            help="Read a saved --json report instead of running (for --evidence-out); repeated: "
            "combine runs of adjacent split ranges (--fold-start) into one paired report"
        ),
    ] = None,
    max_folds: Annotated[
        int | None, typer.Option(min=2, help="Score only N splits from --fold-start (paired subset)")
    ] = None,
    fold_start: Annotated[
        int, typer.Option(min=0, help="Skip the first K splits of the same splitter (0-based start)")
    ] = 0,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Frozen vs fine-tuned encoder vs decoded vs extracted facts on the German "text that matters" test."""
    from underwrite.bench.scoring_prose import MOVED_STRONG, MOVED_TO_PROSE
    from underwrite.bench.text_combine import combine_reports
    from underwrite.bench.text_evidence import evidence, report_command
    from underwrite.bench.text_finetune import FinetuneConfig
    from underwrite.bench.text_recovery import TextRecovery, run_text_recovery

    fields = {"strong": MOVED_STRONG, "original": MOVED_TO_PROSE}.get(moved)
    if fields is None:
        raise typer.BadParameter("choose strong or original", param_hint="--moved")
    if from_report:
        reports = [TextRecovery.model_validate_json(p.read_text("utf-8")) for p in from_report]
        try:
            report = reports[0] if len(reports) == 1 else combine_reports(reports)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--from-report") from exc
    else:
        if fold_start >= folds * repeats:
            raise typer.BadParameter(
                f"only {folds * repeats} splits (0 to {folds * repeats - 1})", param_hint="--fold-start"
            )
        report = run_text_recovery(
            folds=folds,
            repeats=repeats,
            tune=FinetuneConfig(pairs=pairs),
            moved=fields,
            finetune=finetune,
            frozen_arms=frozen_arms,
            max_folds=max_folds,
            fold_start=fold_start,
        )
    if evidence_out is not None:
        try:
            made = evidence(report, report_command(report))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--evidence-out") from exc
        evidence_out.write_text(made.model_dump_json(indent=2) + "\n", "utf-8")
    if json_out:
        print_json(report.model_dump(mode="json"))
        return
    console = Console(width=140)
    table = Table(
        title=f"Text that matters: {', '.join(report.moved)} moved into prose; {report.folds}-fold x "
        f"{report.repeats} ({report.folds_run} scored from split {report.fold_start + 1}); "
        f"lost AUC {report.lost_auc:.4f} "
        f"(fold sd {report.lost_auc_sd:.4f})"
    )
    for col in ("arm", "AUC mean", "AUC sd", "vs floor", "sd", "recovery", "95% CI"):
        table.add_column(col)
    for a in report.arms:
        lo, hi = a.recovery_ci
        table.add_row(
            a.arm,
            f"{a.auc_mean:.4f}",
            f"{a.auc_sd:.4f}",
            f"{a.paired_vs_floor:+.4f}",
            f"{a.paired_sd:.4f}",
            f"{a.recovery:.0%}",
            f"{lo:.0%} to {hi:.0%}",
        )
    console.print(table)
    for c in report.contrasts:
        lo, hi = c.recovery_diff_ci
        console.print(
            f"{c.arm} vs {c.baseline}: AUC {c.auc_diff:+.4f} (sd {c.auc_diff_sd:.4f}), "
            f"recovery {c.recovery_diff:+.0%} (95% CI {lo:+.0%} to {hi:+.0%})"
        )
    for name, fill in report.reader_fills.items():
        share = fill.filled / fill.cells if fill.cells else 0.0
        wrong = fill.wrong / fill.filled if fill.filled else 0.0
        console.print(f"{name}: filled {share:.1%} of held-out field values, {wrong:.1%} of those wrongly")
    if report.reader_chosen:
        chosen = ", ".join(f"{t:g}" for t in report.reader_chosen)
        console.print(f"shipped reader's threshold per split, chosen on its training rows: {chosen}")
    console.print(
        f"default dataset, serialised text vs text-free: {report.default_serialised_gain} "
        f"(sd {report.default_serialised_sd}); decoding accuracy: {report.decode_accuracy}; "
        f"rule extraction accuracy: {report.extraction_accuracy}; fine-tuning: {report.finetune}"
    )
