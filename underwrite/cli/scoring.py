"""`underwrite train`, `underwrite score` and `underwrite bench federated`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from underwrite.cli.common import err_console, fail, print_json


def train(
    dataset: Annotated[str | None, typer.Option(help="Built-in dataset name")] = None,
    csv: Annotated[
        Path | None, typer.Option(help="Any tabular CSV (or .xlsx workbook) with a binary target")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target column (1/positive = default)")] = None,
    out: Annotated[Path | None, typer.Option(help="Bundle directory")] = None,
    text: Annotated[str, typer.Option(help="auto | none | serialised | prose")] = "auto",
    all_rows: Annotated[
        bool, typer.Option("--all-rows", help="Built-in data: also train on the evaluation holdout")
    ] = False,
    cv_folds: Annotated[int, typer.Option(min=2, max=10, help="Folds for the model card's CV")] = 5,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    federated: Annotated[
        bool, typer.Option("--federated", help="Train across silos with Flower (built-in --dataset only)")
    ] = False,
    silos: Annotated[int, typer.Option(min=2, max=8, help="Federated: number of silos")] = 3,
    split: Annotated[str, typer.Option(help="Federated: natural (non-IID by a key) | iid")] = "natural",
    rounds: Annotated[int, typer.Option(min=1, max=200, help="Federated: FedProx rounds")] = 20,
    splines: Annotated[
        bool, typer.Option(help="Federated: hinge columns at federated quartile knots of each numeric input")
    ] = True,
    secagg: Annotated[
        bool,
        typer.Option(help="Federated: SuperLink/SuperNode processes, every round under SecAgg+ (slow)"),
    ] = False,
    compare: Annotated[
        bool | None,
        typer.Option(
            "--compare/--no-compare",
            help="Also run the benchmark's peer comparison on this data (default: on for --csv)",
        ),
    ] = None,
) -> None:
    """Train a score model bundle with a model card."""
    if federated:
        _train_federated(dataset, out, silos, split, rounds, json_out, splines, secagg, text)
        return
    from underwrite.core.datasets import DatasetError, holdout_split, load_dataset
    from underwrite.core.settings import get_settings
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset, load_csv
    from underwrite.tools.scoring.train import train_bundle
    from underwrite.tools.scoring.training_errors import TrainingDataError

    if (dataset is None) == (csv is None):
        fail("give exactly one of --dataset NAME or --csv PATH")
    if text not in ("auto", "none", "serialised", "prose"):
        fail(f"--text must be auto, none, serialised or prose, not {text!r}")
    config = load_config()
    try:
        if csv is not None:
            if not target:
                fail("--csv needs --target COLUMN (the binary outcome, 1 = bad)")
            training = load_csv(csv, target, config)
        else:
            assert dataset is not None
            if target not in (None, "target"):
                fail(f"built-in datasets have their outcome in column 'target', not {target!r}")
            loaded = load_dataset(dataset)
            rows = None if all_rows else holdout_split(loaded)[0]
            training = from_dataset(loaded, config, rows=rows)
    except (TrainingDataError, DatasetError) as exc:
        fail(str(exc))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out_dir = out or get_settings().models_dir / f"{training.name}-{stamp}"
    if (out_dir / "manifest.json").exists():
        fail(f"{out_dir} already holds a bundle; choose another --out")
    err_console.print(
        f"training on {training.name}: {len(training.y)} rows, bad rate {training.y.mean():.1%}"
    )
    if csv is not None:  # what was read how, and what was left out: the analyst checks this first
        err_console.print(f"read {training.source}", markup=False)
        for column, why in training.schema.excluded.items():
            err_console.print(f"  not an input: {column}: {why}", markup=False)
        for name, (raw, ref) in training.schema.durations.items():
            err_console.print(f"  derived input: {name} = years from {raw} to {ref}", markup=False)
    result = train_bundle(training, out_dir, text=text, config=config, cv_folds=cv_folds)  # type: ignore[arg-type]
    comparison = None
    if compare if compare is not None else csv is not None:
        from underwrite.bench.scoring import benchmark_dataset

        results, diffs, _roc = benchmark_dataset(training, config, cv_folds, repeats=2, fused=False)
        comparison = {
            "results": [r.model_dump(mode="json") for r in results],
            "paired": [d.model_dump(mode="json") for d in diffs],
        }
    if json_out:
        payload = {"path": str(result.path), "model_version": result.model_version, "card": result.card}
        print_json({**payload, "comparison": comparison} if comparison else payload)
        return
    cv = result.cv
    typer.echo(f"bundle  {result.path}\nversion {result.model_version}\ntext    {result.text_variant}")
    typer.echo(f"CV AUC  {cv.auc_mean:.4f} ± {cv.auc_sd:.4f}  KS {cv.ks_mean:.4f}  Brier {cv.brier_mean:.4f}")
    if comparison:
        from rich.console import Console

        from underwrite.cli.scoring_bench import print_peer_comparison

        title = f"Peers on {training.name}: {cv_folds}-fold x 2 repeated stratified CV (same folds for all)"
        print_peer_comparison(Console(width=120), title, results, diffs)


def _train_federated(
    dataset: str | None,
    out: Path | None,
    silos: int,
    split: str,
    rounds: int,
    json_out: bool,
    splines: bool = True,
    secagg: bool = False,
    text: str = "none",
) -> None:
    from underwrite.core.datasets import DATASETS
    from underwrite.core.settings import get_settings
    from underwrite.tools.scoring.federated.bundle import train_federated
    from underwrite.tools.scoring.federated.runner import FederatedRunError, RunOptions

    if dataset is None or dataset not in DATASETS:
        fail(f"--federated needs --dataset, one of {', '.join(DATASETS)}")
    if split not in ("natural", "iid"):
        fail(f"--split must be natural or iid, not {split!r}")
    # The product's `auto` text choice needs pooled out-of-fold AUC, which no party has here.
    text = "none" if text == "auto" else text
    if text not in ("none", "serialised", "prose"):
        fail(f"--text for --federated must be none, serialised or prose, not {text!r}")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    settings = get_settings()
    out_dir = out or settings.models_dir / f"{dataset}-federated-{stamp}"
    if (out_dir / "manifest.json").exists():
        fail(f"{out_dir} already holds a bundle; choose another --out")
    # Silo files, certificates and process logs stand in for the institutions: never in the bundle.
    run_dir = settings.outputs_dir / "federated" / f"{dataset}-{split}{silos}-{stamp}"
    err_console.print(
        f"federated training on {dataset}: {silos} silos ({split}), {rounds} rounds; run in {run_dir}"
    )
    try:
        _run, card = train_federated(
            dataset,
            out_dir,
            run_dir,
            RunOptions(
                silos=silos,
                split=split,
                rounds=rounds,
                splines=splines,
                secagg=secagg,
                text=text,
                # A SuperNode starts a ClientApp process per message (4 per SecAgg+ round): minutes.
                timeout_s=3600.0 if secagg else 600.0,
            ),
        )
    except (FederatedRunError, ValueError) as exc:
        fail(str(exc))
    if json_out:
        print_json({"path": str(out_dir), "model_version": card["model_version"], "card": card})
        return
    fed, h = card["federation"], card["holdout"]
    typer.echo(f"bundle  {out_dir}\nversion {card['model_version']}")
    typer.echo(f"holdout AUC {h['auc']:.4f}  KS {h['ks']:.4f}  Brier {h['brier']:.4f}")
    typer.echo(f"bytes   {fed['bytes_to_silos']:,} to silos, {fed['bytes_from_silos']:,} from silos")
    for name, info in fed["silos"].items():
        typer.echo(f"  {name}: {info['rows']} rows, keys {', '.join(info['keys'])}")
    if fed["dropped_silos"]:
        typer.echo(f"dropped silos (round): {fed['dropped_silos']}")


def score(
    packet_dir: Annotated[Path, typer.Argument(help="Application packet folder")],
    bundle: Annotated[
        Path | None, typer.Option(help="Model bundle (default: the German default model)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score one application packet: PD, grade, reasons."""
    if not packet_dir.is_dir():
        fail(f"{packet_dir} is not a packet folder")
    from underwrite.tools.intake.packet import load_application
    from underwrite.tools.scoring import score_application
    from underwrite.tools.scoring.bundle import BundleError

    app, failures = load_application(packet_dir)
    try:
        result = score_application(app, bundle=bundle)
    except BundleError as exc:  # a wrong --bundle or UW_SCORE_BUNDLE: say which, no traceback
        fail(str(exc))
    payload = {
        "application_id": app.application_id,
        "score": result.model_dump(mode="json"),
        "document_failures": [f.model_dump(mode="json") for f in failures],
    }
    if json_out:
        print_json(payload)
        return
    typer.echo(f"{app.application_id}: PD {result.pd:.2%}  grade {result.grade}  ({result.model_version})")
    for reason in result.reasons:
        typer.echo(f"  {reason.code}  {reason.text}  (+{reason.contribution:.3f})")
    if result.unreliable_reason:
        typer.echo(f"  UNRELIABLE: {result.unreliable_reason} (CP-13.1: not relied upon, refer)")
    elif result.missing_inputs:
        typer.echo(f"  missing inputs: {', '.join(result.missing_inputs)}")
    if result.decoded_inputs:
        typer.echo(f"  read from the statement (not stated): {', '.join(result.decoded_inputs)}")


