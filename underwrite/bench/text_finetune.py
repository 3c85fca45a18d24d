"""Fine-tune the encoder on credit prose, SetFit-style, with the structured labels the prose describes.

Pairs of statements from the *training rows of one fold* are pulled together as far as they
describe the same values: the target cosine of a pair is the share of described fields (purpose,
job, housing) on which the two rows agree. Outcomes are never used, and held-out rows are only
embedded, never trained on. A plain torch loop over the sentence-transformers modules (cosine
similarity loss, AdamW) needs neither ``datasets`` nor ``accelerate``, which the product does not
install. Kept small for the shared 2-core machine: short texts, one epoch, a few hundred pairs,
one thread; each fold's embeddings are cached under ``UW_HOME/cache/finetune`` by content hash.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from underwrite.core.settings import get_settings
from underwrite.tools.encoder import ENCODER_NAME, get_encoder


class FinetuneConfig(BaseModel):
    pairs: int = Field(default=384, ge=16, description="Training pairs per fold")
    epochs: int = Field(default=1, ge=1, le=5)
    batch_size: int = Field(default=16, ge=2, le=64)
    learning_rate: float = Field(default=5e-5, gt=0)
    max_tokens: int = Field(default=96, ge=16, le=256, description="Six-field statements are ~60 tokens")
    threads: int = Field(default=1, ge=1)
    seed: int = 7


def pair_targets(
    labels: pd.DataFrame, rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random pairs of rows (half of them sharing the first field) and their label agreement."""
    values = labels.astype(str).to_numpy()
    rows = len(values)
    left = rng.integers(rows, size=n)
    right = rng.integers(rows, size=n)
    # Random pairs rarely agree on everything; steer half towards a shared first label (SetFit's
    # positive pairs) so the loss sees both ends of the scale.
    by_first: dict[str, np.ndarray] = {v: np.flatnonzero(values[:, 0] == v) for v in set(values[:, 0])}
    for k in range(0, n, 2):
        same = by_first[values[left[k], 0]]
        right[k] = same[rng.integers(len(same))]
    agreement = (values[left] == values[right]).mean(axis=1)
    return left, right, agreement.astype(np.float32)


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


def finetuned_embeddings(
    texts: list[str], labels: pd.DataFrame, fit_idx: np.ndarray, config: FinetuneConfig | None = None
) -> tuple[np.ndarray, dict[str, float]]:
    """Embeddings of *all* ``texts`` from an encoder fine-tuned on the rows ``fit_idx`` only.

    Returns the (n, 384) unit vectors and training facts (final loss, seconds) for the report.
    """
    config = config or FinetuneConfig()
    path = cache_dir() / f"{_fingerprint(texts, labels, fit_idx, config)}.npz"
    if path.is_file():
        with np.load(path) as data:
            return data["vectors"], json.loads(str(data["info"]))
    vectors, info = _train_and_embed(texts, labels, fit_idx, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, vectors=vectors, info=np.array(json.dumps(info)))
    tmp.replace(path)
    return vectors, info


def _train_and_embed(
    texts: list[str], labels: pd.DataFrame, fit_idx: np.ndarray, config: FinetuneConfig
) -> tuple[np.ndarray, dict[str, float]]:
    import time

    import torch

    torch.manual_seed(config.seed)
    before = torch.get_num_threads()
    torch.set_num_threads(config.threads)
    start = time.perf_counter()
    try:
        model = copy.deepcopy(get_encoder())  # the shared instance stays frozen for everyone else
        model.max_seq_length = config.max_tokens
        model.train()
        optimiser = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
        rng = np.random.default_rng(config.seed)
        fit_texts = [texts[i] for i in fit_idx]
        fit_labels = labels.iloc[fit_idx].reset_index(drop=True)
        losses: list[float] = []
        for _ in range(config.epochs):
            left, right, target = pair_targets(fit_labels, rng, config.pairs)
            for b in range(0, config.pairs, config.batch_size):
                sl = slice(b, b + config.batch_size)
                a = _embed_train(model, [fit_texts[i] for i in left[sl]])
                c = _embed_train(model, [fit_texts[i] for i in right[sl]])
                cosine = torch.nn.functional.cosine_similarity(a, c)
                loss = torch.nn.functional.mse_loss(cosine, torch.from_numpy(target[sl]))
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                losses.append(float(loss.detach()))
        model.eval()
        vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    finally:
        torch.set_num_threads(before)
    tail = losses[-10:] or [float("nan")]
    info = {
        "first_loss": round(float(np.mean(losses[:10])), 4) if losses else float("nan"),
        "final_loss": round(float(np.mean(tail)), 4),
        "steps": float(len(losses)),
        "seconds": round(time.perf_counter() - start, 1),
    }
    return np.asarray(vectors, dtype=np.float32), info


def _embed_train(model, texts: list[str]):  # type: ignore[no-untyped-def]
    features = model.tokenize(texts)
    return model(dict(features))["sentence_embedding"]
