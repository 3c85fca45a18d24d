"""`underwrite ui` and `underwrite demo`."""

from __future__ import annotations

from typing import Annotated

import typer

from underwrite.cli.common import not_available


def ui(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 7860,
) -> None:
    """Open the underwriter workbench."""
    not_available("ui", 8)


def demo() -> None:
    """Prepare everything on first run, then open the workbench."""
    not_available("demo", 8)
