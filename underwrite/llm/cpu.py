"""What the CPU offers and what llama.cpp uses of it, so a crash on an unusual CPU is explainable.

Why this exists: on an Intel Xeon that advertises AMX, llama.cpp's AMX matrix kernels (reached
through its "extra buffer types", i.e. repacked weight buffers) died with SIGSEGV on the first
completion. Weights in those buffers are the only way llama.cpp reaches AMX, so loading the model
without extra buffer types (``llama_model_params.use_extra_bufts = false``) runs on every x86-64 CPU.
Measured on SmolLM2-135M Q4_1 (the shipped model) on an AVX-512 CPU without AMX: no speed lost with
them off (see the README's LLM section), so off is the default and ``UW_LLAMACPP_EXTRA_BUFFERS=on``
opts back in on a machine where they are known to work.
"""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

ExtraBuffers = Literal["off", "on", "auto"]

# Flags of /proc/cpuinfo that change which llama.cpp kernels run.
_INTERESTING = (
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "f16c",
    "avx512f",
    "avx512bw",
    "avx512vl",
    "avx512_vnni",
    "avx512_bf16",
    "avx_vnni",
    "amx_tile",
    "amx_int8",
    "amx_bf16",
)
_AMX = ("amx_tile", "amx_int8", "amx_bf16")


class CpuReport(BaseModel):
    """The CPU as the OS describes it and as the installed llama.cpp build uses it."""

    model_name: str
    flags: list[str]
    amx_advertised: bool
    llama_cpp_system_info: str
    extra_buffers: bool
    extra_buffers_reason: str

    def one_line(self) -> str:
        used = "on" if self.extra_buffers else "off"
        return (
            f"CPU: {self.model_name}; flags: {' '.join(self.flags) or 'none of interest'}; "
            f"llama.cpp: {self.llama_cpp_system_info or 'unknown'}; extra buffer types {used} "
            f"({self.extra_buffers_reason})"
        )


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> tuple[str, set[str]]:
    """Model name and flag set of the first CPU (empty on systems without /proc/cpuinfo)."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return "unknown", set()
    name, flags = "unknown", set[str]()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and name == "unknown":
            name = value.strip()
        elif key == "flags" and not flags:
            flags = set(value.split())
    return name, flags


def use_extra_buffers(mode: ExtraBuffers, flags: set[str]) -> tuple[bool, str]:
    """Whether to load the model with llama.cpp's extra buffer types, and why."""
    if mode == "on":
        return True, "UW_LLAMACPP_EXTRA_BUFFERS=on"
    if mode == "off":
        return False, "default: safe on every x86-64 CPU, no speed lost on the shipped Q4_1 model"
    amx = sorted(f for f in _AMX if f in flags)
    if amx:
        return False, f"auto: CPU advertises {', '.join(amx)}, whose llama.cpp kernels crashed before"
    return True, "auto: no AMX advertised"


@lru_cache(maxsize=1)
def llama_system_info() -> str:
    """llama.cpp's own feature line (``AVX2 = 1 | AVX512 = 1 | …``), read in a child process so that
    a library built for another CPU cannot take this process down with SIGILL."""
    code = "import llama_cpp,sys; sys.stdout.write(llama_cpp.llama_print_system_info().decode())"
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    if out.returncode != 0:
        return f"unavailable (llama_cpp import exited with {out.returncode})"
    text = out.stdout.replace("CPU :", "").replace("|", " ")
    return " ".join(text.split()).replace(" = 1", "").strip()


def cpu_report(mode: ExtraBuffers) -> CpuReport:
    name, flags = cpu_flags()
    extra, reason = use_extra_buffers(mode, flags)
    return CpuReport(
        model_name=name,
        flags=[f for f in _INTERESTING if f in flags],
        amx_advertised=any(f in flags for f in _AMX),
        llama_cpp_system_info=llama_system_info(),
        extra_buffers=extra,
        extra_buffers_reason=reason,
    )
