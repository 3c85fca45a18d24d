"""`underwrite ui`, `underwrite demo` and `underwrite users …` (workbench accounts)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from underwrite.cli.common import err_console, fail, print_json

users_app = typer.Typer(
    help="Workbench accounts (stored hashed under UW_HOME/users.yaml).", no_args_is_help=True
)


def _serve(host: str, port: int, open_browser: bool) -> None:
    from underwrite.ui.app import launch
    from underwrite.ui.auth import UserConfigError, UserStore
    from underwrite.ui.backend import RealBackend
    from underwrite.ui.service import Workbench

    store = UserStore()
    try:
        if not store.list_users():
            fail(f"no workbench users in {store.path}; add one with `underwrite users add NAME`.")
    except UserConfigError as exc:
        fail(str(exc))
    err_console.print(f"Workbench on [bold]http://{host}:{port}/[/] — Ctrl-C stops it.")
    if open_browser:
        import webbrowser

        webbrowser.open(f"http://{host}:{port}/")
    try:
        launch(Workbench(RealBackend()), store, host=host, port=port, block=True)
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc}")


def ui(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 7860,
    browser: Annotated[bool, typer.Option("--browser", help="Also open a browser tab")] = False,
) -> None:
    """Open the underwriter workbench."""
    _serve(host, port, browser)


def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 7860,
    prepare_only: Annotated[bool, typer.Option("--prepare-only", help="Prepare, do not serve")] = False,
    browser: Annotated[bool, typer.Option("--browser", help="Also open a browser tab")] = False,
    precedent_limit: Annotated[
        int,
        typer.Option(help="Index only the first N precedents for a quick first start; 0 indexes all"),
    ] = 1000,
    api_port: Annotated[int, typer.Option(help="Also serve the REST API on this port; 0: do not")] = 8000,
) -> None:
    """Prepare everything on first run (model, index, users, sample queue), then open the workbench."""
    from underwrite.ui.demo import MissingPiece, demo_steps, read_demo_credentials

    if precedent_limit < 0:
        fail("--precedent-limit must be 0 (all) or more.")

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        for step in demo_steps(precedent_limit or None):
            task = progress.add_task(f"{step.name}…", total=1)
            try:
                result = step.run()
            except MissingPiece as exc:
                progress.update(task, description=f"[red]✗ {step.name}[/]")
                progress.stop()
                fail(f"the demo cannot start: {exc}")
            progress.update(task, completed=1)
            # The result (paths, where the passwords are) as a printed line, which wraps: in the
            # progress column it was cut to the terminal's width ("passwords in /tmp/…/demo-credential…").
            progress.console.print(f"[green]✓[/] {escape(step.name)}: {escape(result)}", highlight=False)
    for username, password, role in read_demo_credentials():
        err_console.print(f"Sign in as [bold]{username}[/] / [bold]{password}[/] ({role})")
    if not prepare_only:
        if api_port:
            from underwrite.cli.api import serve_in_background

            address = serve_in_background(host, api_port)
            err_console.print(
                f"REST API on [bold]{address}[/] (docs at {address}docs; keys: `underwrite apikeys add NAME`)"
            )
        _serve(host, port, browser)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="underwriter or compliance")] = "underwriter",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin")
    ] = False,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite an existing user")] = False,
) -> None:
    """Add a workbench user (the password is prompted for, or read from stdin, and stored hashed)."""
    from underwrite.ui.auth import UserConfigError, UserStore
    from underwrite.ui.models import Role

    try:
        parsed_role = Role(role)
    except ValueError:
        fail(f"unknown role {role!r}; use {' or '.join(r.value for r in Role)}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    try:
        user = UserStore().add_user(username, password, parsed_role, replace=replace)
    except UserConfigError as exc:
        fail(str(exc))
    err_console.print(f"added {user.username} ({user.role.value})")


@users_app.command("list")
def users_list(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List workbench users and their roles."""
    from underwrite.ui.auth import UserConfigError, UserStore

    try:
        users = UserStore().list_users()
    except UserConfigError as exc:
        fail(str(exc))
    if json_out:
        print_json([u.model_dump(mode="json") for u in users])
        return
    for user in users:
        typer.echo(f"{user.username}\t{user.role.value}")
