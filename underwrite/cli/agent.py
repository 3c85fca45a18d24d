"""`underwrite memo` and `underwrite audit …`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from underwrite.cli.common import err_console, fail, print_json

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)


def memo(
    packet_dir: Annotated[Path, typer.Argument(help="Application packet folder")],
    out: Annotated[Path | None, typer.Option(help="Write the memo here (.md/.docx/.pdf/.json)")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the whole underwriting graph on one packet and draft a verified memo."""
    import time

    from underwrite.agent.deps import Deps, prepare_components
    from underwrite.agent.errors import WorkflowError
    from underwrite.agent.workflow import step_label
    from underwrite.core.disk_full import is_disk_full
    from underwrite.core.settings import get_settings
    from underwrite.tools.exports import ExportError, write_memo

    if not packet_dir.is_dir():
        fail(f"{packet_dir} is not a folder; give the application packet folder")
    try:
        prepare_components(lambda m: err_console.print(f"[dim]setup:[/] {m}"))
        deps = Deps.default()
    except (RuntimeError, ImportError) as exc:
        fail(f"cannot start the workflow: {exc}")
    from underwrite.agent.step_times import StepTimer
    from underwrite.agent.workflow import draft_memo

    start = time.perf_counter()

    def shown(node: str) -> None:
        err_console.print(f"  [green]✓[/] {step_label(node)} [dim]({timer.last:.2f}s)[/]")

    timer = StepTimer(shown)

    err_console.print(f"[bold]memo[/] {packet_dir.name}")
    try:
        result = draft_memo(packet_dir, deps, on_step=timer)
    except (WorkflowError, ValueError, OSError) as exc:
        if is_disk_full(exc):
            raise  # the console script says "disk full" in one sentence (cli.main)
        fail(f"{packet_dir.name}: {exc}")
    elapsed = time.perf_counter() - start
    target = out or get_settings().outputs_dir / result.application_id / "memo.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_memo(result.memo, target)
    except ExportError as exc:
        fail(str(exc))
    v = result.memo.verification
    if result.reused:
        err_console.print(
            "[dim]drafted by an earlier run and awaiting review (documents unchanged); shown as drafted[/]",
            soft_wrap=True,
        )
    slowest = ", ".join(f"{step_label(k)} {s:.2f}s" for k, s in timer.slowest())
    err_console.print(f"[dim]slowest steps: {slowest}[/]", soft_wrap=True)
    if v.claims_proposed:
        err_console.print(f"claims kept {v.claims_kept} of {v.claims_proposed} proposed", soft_wrap=True)
    err_console.print(
        f"[bold]{result.memo.recommendation.value}[/] · verification {v.narrative_source.value} "
        f"({v.attempts} LLM draft(s)) · {len(result.memo.flags)} flag(s) · {elapsed:.1f}s → {target}",
        soft_wrap=True,
    )
    for flag in result.memo.flags:
        if flag.severity != "info":  # e.g. llm_unavailable: the reader must not miss why
            err_console.print(f"[yellow]flag {flag.code}:[/] {escape(flag.message)}", soft_wrap=True)
    if json_out:
        print_json(
            {
                "application_id": result.application_id,
                "status": result.status,
                "memo_path": str(target),
                "recommendation": result.memo.recommendation.value,
                "verification": result.memo.verification.model_dump(mode="json"),
                "flags": [f.model_dump(mode="json") for f in result.memo.flags],
                "seconds": round(elapsed, 3),
                "step_seconds": timer.seconds,
                "llm_seconds": round(sum(c.latency_s for c in result.llm_calls), 3),
                "memo": result.memo.model_dump(mode="json"),
            }
        )


