"""`underwrite index …` and `underwrite search`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from underwrite.cli.common import err_console, fail, print_json

index_app = typer.Typer(help="Build the Chroma index of policy and precedents.", no_args_is_help=True)

_FILTER = re.compile(r"^\s*([A-Za-z_]+)\s*(>=|<=|!=|>|<|=)\s*(.+?)\s*$")
_OPS = {"=": "$eq", "!=": "$ne", ">": "$gt", ">=": "$gte", "<": "$lt", "<=": "$lte"}


@contextmanager
def _stage_progress() -> Iterator[Any]:
    """Progress on stderr (a bar on a terminal, a line per 10% otherwise); yields a StageCallback."""
    if not err_console.is_terminal:

        def plain_stage(name: str) -> Any:
            last = [-1]

            def update(done: int, total: int) -> None:
                tenth = 10 * done // max(total, 1)
                if total and tenth != last[0]:
                    last[0] = tenth
                    err_console.print(f"embedding {name}: {done}/{total}")

            return update

        yield plain_stage
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
    ) as progress:

        def stage(name: str) -> Any:
            task = progress.add_task(f"embedding {name}", total=None)

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=max(total, 1))

            return update

        yield stage


@index_app.command("build")
def index_build(
    precedent_limit: Annotated[
        int | None, typer.Option(help="Index only the first N precedents (quick trials, tests)")
    ] = None,
    no_precedents: Annotated[bool, typer.Option("--no-precedents", help="Policy manual only")] = False,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ingest the policy manual and precedent cases into Chroma (idempotent)."""
    from underwrite.retrieval.index import build_index
    from underwrite.retrieval.store import StoreUnavailableError

    try:
        with _stage_progress() as stage:
            report = build_index(precedents=not no_precedents, precedent_limit=precedent_limit, stage=stage)
    except StoreUnavailableError as exc:
        fail(str(exc))
    if json_out:
        print_json(report)
        return
    table = Table(title=f"index ({report.mode}: {report.location}) — policy {report.policy_version}")
    for column in ("collection", "added", "updated", "unchanged", "deleted"):
        table.add_column(column, justify="right" if column != "collection" else "left")
    for sync in filter(None, (report.policy, report.precedents)):
        table.add_row(
            sync.collection, *(str(getattr(sync, c)) for c in ("added", "updated", "unchanged", "deleted"))
        )
    err_console.print(table)
    typer.echo(
        " ".join(
            f"{s.collection}: added={s.added} updated={s.updated} unchanged={s.unchanged} deleted={s.deleted}"
            for s in filter(None, (report.policy, report.precedents))
        )
    )


def parse_filters(raw: list[str]) -> dict[str, Any]:
    """``key=value``, ``key>=number`` … → Chroma filters; numbers are typed, text stays text."""
    filters: dict[str, Any] = {}
    for item in raw:
        match = _FILTER.match(item)
        if not match:
            raise ValueError(f"bad filter {item!r}: write key=value or key>=number")
        key, op, text = match.groups()
        value: Any = text
        try:
            value = json.loads(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else text
        except ValueError:
            value = text
        if op != "=" and op != "!=" and not isinstance(value, int | float):
            raise ValueError(f"filter {item!r}: {op} needs a number")
        condition = value if op == "=" else {_OPS[op]: value}
        if key in filters:
            previous = filters[key] if isinstance(filters[key], dict) else {"$eq": filters[key]}
            if not isinstance(condition, dict):
                condition = {"$eq": condition}
            overlap = set(previous) & set(condition)
            if overlap:
                raise ValueError(f"filter on {key!r} repeats {', '.join(sorted(overlap))}")
            condition = {**previous, **condition}
        filters[key] = condition
    return filters


def search(
    query: Annotated[str, typer.Argument(help="Question or keywords")],
    k: Annotated[int, typer.Option(help="Results to return")] = 5,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    precedents: Annotated[bool, typer.Option("--precedents", help="Search past cases, not policy")] = False,
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Precedent metadata filter, e.g. outcome=defaulted, amount>=5000"),
    ] = None,
    mode: Annotated[
        str, typer.Option(help="Policy search mode: hybrid | hybrid_rrf | dense | lexical")
    ] = "hybrid",
) -> None:
    """Search policy sections (default) or precedent cases (--precedents)."""
    from underwrite.retrieval.index import ensure_policy_index
    from underwrite.retrieval.search import (
        IndexNotBuiltError,
        QueryError,
        search_policy_result,
        search_precedents_result,
    )
    from underwrite.retrieval.store import StoreUnavailableError

    if filters and not precedents:
        fail("--filter applies to precedent search; add --precedents")
    if mode not in ("hybrid", "hybrid_rrf", "dense", "lexical"):
        fail(f"unknown mode {mode!r}; use hybrid, hybrid_rrf, dense or lexical")
    try:
        parsed = parse_filters(filters or [])
        if not precedents:
            ensure_policy_index()
        if precedents:
            result: Any = search_precedents_result(query, k, parsed or None)
        else:
            result = search_policy_result(query, k, mode)  # type: ignore[arg-type]
    except (QueryError, ValueError) as exc:
        fail(str(exc))
    except (IndexNotBuiltError, StoreUnavailableError) as exc:
        fail(str(exc))
    for note in result.notes:
        err_console.print(f"[yellow]note:[/] {note}")
    if json_out:
        print_json(result)
        return
    if precedents:
        for hit in result.hits:
            typer.echo(f"{hit.case_id}  similarity={hit.similarity:.3f}  {hit.decision}/{hit.outcome}")
            typer.echo(f"    {hit.summary}")
        return
    for hit in result.hits:
        typer.echo(
            f"{hit.section_id}  {hit.title}  score={hit.score:.3f} rank={hit.rank_score:.4f}"
            f"  [{', '.join(hit.matched_by)}]"
        )
        typer.echo("    " + hit.text[:300].replace("\n", " ") + ("…" if len(hit.text) > 300 else ""))
