"""Helpers every CLI module shares: JSON output on stdout, errors on stderr, the 'not yet' exit."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from pydantic import BaseModel
from rich.markup import escape

from underwrite.core.console import message_console

# Progress and messages go to stderr so that `--json` leaves stdout as exactly one JSON document.
err_console = message_console()

NOT_AVAILABLE_EXIT = 2


def not_available(command: str, issue: int) -> NoReturn:
    err_console.print(f"[yellow]`underwrite {command}` is not available yet[/] (tracked in issue #{issue}).")
    raise typer.Exit(NOT_AVAILABLE_EXIT)


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[red]error:[/] {escape(message)}")  # a message may hold "[...]"
    raise typer.Exit(code)


def print_json(payload: Any) -> None:
    """Write one JSON document to stdout."""
    if isinstance(payload, BaseModel):
        text = payload.model_dump_json(indent=2)
    else:
        text = json.dumps(payload, indent=2, default=_default)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    return str(obj)
