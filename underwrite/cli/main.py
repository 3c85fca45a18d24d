"""The `underwrite` console script: wiring only; each command lives in its area's module."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape

from underwrite.cli import (
    agent,
    api,
    batch,
    bench_text,
    documents,
    evals,
    fairness,
    llm,
    retrieval,
    scoring,
    scoring_bench,
    ui,
)
from underwrite.cli.common import err_console, print_json

app = typer.Typer(
    name="underwrite",
    help="LLM-agent credit underwriting assistant.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _startup(ctx: typer.Context) -> None:
    """Runs before every command: log lines are masked whichever module writes them, and the
    configured database is upgraded to this build's schema (or refused if a newer build wrote it)."""
    from underwrite.records.log_masking import install_log_masking

    install_log_masking()
    if ctx.invoked_subcommand not in _NO_DATABASE:
        _open_database()


# Commands that must work without a reachable database (diagnosis, help).
_NO_DATABASE = {"config", None}


def _open_database() -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from underwrite.cli.common import fail
    from underwrite.core.db import get_engine
    from underwrite.core.migrations import SchemaTooNewError
    from underwrite.core.settings import get_settings

    try:
        get_engine()
    except SchemaTooNewError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        url = get_settings().public_dict()["resolved_database_url"]
        fail(f"cannot open or upgrade the database {url}: {exc.__class__.__name__}: {exc}")


bench_app = typer.Typer(help="Benchmarks, reported as ratios against baselines.", no_args_is_help=True)


@app.command("config")
def config(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show the effective settings (secrets masked)."""
    from underwrite.core.settings import get_settings
    from underwrite.llm.cpu import cpu_report
    from underwrite.llm.embedded import EmbeddedSettings

    data = get_settings().public_dict()
    cpu = cpu_report(EmbeddedSettings().extra_buffers)
    if json_out:
        print_json({**data, "cpu": cpu.model_dump()})
        return
    for key, value in data.items():
        typer.echo(f"{key} = {value}")
    typer.echo(f"cpu = {cpu.one_line()}")


app.command("demo")(ui.demo)
app.command("ui")(ui.ui)
app.add_typer(ui.users_app, name="users")
app.add_typer(documents.packets_app, name="packets")
app.command("read")(documents.read)
app.command("train")(scoring.train)
app.command("score")(scoring.score)
app.add_typer(bench_app, name="bench")
bench_app.command("scoring")(scoring_bench.bench_scoring)
bench_app.command("federated")(scoring.bench_federated)
bench_app.command("batch")(batch.bench_batch)
bench_app.command("llm")(llm.bench_llm)
bench_app.command("lda")(fairness.bench_lda)
bench_app.command("encoder")(bench_text.bench_encoder)
bench_app.command("text")(bench_text.bench_text)
app.add_typer(retrieval.index_app, name="index")
app.command("search")(retrieval.search)
app.add_typer(llm.llm_app, name="llm")
app.command("memo")(agent.memo)
app.add_typer(batch.queue_app, name="queue")
app.command("batch")(batch.batch)
app.command("eval")(evals.run_eval)
app.add_typer(agent.audit_app, name="audit")
app.command("api")(api.api)
app.add_typer(api.apikeys_app, name="apikeys")


def main() -> None:
    try:
        app()
    except ValidationError as exc:
        # Settings are read lazily, deep inside commands: a bad UW_* value must read as one line
        # naming the setting, not as a traceback. Other validation errors are bugs: re-raised.
        if not exc.title.endswith("Settings"):
            raise
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        err_console.print(
            f"[red]error:[/] invalid setting ({exc.title}, from the UW_* environment variables): "
            f"{escape(problems)}",
            soft_wrap=True,
        )
        raise SystemExit(2) from None
    except Exception as exc:
        # A full data directory can surface anywhere (a file write, SQLite, the checkpointer):
        # one sentence saying so, not a traceback.
        from underwrite.core.disk_full import disk_full_message, is_disk_full
        from underwrite.core.settings import get_settings

        if not is_disk_full(exc):
            raise
        err_console.print(
            f"[red]error:[/] {escape(disk_full_message(get_settings().home))} "
            f"({escape(type(exc).__name__)}: {escape(str(exc)[:300])})",
            soft_wrap=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
