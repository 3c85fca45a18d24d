"""`underwrite bench lda`: less-discriminatory-alternative search on the production score models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import err_console, fail, print_json


def bench_lda(
    datasets: Annotated[str, typer.Option(help="Comma-separated: german, hmda")] = "german,hmda",
    bundle: Annotated[
        Path | None, typer.Option(help="Bundle to review (one dataset only; default: the production one)")
    ] = None,
    resamples: Annotated[int | None, typer.Option(min=50, help="Bootstrap resamples")] = None,
    card: Annotated[
        bool, typer.Option("--card/--no-card", help="Record the chosen alternative in the model card")
    ] = True,
    holdout: Annotated[
        bool,
        typer.Option(
            "--holdout/--population",
            help="Search on the bundle's hold-out (one refit per variant) instead of every applicant "
            "out-of-fold (five)",
        ),
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Report folder (default UW_HOME/outputs)")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search feature and hyper-parameter alternatives for the production model's flagged disparities."""
    from underwrite.bench.lda import LDA_DATASETS, markdown, record_in_card, run_lda
    from underwrite.core.settings import get_settings

    chosen = [d.strip() for d in datasets.split(",") if d.strip()]
    unknown = [d for d in chosen if d not in LDA_DATASETS]
    if unknown or not chosen:
        fail(f"unknown dataset(s) {unknown}; choose from {', '.join(LDA_DATASETS)}")
    if bundle is not None and len(chosen) != 1:
        fail("--bundle reviews one model: name exactly one dataset with --datasets")
    out_dir = out or get_settings().outputs_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    reports, texts = [], []
    for name in chosen:
        with err_console.status(f"LDA search on {name}") as status:
            found, path = run_lda(
                name,
                bundle,
                resamples,
                progress=lambda d, i, n: status.update(f"{d} ({i + 1}/{n})"),
                holdout=holdout,
            )
        if card:
            record_in_card(found, path)
            err_console.print(f"recorded in the model card: {path / 'model_card.md'}")
        reports += [r.model_dump(mode="json") for r in found]
        texts += [markdown(r) for r in found]
    (out_dir / "bench_lda.json").write_text(json.dumps(reports, indent=2))
    (out_dir / "bench_lda.md").write_text("\n".join(texts))
    err_console.print(f"report: {out_dir / 'bench_lda.md'}")
    if json_out:
        print_json(reports)
        return
    typer.echo("\n".join(texts))
