"""`underwrite index …` and `underwrite search`."""

from __future__ import annotations

from typing import Annotated

import typer

from underwrite.cli.common import not_available

index_app = typer.Typer(help="Build the Chroma index of policy and precedents.", no_args_is_help=True)


@index_app.command("build")
def index_build() -> None:
    """Ingest the policy manual and precedent cases into Chroma (idempotent)."""
    not_available("index build", 4)


def search(
    query: Annotated[str, typer.Argument(help="Question or keywords")],
    k: Annotated[int, typer.Option(help="Results to return")] = 5,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search policy sections."""
    not_available("search", 4)
