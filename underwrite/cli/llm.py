"""`underwrite llm …`: serve the embedded llama.cpp model or vLLM."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Literal

import typer

from underwrite.cli.common import err_console, fail

llm_app = typer.Typer(help="Serve the LLM (embedded llama.cpp or vLLM).", no_args_is_help=True)


@llm_app.command("serve")
def llm_serve(
    backend: Annotated[str, typer.Option(help="llamacpp (embedded, CPU) or vllm (GPU)")] = "llamacpp",
    model: Annotated[str | None, typer.Option(help="GGUF path (llamacpp) or model name/path (vllm)")] = None,
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (llamacpp: UW_LLM_PORT; vllm: 8000)")] = None,
    served_model_name: Annotated[
        str | None, typer.Option(help="vllm: name clients use (UW_LLM_MODEL)")
    ] = None,
    max_model_len: Annotated[int | None, typer.Option(help="vllm: context length")] = None,
    gpu_memory_utilization: Annotated[float | None, typer.Option(help="vllm: fraction of GPU memory")] = None,
    tensor_parallel_size: Annotated[
        int | None, typer.Option(help="vllm: GPUs to shard the model over")
    ] = None,
    tool_call_parser: Annotated[str | None, typer.Option(help="vllm: override the parser table")] = None,
    chat_template: Annotated[str | None, typer.Option(help="vllm: tool-aware chat template")] = None,
    structured_outputs_backend: Annotated[str | None, typer.Option(help="vllm: xgrammar|guidance|…")] = None,
    legacy_guided_decoding: Annotated[
        bool, typer.Option("--legacy-guided-decoding", help="vllm < 0.10.2: --guided-decoding-backend")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the command, do not run")] = False,
) -> None:
    """Start an OpenAI-compatible LLM server in the foreground (Ctrl-C stops it)."""
    chosen = _backend(backend)
    if chosen == "vllm":
        overrides = {
            "model": model,
            "host": host,
            "port": port,
            "served_model_name": served_model_name,
            "max_model_len": max_model_len,
            "gpu_memory_utilization": gpu_memory_utilization,
            "tensor_parallel_size": tensor_parallel_size,
            "tool_call_parser": tool_call_parser,
            "chat_template": chat_template,
            "structured_outputs_backend": structured_outputs_backend,
        }
        if legacy_guided_decoding:
            overrides["legacy_guided_decoding"] = True
        _serve_vllm({k: v for k, v in overrides.items() if v is not None}, dry_run)
    else:
        _serve_llamacpp(model, host or "127.0.0.1", port, dry_run)


def _backend(value: str) -> Literal["llamacpp", "vllm"]:
    if value == "llamacpp":
        return "llamacpp"
    if value == "vllm":
        return "vllm"
    fail(f"unknown backend {value!r}: use llamacpp or vllm", 2)


def _serve_vllm(overrides: dict[str, object], dry_run: bool) -> None:
    from pydantic import ValidationError

    from underwrite.core.settings import get_settings
    from underwrite.llm.errors import LLMError
    from underwrite.llm.vllm import VLLMSettings, vllm_command

    try:
        cmd = vllm_command(VLLMSettings(**overrides))  # type: ignore[arg-type]
    except (LLMError, ValidationError) as exc:
        fail(str(exc), 2)
    env = dict(os.environ)
    api_key = get_settings().llm_api_key.get_secret_value()
    if api_key and api_key != "not-needed":
        env["VLLM_API_KEY"] = api_key  # via env, not argv: argv is visible in `ps`
    if dry_run:
        sys.stdout.write(shlex.join(cmd) + "\n")
        if "VLLM_API_KEY" in env:
            err_console.print("(API key passed as VLLM_API_KEY in the environment)")
        return
    if shutil.which("vllm") is None:
        fail("vLLM is not installed here; on a CUDA machine run: pip install 'underwrite[gpu]'")
    err_console.print(f"running: {shlex.join(cmd)}")
    try:
        code = subprocess.run(cmd, env=env, check=False).returncode
    except KeyboardInterrupt:
        code = 130
    raise typer.Exit(code)


def _serve_llamacpp(model: str | None, host: str, port: int | None, dry_run: bool) -> None:
    from underwrite.core.settings import get_settings
    from underwrite.llm.cpu import cpu_report
    from underwrite.llm.embedded import (
        EmbeddedSettings,
        resolve_model_path,
        server_command,
        start_embedded,
    )
    from underwrite.llm.errors import EmbeddedLLMError

    settings = get_settings()
    embedded = EmbeddedSettings()
    try:
        path = Path(model) if model else resolve_model_path(embedded)
        if not path.is_file():
            raise EmbeddedLLMError(f"model file is missing: {path}")
        if dry_run:
            cmd = server_command(
                path,
                host=host,
                port=port if port is not None else settings.llm_port,
                alias=settings.llm_model,
                n_ctx=settings.llm_ctx,
                embedded=embedded,
            )
            sys.stdout.write(shlex.join(cmd) + "\n")
            return
        err_console.print(cpu_report(embedded.extra_buffers).one_line(), soft_wrap=True)
        with err_console.status("loading the embedded model…"):
            server = start_embedded(settings, host=host, port=port, model_path=path)
    except EmbeddedLLMError as exc:
        fail(str(exc))
    if server.process is None:
        err_console.print(f"an embedded server for {settings.llm_model!r} is already running at {server.url}")
        sys.stdout.write(server.url + "\n")
        return
    err_console.print(
        f"[green]serving[/] {settings.llm_model!r} at {server.url} (pid {server.process.pid}); "
        f"other processes reuse it (or set UW_LLM_URL={server.url}); Ctrl-C stops it"
    )
    sys.stdout.write(server.url + "\n")
    sys.stdout.flush()
    try:
        while server.process is not None and server.process.poll() is None:
            time.sleep(0.5)
        if server.process is not None:
            fail(f"embedded server exited with code {server.process.returncode}; see {settings.logs_dir}")
    except KeyboardInterrupt:
        err_console.print("stopping…")
    finally:
        server.stop()


def bench_llm(
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    repetitions: Annotated[int, typer.Option("--reps", min=1, max=50, help="Paired repetitions")] = 7,
    max_tokens: Annotated[int, typer.Option(min=1, max=1024, help="Tokens to generate per call")] = 64,
) -> None:
    """Tokens/s of the raw llama.cpp HTTP call vs through LLMClient (same server, same request)."""
    from underwrite.bench.llm import run_llm_bench
    from underwrite.cli.common import print_json
    from underwrite.llm.errors import LLMError

    try:
        with err_console.status("benchmarking the LLM client…") as status:
            report = run_llm_bench(
                repetitions, max_tokens, progress=lambda msg: status.update(f"bench llm: {msg}")
            )
    except LLMError as exc:
        fail(str(exc))
    if json_out:
        print_json(report)
        return
    typer.echo(f"backend: {report.backend} at {report.base_url} ({report.model})")
    typer.echo(
        f"request: max_tokens={report.max_tokens}, temperature=0, {report.repetitions} paired repetitions"
    )
    typer.echo(
        f"completion tokens raw/client: {report.completion_tokens_raw} / {report.completion_tokens_client}"
    )
    typer.echo(f"raw HTTP (httpx)        median tokens/s: {report.raw_http_tokens_per_s_median}")
    typer.echo(f"LLMClient.chat          median tokens/s: {report.client_tokens_per_s_median}")
    if report.inprocess_tokens_per_s_median is not None:
        typer.echo(
            f"in-process llama_cpp    median tokens/s: {report.inprocess_tokens_per_s_median} (reference)"
        )
    verdict = "meets" if report.meets_target else "MISSES"
    typer.echo(
        f"client overhead (median paired time ratio - 1): {report.overhead_ratio_median:+.2%} "
        f"({verdict} target <= {report.target_overhead:.0%})"
    )
    typer.echo(
        f"first token median: raw {report.first_token_raw_s_median * 1000:.1f} ms, "
        f"client {report.first_token_client_s_median * 1000:.1f} ms "
        f"(overhead {report.first_token_overhead_ratio_median:+.2%})"
    )
    typer.echo(
        f"client cost per call vs raw HTTP, zero-latency fake server: "
        f"{report.client_cost_ms_per_call_fake_server:.3f} ms (median of paired differences)"
    )
