"""Versions of everything a result depends on, and content hashes of its inputs."""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import platform
from pathlib import Path

_LIBRARIES = ("lightgbm", "scikit-learn", "fairlearn", "numpy", "pandas", "langgraph", "chromadb")


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _module_attr(module: str, attr: str) -> str | None:
    """A version constant another area exports, or None while that area has not landed."""
    try:
        value = getattr(importlib.import_module(module), attr)
    except Exception:
        return None
    return str(value() if callable(value) else value)


def collect_versions() -> dict[str, str]:
    """Package, Python, libraries, and the product versions that exist (policy, prompts, LLM)."""
    from underwrite.core.settings import get_settings

    settings = get_settings()
    versions = {
        "underwrite": _dist_version("underwrite"),
        "python": platform.python_version(),
        **{lib: _dist_version(lib) for lib in _LIBRARIES},
        "llm_model": settings.llm_model,
        "llm_url": settings.llm_url or "embedded llama.cpp",
    }
    optional = {
        "policy": ("underwrite.tools.rules", "POLICY_VERSION"),
        "prompts": ("underwrite.prompts", "prompts_version"),
    }
    for key, (module, attr) in optional.items():
        versions[key] = _module_attr(module, attr) or "unavailable"
    return versions


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_tree(root: Path) -> str:
    """One hash for a folder's files (names and bytes), independent of listing order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(sha256_file(path).encode())
    return digest.hexdigest()
