"""Embeddings of many texts, cached on disk by content hash so CV folds and reruns never re-embed.

Within one process each text's vector is also kept by itself (``_ROWS``): a list that overlaps one
embedded before (a bundle's training rows, then every applicant for the fairness review, then its
hold-out) embeds only the texts not yet seen. A text's vector can differ from a re-embedding in
another batch by float rounding (~1e-7), never more.
"""

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


_ROWS: dict[tuple[str, str], np.ndarray] = {}
_ROWS_MAX = 50_000
"""Texts kept per process (~75 MB of vectors): a long-lived app starts afresh past it."""


def _remember(space: str, texts: list[str], vectors: np.ndarray) -> None:
    if len(texts) > _ROWS_MAX:
        return
    if len(_ROWS) + len(texts) > _ROWS_MAX:
        _ROWS.clear()
    for text, vector in zip(texts, vectors, strict=True):
        _ROWS[(space, text)] = vector


def embed_cached(texts: list[str], label: str = "embedding", batch: int = 256) -> np.ndarray:
    """Unit-normalised embeddings of ``texts``; loads the cached array when the same texts were seen."""
    path = _cache_path(texts)
    space = encoder_id()
    if path.exists():
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            _remember(space, texts, cached)
            return cached
    known = {t: _ROWS[(space, t)] for t in texts if (space, t) in _ROWS}
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    chunks: list[np.ndarray] = []
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task(f"{label} ({len(todo)} of {len(texts)} texts new)", total=len(todo))
        for start in range(0, len(todo), batch):
            chunks.append(embed(todo[start : start + batch]))
            progress.advance(task, len(todo[start : start + batch]))
    fresh = np.concatenate(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)
    known.update(zip(todo, fresh, strict=True))
    _remember(space, todo, fresh)
    vectors = (
        np.stack([known[t] for t in texts]).astype(np.float32) if texts else np.zeros((0, 384), np.float32)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors
