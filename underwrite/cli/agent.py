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
