"""`underwrite train`, `underwrite score` and `underwrite bench scoring`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import not_available


def train(
    dataset: Annotated[str | None, typer.Option(help="Built-in dataset name")] = None,
    csv: Annotated[Path | None, typer.Option(help="Any tabular CSV with a binary target")] = None,
    target: Annotated[str | None, typer.Option(help="Target column (1/positive = default)")] = None,
    out: Annotated[Path | None, typer.Option(help="Bundle directory")] = None,
) -> None:
    """Train a score model bundle with a model card."""
    not_available("train", 3)


def score(
    packet_dir: Annotated[Path, typer.Argument(help="Application packet folder")],
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score one application packet: PD, grade, reasons."""
    not_available("score", 3)


def bench_scoring(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """CV table against baselines, text-recovery test and throughput."""
    not_available("bench scoring", 3)
