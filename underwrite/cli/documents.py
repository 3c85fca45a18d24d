"""`underwrite packets …` and `underwrite read`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from underwrite.cli.common import err_console, fail, print_json
from underwrite.core.console import message_console

packets_app = typer.Typer(help="Generate application packets from real dataset rows.", no_args_is_help=True)


@packets_app.command("generate")
def packets_generate(
    dataset: Annotated[
        str,
        typer.Option(
            help="Packet dataset: german (German credit rows) or sme (a synthetic small-business "
            "extension built on German credit rows); the other training datasets have no packet generator"
        ),
    ],
    n: Annotated[int, typer.Option(help="Number of packets")],
    out: Annotated[Path, typer.Option(help="Output directory")],
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Write N application packets (PDF/DOCX documents + truth.json) under OUT."""
    from underwrite.core.datasets import DatasetError
    from underwrite.synth import PACKET_DATASETS, PacketError, generate_packets

    if dataset not in PACKET_DATASETS:  # say so before a progress bar appears
        fail(f"no packet generator for {dataset!r}; choose one of {', '.join(PACKET_DATASETS)}")
    with Progress(console=err_console, transient=False) as progress:
        task = progress.add_task(f"{dataset} packets", total=n)
        try:
            folders = generate_packets(dataset, n, out, seed, on_packet=lambda _: progress.advance(task))
        except (PacketError, DatasetError) as exc:
            fail(str(exc))
    err_console.print(f"wrote {len(folders)} packets under {out}")


def _read_one(path: Path) -> dict[str, Any]:
    from underwrite.tools.intake import read_documents
    from underwrite.tools.intake.extraction import extract_facts, missing_fields
    from underwrite.tools.intake.packet import load_application

    if path.is_dir():
        application, failures = load_application(path)
        return {
            "path": str(path),
            "application_id": application.application_id,
            "documents": application.documents,
            "facts": application.facts,
            "missing": missing_fields(application.facts, application.request.product),
            "failures": failures,
        }
    documents, failures = read_documents([path])
    facts = extract_facts(documents)
    return {"path": str(path), "documents": documents, "facts": facts, "failures": failures}


def read(
    paths: Annotated[list[Path], typer.Argument(help="Files or packet folders")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Read documents and extract facts with provenance. Exit 1 only if nothing could be read."""
    results = [_read_one(path) for path in paths]
    read_count = sum(len(r["documents"]) for r in results)
    if json_out:
        print_json({"results": results, "documents_read": read_count})
    else:
        _print_results(results)
    if read_count == 0:
        raise typer.Exit(1)


def _print_results(results: list[dict[str, Any]]) -> None:
    console = message_console(stderr=False)
    for result in results:
        docs = {d.doc_id: d for d in result["documents"]}
        title = result.get("application_id") or result["path"]
        table = Table(title=f"{title}: {len(docs)} documents, {len(result['facts'])} facts")
        table.add_column("fact", no_wrap=True)
        for column in ("value", "method", "document", "page", "quote"):
            table.add_column(column, overflow="fold")
        for fact in result["facts"]:
            src = fact.source
            doc_name = docs[src.doc_id].filename if src and src.doc_id in docs else ""
            quote = (src.quote[:50] + "…") if src and len(src.quote) > 50 else (src.quote if src else "")
            table.add_row(fact.name, str(fact.value), fact.method.value, doc_name,
                          str(src.page) if src else "", quote)  # fmt: skip
        console.print(table)
        for doc in result["documents"]:
            flags = f" flags={','.join(doc.flags)}" if doc.flags else ""
            console.print(f"  {doc.filename}: {doc.kind}, {len(doc.pages)} page(s){flags}")
        if result.get("missing"):
            console.print(f"  missing (left for the LLM layer or not found): {', '.join(result['missing'])}")
        for failure in result["failures"]:
            console.print(f"  [red]{failure.error_type}[/]: {escape(failure.message)}")
