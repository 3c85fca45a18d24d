"""`underwrite api` (the REST service) and `underwrite apikeys add/list/revoke` (its keys)."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from underwrite.cli.common import err_console, fail, print_json

apikeys_app = typer.Typer(
    help="REST API keys (stored as sha256 hashes in the database, one role each).", no_args_is_help=True
)
ROLES = "intake (a loan-origination system), underwriter (also decides) or compliance (audit trail)"


def _app(workers: int, callback_allow: list[str] | None = None) -> object:
    from underwrite.api import create_app
    from underwrite.api.context import ApiConfig

    return create_app(ApiConfig(workers=workers, callback_allow=callback_allow or []))


def api(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Memos drafted at once in this process (0: leave them to `underwrite batch`)")
    ] = 2,
    callback_allow: Annotated[
        list[str] | None,
        typer.Option(
            help="A network (CIDR) callbacks may reach although not public, e.g. the LOS's own "
            "(repeatable; by default only public addresses)"
        ),
    ] = None,
) -> None:
    """Serve the REST API (OpenAPI at /docs); queued applications are drafted in this process."""
    import uvicorn

    from underwrite.api.callback_hosts import parse_networks

    if workers < 0:
        fail("--workers must be 0 or more.")
    try:
        parse_networks(callback_allow or [])
    except ValueError as exc:
        fail(str(exc))
    if workers:
        from underwrite.queue.agent_runner import prepare_agent

        prepare_agent(lambda message: err_console.print(f"[dim]{message}[/]"))
    err_console.print(f"REST API on [bold]http://{host}:{port}/[/] (docs at /docs) — Ctrl-C stops it.")
    try:
        uvicorn.run(_app(workers, callback_allow), host=host, port=port, log_level="warning")  # type: ignore[arg-type]
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc}")


def serve_in_background(host: str, port: int) -> str:
    """The API on a daemon thread beside another server (the demo's workbench); its address.

    No in-process worker: the demo's queue waits for the underwriter (or `underwrite batch`)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(_app(0), host=host, port=port, log_level="warning"))  # type: ignore[arg-type]
    threading.Thread(target=server.run, name="rest-api", daemon=True).start()
    return f"http://{host}:{port}/"


@apikeys_app.command("add")
def apikeys_add(
    name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. 'LOS production'")],
    role: Annotated[str, typer.Option(help=ROLES)] = "intake",
    tenant: Annotated[
        str | None,
        typer.Option(help="Scope the key to this tenant's applications (default: it sees every one)"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a key; the token is printed once (stdout) and only its hash is kept."""
    from underwrite.api.keys import ApiKeyError, ApiRole, KeyStore

    try:
        parsed = ApiRole(role)
    except ValueError:
        fail(f"unknown role {role!r}; use {ROLES}.")
    try:
        key = KeyStore().add(name, parsed, tenant)
    except ApiKeyError as exc:
        fail(str(exc))
    if json_out:
        print_json(key.model_dump(mode="json"))
        return
    typer.echo(key.token)
    err_console.print(
        f"added key {key.key_id} ({key.role.value}{', tenant ' + key.tenant if key.tenant else ''}) "
        f"for {key.name}; the token above is shown only once"
    )


@apikeys_app.command("list")
def apikeys_list(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List keys (ids, names, roles, revocation); never the tokens."""
    from underwrite.api.keys import KeyStore

    keys = KeyStore().list()
    if json_out:
        print_json([k.model_dump(mode="json") for k in keys])
        return
    for k in keys:
        revoked = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
        tenant = f"\ttenant={k.tenant}" if k.tenant else ""
        typer.echo(f"{k.key_id}\t{k.role.value}\t{revoked}\t{k.name}{tenant}")


@apikeys_app.command("revoke")
def apikeys_revoke(key_id: Annotated[str, typer.Argument(help="The key id (from `apikeys list`)")]) -> None:
    """Revoke a key at once; calls with it are refused from now on."""
    from underwrite.api.keys import ApiKeyError, KeyStore

    try:
        key = KeyStore().revoke(key_id)
    except ApiKeyError as exc:
        fail(str(exc))
    err_console.print(f"revoked key {key.key_id} ({key.role.value}, {key.name})")
