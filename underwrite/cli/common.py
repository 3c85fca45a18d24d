"""Helpers every CLI module shares: JSON output on stdout, errors on stderr."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.markup import escape

from underwrite.core.console import err_console, print_json

__all__ = ["err_console", "fail", "print_json"]


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[red]error:[/] {escape(message)}")  # a message may hold "[...]"
    raise typer.Exit(code)
