"""Fine-tune the encoder on credit prose, SetFit-style, with the structured labels the prose describes.

Pairs of statements from the *training rows of one fold* are pulled together as far as they
describe the same values: the target cosine of a pair is the share of described fields on which
the two rows agree. Outcomes are never used, and held-out rows are only embedded, never trained on.

Sized for the shared 2-core machine (a full fine-tune of one fold took 44 min under load): the
lower ``frozen_layers`` of the six MiniLM layers are frozen, so their output is computed *once per
process* for all statements (``text_finetune_top.LowerStates``) and each fold trains only the top
layers on those cached states; one epoch, a few hundred pairs, 1-2 threads. A plain torch loop
(cosine-similarity MSE, AdamW) needs neither ``datasets`` nor ``accelerate``, which the product
does not install. Each fold's tuned top layers and the embeddings they give are cached under
``UW_HOME/cache/finetune`` by content hash, so a rerun or a second arm on the fold reads them back.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from underwrite.bench.text_pairs import FinetuneConfig, pair_targets
from underwrite.core.settings import get_settings
from underwrite.tools.encoder import ENCODER_NAME

if TYPE_CHECKING:
    from underwrite.bench.text_finetune_top import LowerStates

__all__ = ["FinetuneConfig", "FoldTuner", "cache_dir", "pair_targets"]


def _fingerprint(texts: list[str], labels: pd.DataFrame, fit_idx: np.ndarray, config: FinetuneConfig) -> str:
    digest = hashlib.sha256(f"{ENCODER_NAME}\0{config.model_dump_json()}".encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    digest.update(pd.util.hash_pandas_object(labels, index=False).to_numpy().tobytes())
    digest.update(np.asarray(fit_idx, dtype=np.int64).tobytes())
    return digest.hexdigest()[:24]


def cache_dir() -> Path:
    return get_settings().home / "cache" / "finetune"


class FoldTuner:
    """Fine-tunes per fold over one set of statements; the frozen lower layers run once for all folds."""

    def __init__(self, texts: list[str], labels: pd.DataFrame, config: FinetuneConfig | None = None):
        self.texts, self.labels = texts, labels
        self.config = config or FinetuneConfig()
        self._lower: LowerStates | None = None  # built on the first fold that misses the cache

    def embeddings(self, fit_idx: np.ndarray) -> tuple[np.ndarray, dict[str, float]]:
        """Unit embeddings of *all* texts from an encoder tuned on rows ``fit_idx`` only, and facts
        about the training (first / final loss, steps, seconds) for the report."""
        stem = cache_dir() / _fingerprint(self.texts, self.labels, fit_idx, self.config)
        vectors_path = stem.with_suffix(".npz")
        if vectors_path.is_file():
            with np.load(vectors_path) as data:
                return data["vectors"], json.loads(str(data["info"]))
        # lazy: torch and a copy of the encoder load only when a fold misses the cache
        from underwrite.bench import text_finetune_top as top

        start = time.perf_counter()
        with top.torch_threads(self.config.threads):
            lower = self._lower or top.LowerStates.build(self.texts, self.config)
            self._lower = lower
            vectors, info, weights = top.train_and_embed(lower, self.labels, fit_idx, self.config)
        info["seconds"] = round(time.perf_counter() - start, 1)
        stem.parent.mkdir(parents=True, exist_ok=True)
        top.save_weights(weights, stem.with_suffix(".top.pt"))
        tmp = stem.with_suffix(".tmp.npz")
        np.savez(tmp, vectors=vectors, info=np.array(json.dumps(info)))
        tmp.replace(vectors_path)
        return vectors, info