@audit_app.command("verify")
def audit_verify(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Check the audit trail (hash chain, record MACs, signed checkpoints); say what that proves.

    Exit 0: intact. Exit 1: broken, naming the first bad record. Exit 2: nothing contradicts the
    chain, but part of it cannot be authenticated (records from an older build, no checkpoints)."""
    from underwrite.records.audit import verify_chain

    result = verify_chain()
    if json_out:
        print_json(result)
    elif result.status == "broken":
        err_console.print(f"[red]audit chain broken[/] at record {result.first_bad_seq}: {result.problem}")
    else:
        colour = "green" if result.ok else "yellow"
        err_console.print(f"[{colour}]audit chain {result.status}[/]: {result.records} records")
        for line in result.proved:
            err_console.print(f"  proved: {line}")
        for line in result.not_proved:
            err_console.print(f"  not proved: {line}")
    if result.status != "intact":
        raise typer.Exit(1 if result.status == "broken" else 2)


@audit_app.command("rotate-key")
def audit_rotate_key() -> None:
    """Create a new audit key under UW_HOME/keys and sign new records with it (old keys stay)."""
    from underwrite.core.keys import new_key
    from underwrite.core.settings import get_settings

    if get_settings().audit_key is not None:
        fail("UW_AUDIT_KEY is set and signs new records: rotate it by changing that setting")
    kid = new_key("audit")
    err_console.print(f"new audit key [bold]{kid}[/]; earlier keys are kept to verify older records")


@audit_app.command("export")
def audit_export(
    application_id: Annotated[str, typer.Argument(help="The application whose trail to export")],
    out: Annotated[Path, typer.Option("--out", help="Write the signed export (JSON) here")],
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write the application's audit records, signed (Ed25519), for a receiver to check with
    `underwrite audit verify-export`."""
    from underwrite.core.private_files import write_private
    from underwrite.records.audit import AuditLog
    from underwrite.records.audit_export import build_export

    log = AuditLog()
    entries = log.records(application_id)
    if not entries:
        fail(f"no audit records for application {application_id!r}")
    bundle = build_export(application_id, entries, chain_status=log.verify_chain().status)
    write_private(out, bundle.model_dump_json(indent=2) + "\n")  # pseudonymised, still not public
    summary = {"out": str(out), "records": len(entries), "fingerprint": bundle.signature.fingerprint}
    if json_out:
        print_json(summary)
    else:
        err_console.print(
            f"{len(entries)} records of {escape(application_id)} signed into {escape(str(out))}"
        )
        err_console.print(f"  signing key fingerprint: {bundle.signature.fingerprint}")


@audit_app.command("verify-export")
def audit_verify_export(
    file: Annotated[Path, typer.Argument(help="An export written by `underwrite audit export`")],
    public_key: Annotated[
        str | None,
        typer.Option(help="The signer's public key (base64/hex) or fingerprint (sha256:…) to expect"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check an export's signature and hash links; say what that proves and what it does not.

    Exit 0: the export verifies. Exit 1: it does not (each problem is named)."""
    import json

    from underwrite.records.audit_export_verify import ExportVerdict, verify_export

    try:
        verdict = verify_export(json.loads(file.read_text(encoding="utf-8")), public_key)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        verdict = ExportVerdict(ok=False, problems=[f"cannot read {file} as JSON: {exc}"])
    except ValueError as exc:  # a --public-key that is no key
        fail(f"--public-key: {exc}")
    if json_out:
        print_json(verdict)
    else:
        colour, word = ("green", "verifies") if verdict.ok else ("red", "does NOT verify")
        err_console.print(
            f"[{colour}]export {word}[/]: {verdict.records} records of {verdict.application_id}"
        )
        for line in verdict.problems:
            err_console.print(f"  problem: {escape(line)}")
        for line in verdict.proved:
            err_console.print(f"  proved: {escape(line)}")
        for line in verdict.not_proved:
            err_console.print(f"  not proved: {escape(line)}")
    if not verdict.ok:
        raise typer.Exit(1)


@audit_app.command("public-key")
def audit_public_key(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Print the public key that signs exports, and its fingerprint, for receivers to pin."""
    from underwrite.core.signing_key import encode_key, load_signing_key

    key = load_signing_key()
    if json_out:
        print_json(
            {
                "algorithm": "Ed25519",
                "public_key": encode_key(key.public_bytes),
                "fingerprint": key.fingerprint,
            }
        )
    else:
        typer.echo(f"{encode_key(key.public_bytes)}  {key.fingerprint}")
