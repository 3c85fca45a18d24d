"""Embeddings of many texts, cached on disk by content hash so CV folds and reruns never re-embed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from rich.progress import Progress

from underwrite.core.console import message_console
from underwrite.core.settings import get_settings
from underwrite.tools.encoder import embed, encoder_id

# Progress goes to stderr so that `--json` commands keep stdout clean.
_console = message_console()


def _cache_path(texts: list[str]) -> Path:
    digest = hashlib.sha256(encoder_id().encode())
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return get_settings().home / "cache" / "embeddings" / f"{digest.hexdigest()[:24]}.npy"


def embed_cached(texts: list[str], label: str = "embedding", batch: int = 256) -> np.ndarray:
    """Unit-normalised embeddings of ``texts``; loads the cached array when the same texts were seen."""
    path = _cache_path(texts)
    if path.exists():
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            return cached
    chunks: list[np.ndarray] = []
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task(f"{label} ({len(texts)} texts)", total=len(texts))
        for start in range(0, len(texts), batch):
            chunks.append(embed(texts[start : start + batch]))
            progress.advance(task, len(texts[start : start + batch]))
    vectors = np.concatenate(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors
