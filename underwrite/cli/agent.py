"""`underwrite memo` and `underwrite audit …`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import not_available

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)


def memo(
    packet_dir: Annotated[Path, typer.Argument(help="Application packet folder")],
    out: Annotated[Path | None, typer.Option(help="Write the memo here (.md/.docx/.pdf/.json)")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the whole underwriting graph on one packet and draft a verified memo."""
    not_available("memo", 6)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check that the audit chain is intact."""
    not_available("audit verify", 6)
