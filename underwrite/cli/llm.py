"""`underwrite llm …`."""

from __future__ import annotations

from typing import Annotated

import typer

from underwrite.cli.common import not_available

llm_app = typer.Typer(help="Serve the LLM (embedded llama.cpp or vLLM).", no_args_is_help=True)


@llm_app.command("serve")
def llm_serve(
    backend: Annotated[str, typer.Option(help="llamacpp or vllm")] = "llamacpp",
    model: Annotated[str | None, typer.Option(help="Model path or name")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the command, do not run")] = False,
) -> None:
    """Start an OpenAI-compatible LLM server."""
    not_available("llm serve", 5)