def bench_federated(
    dataset: Annotated[str, typer.Option(help="german | credit_data | lending_club")] = "german",
    silos: Annotated[int, typer.Option(min=2, max=8)] = 3,
    split: Annotated[str, typer.Option(help="natural | iid")] = "natural",
    rounds: Annotated[int, typer.Option(min=1, max=200, help="FedProx rounds")] = 20,
    dp_clip: Annotated[float, typer.Option(min=0.0, help="Clip each update to this L2 norm (0 = off)")] = 0.0,
    dp_noise: Annotated[
        float, typer.Option(min=0.0, help="Gaussian noise sd as a multiple of --dp-clip")
    ] = 0.0,
    splines: Annotated[bool, typer.Option(help="Hinge columns at federated quartile knots")] = True,
    text: Annotated[
        str, typer.Option(help="none | serialised | prose: each silo embeds its own text")
    ] = "none",
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Pooled vs each silo alone vs federated (real Flower processes) on the evaluation holdout."""
    from rich.console import Console

    from underwrite.core.settings import get_settings
    from underwrite.tools.scoring.federated.bench import run_bench
    from underwrite.tools.scoring.federated.runner import FederatedRunError

    if split not in ("natural", "iid"):
        fail(f"--split must be natural or iid, not {split!r}")
    if text not in ("none", "serialised", "prose"):
        fail(f"--text must be none, serialised or prose, not {text!r}")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    work = get_settings().outputs_dir / "federated" / f"bench-{dataset}-{split}{silos}-{stamp}"
    try:
        report = run_bench(
            dataset,
            silos,
            split,
            rounds,
            work,
            dp_clip=dp_clip,
            dp_noise=dp_noise,
            use_splines=splines,
            text=text,  # type: ignore[arg-type]
        )
    except (FederatedRunError, ValueError) as exc:
        fail(str(exc))
    if json_out:
        print_json(report.model_dump(mode="json"))
        return
    table = Table(title=f"Federated benchmark: {dataset}, {silos} silos ({split}), {rounds} rounds, holdout")
    for col in ("model", "segment", "n", "AUC", "KS", "Brier"):
        table.add_column(col)
    for r in report.rows:
        table.add_row(r.model, r.segment, str(r.n), f"{r.auc:.4f}", f"{r.ks:.4f}", f"{r.brier:.4f}")
    console = Console(width=120)
    console.print(table)
    console.print(
        f"silo rows {report.silo_rows}; parameter bytes {report.bytes_to_silos:,} to / "
        f"{report.bytes_from_silos:,} from silos"
    )
    console.print(f"targets: {report.targets}")
