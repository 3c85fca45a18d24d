"""`underwrite eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import not_available


def run_eval(
    suite: Annotated[list[str] | None, typer.Option(help="Suite name (repeatable); default all")] = None,
    out: Annotated[Path | None, typer.Option(help="Report directory")] = None,
    gate: Annotated[bool, typer.Option("--gate", help="Exit non-zero when a bar is missed")] = False,
) -> None:
    """Run the compliance evaluation suites and write the report."""
    not_available("eval", 9)
