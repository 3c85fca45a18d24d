"""Waiting for a freshly started embedded server, and saying in words why one died while loading."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from underwrite.llm.errors import EmbeddedLLMError
from underwrite.llm.localhost import served_models


def wait_ready(process: subprocess.Popen[bytes], url: str, alias: str, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        code = process.poll()
        if code is not None:
            raise EmbeddedLLMError(death_message(code, log_tail(log)))
        if alias in (served_models(url, timeout_s=1.0) or []):
            return
        if time.monotonic() > deadline:
            raise EmbeddedLLMError(
                f"embedded LLM did not become ready at {url} within {timeout_s:g}s "
                f"(raise UW_LLAMACPP_START_TIMEOUT_S); log tail:\n{log_tail(log)}"
            )
        time.sleep(0.2)


def death_message(code: int, tail: str) -> str:
    lowered = tail.lower()
    if code in (-signal.SIGKILL, 128 + signal.SIGKILL):
        cause = "was killed (SIGKILL), most likely by the out-of-memory killer while loading the model"
    elif any(k in lowered for k in ("out of memory", "failed to allocate", "memoryerror", "cannot allocate")):
        cause = "ran out of memory while loading the model"
    elif "address already in use" in lowered:
        cause = "could not bind its port (address already in use); set UW_LLM_PORT"
    elif "failed to load model" in lowered:
        cause = "could not load the model file (corrupt or not a GGUF?)"
    else:
        cause = f"exited with code {code}"
    return f"embedded LLM server {cause}; log tail:\n{tail}"


def log_tail(log: Path, max_chars: int = 2000) -> str:
    try:
        data = log.read_bytes()[-max_chars:]
    except OSError:
        return "(no log)"
    return data.decode("utf-8", errors="replace").strip() or "(empty log)"
