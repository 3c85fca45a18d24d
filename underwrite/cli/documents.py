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


def _read_one(path: Path, llm: Any = None) -> dict[str, Any]:
    from underwrite.synth import load_application
    from underwrite.tools.intake import read_documents
    from underwrite.tools.intake.extraction import extract_facts, missing_fields

    result: dict[str, Any] = {"path": str(path)}
    product: str | None = None
    if path.is_dir():
        application, failures = load_application(path)
        documents, facts = application.documents, application.facts
        result["application_id"] = application.application_id
        product = application.request.product
    else:
        documents, failures = read_documents([path])
        facts = extract_facts(documents)
    if llm is not None:
        from underwrite.tools.intake.extraction.prose_llm import llm_fill

        added = llm_fill(llm, documents, facts)
        facts = [*facts, *added.facts]
        result["llm"] = {
            "facts_added": len(added.facts),
            "facts_dropped": added.dropped,
            "error": added.error,
            "prompt_version": added.prompt_version,
        }
    result.update(documents=documents, facts=facts, failures=failures)
    if path.is_dir():
        result["missing"] = missing_fields(facts, product)
    return result


def read(
    paths: Annotated[list[Path], typer.Argument(help="Files or packet folders")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    llm: Annotated[
        bool,
        typer.Option("--llm", help="Also ask the LLM for prose fields the rules left empty (quote-checked)"),
    ] = False,
) -> None:
    """Read documents and extract facts with provenance. Exit 1 only if nothing could be read."""
    client = None
    if llm:
        from underwrite.llm import LLMClient
        from underwrite.llm.errors import LLMError
        from underwrite.tools.intake.extraction.prose_llm import kept_fields

        if not kept_fields():
            err_console.print(
                "note: --llm asks the embedded model for no prose field (it added none correctly over the "
                "rules in the measurement, README 'Prose'); set UW_PROSE_LLM_FIELDS to ask anyway"
            )
        else:
            try:
                client = LLMClient.from_settings()
            except (LLMError, OSError, RuntimeError) as exc:
                fail(f"the LLM could not be started: {exc}")
    results = [_read_one(path, client) for path in paths]
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
            for note in doc.notes:
                console.print(f"    {note}")
        if result.get("missing"):
            console.print(f"  missing (left for the LLM layer or not found): {', '.join(result['missing'])}")
        if "llm" in result:
            info = result["llm"]
            error = f"; error: {info['error']}" if info["error"] else ""
            console.print(
                f"  LLM: {info['facts_added']} fact(s) added, {info['facts_dropped']} dropped by the "
                f"quote check{error}"
            )
        for failure in result["failures"]:
            console.print(f"  [red]{failure.error_type}[/]: {escape(failure.message)}")
