"""The shared encoder as Chroma's embedding function, plus an on-disk cache of document embeddings.

Chroma's default embedding function downloads a model; every collection here is created and
opened with :class:`EncoderEmbeddingFunction` instead. Embedding 10k+ precedents takes minutes on
two shared cores, so document vectors are cached by the hash of their text under
``UW_HOME/cache/embeddings`` and a rebuilt index (new Chroma directory, a server) reuses them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from underwrite.core.settings import get_settings
from underwrite.tools.encoder import EMBEDDING_DIM, ENCODER_NAME, embed, encoder_id, encoder_threads

ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) while embedding."""

EMBED_THREADS = 1
"""Torch threads while embedding. Measured on the shared 2-core box under load: one query takes
~26 ms with 1 thread and ~930 ms with 2 (threads wait on each other), and a 256-text batch 15 s vs
23 s. Only throughput changes if another thread embeds at the same time."""
ENCODE_BATCH = 32
"""Texts per forward pass when indexing. Precedent summaries are ~80 tokens and vary in length;
smaller batches pad less: 768 sampled precedents embedded at ~93 texts/s with 16 or 32 and ~86
with 64 (2 threads, this machine)."""


@contextmanager
def limited_threads(n: int = EMBED_THREADS) -> Iterator[None]:
    """Threads of whichever encoder runtime is active (torch or onnxruntime, ``UW_ENCODER_BACKEND``)."""
    with encoder_threads(n):
        yield


@register_embedding_function
class EncoderEmbeddingFunction(EmbeddingFunction[Documents]):
    """all-MiniLM-L6-v2 from the installed package, unit-normalised, via ``tools.encoder.embed``."""

    def __init__(self) -> None:
        self.encoder_name = ENCODER_NAME

    def __call__(self, input: Documents) -> Embeddings:
        with limited_threads():
            return list(embed(list(input)))

    @staticmethod
    def name() -> str:
        return "underwrite-minilm"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"encoder": ENCODER_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EncoderEmbeddingFunction:
        return EncoderEmbeddingFunction()


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{encoder_id()}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """text hash → vector, one ``.npz`` file; loaded whole (14.5k × 384 float32 ≈ 22 MB)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or get_settings().home / "cache" / "embeddings" / f"{encoder_id()}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path.exists():
            try:
                with np.load(self.path) as data:
                    keys, vectors = data["keys"], data["vectors"]
                if vectors.shape[1:] == (EMBEDDING_DIM,):
                    self._vectors = dict(zip(keys.tolist(), vectors, strict=True))
            except (OSError, ValueError, KeyError):
                # A corrupt cache only costs time: start empty and overwrite it on save.
                self._vectors = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def embed(
        self, texts: list[str], batch_size: int = 128, progress: ProgressCallback | None = None
    ) -> np.ndarray:
        """Vectors for ``texts`` (cached ones reused; new ones computed in batches and saved)."""
        hashes = [text_hash(t) for t in texts]
        todo = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in self._vectors}.items())
        total = len(todo)
        if progress:
            progress(0, total)
        for start in range(0, total, batch_size):
            chunk = todo[start : start + batch_size]
            with limited_threads(get_settings().index_threads):
                vectors = embed([t for _, t in chunk], batch_size=min(batch_size, ENCODE_BATCH))
            self._vectors.update(zip((h for h, _ in chunk), vectors, strict=True))
            self._dirty = True
            if progress:
                progress(min(start + batch_size, total), total)
            if start and start % (batch_size * 20) == 0:
                self.save()  # a long run interrupted part-way keeps most of its work
        self.save()
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return np.stack([self._vectors[h] for h in hashes]).astype(np.float32)

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U64")
        vectors = np.stack(list(self._vectors.values())).astype(np.float32)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(fd)
        np.savez(tmp, keys=keys, vectors=vectors)
        os.replace(tmp, self.path)
        self._dirty = False
