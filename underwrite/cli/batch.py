"""`underwrite queue …` and `underwrite batch`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import not_available

queue_app = typer.Typer(help="The durable application queue.", no_args_is_help=True)


@queue_app.command("add")
def queue_add(dirs: Annotated[list[Path], typer.Argument(help="Packet folders")]) -> None:
    """Queue application packets (one per folder)."""
    not_available("queue add", 7)


@queue_app.command("status")
def queue_status(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts and jobs by state."""
    not_available("queue status", 7)


def batch(
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
    concurrency: Annotated[int, typer.Option(help="Applications in flight per worker")] = 4,
) -> None:
    """Draft memos for every queued application."""
    not_available("batch", 7)
