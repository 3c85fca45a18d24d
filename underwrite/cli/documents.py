"""`underwrite packets …` and `underwrite read`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import not_available

packets_app = typer.Typer(help="Generate application packets from real dataset rows.", no_args_is_help=True)


@packets_app.command("generate")
def packets_generate(
    dataset: Annotated[str, typer.Option(help="Dataset name (german, credit_data, lending_club)")],
    n: Annotated[int, typer.Option(help="Number of packets")],
    out: Annotated[Path, typer.Option(help="Output directory")],
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Write N application packets (PDF/DOCX documents + truth.json) under OUT."""
    not_available("packets generate", 2)


def read(
    paths: Annotated[list[Path], typer.Argument(help="Files or packet folders")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Read documents and extract facts with provenance."""
    not_available("read", 2)
