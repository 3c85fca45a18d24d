"""`underwrite memo` and `underwrite audit …`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from underwrite.cli.common import err_console, not_available, print_json

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)


def memo(
    packet_dir: Annotated[Path, typer.Argument(help="Application packet folder")],
    out: Annotated[Path | None, typer.Option(help="Write the memo here (.md/.docx/.pdf/.json)")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the whole underwriting graph on one packet and draft a verified memo."""
    not_available("memo", 6)


@audit_app.command("verify")
def audit_verify(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Check that the audit chain is intact; exit 1 naming the first bad record if it is not."""
    from underwrite.agent.audit import verify_chain

    result = verify_chain()
    if json_out:
        print_json(result)
    elif result.ok:
        err_console.print(f"[green]audit chain intact[/]: {result.records} records")
    else:
        err_console.print(f"[red]audit chain broken[/] at record {result.first_bad_seq}: {result.problem}")
    if not result.ok:
        raise typer.Exit(1)
