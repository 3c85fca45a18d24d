"""What the `bench text` fine-tune trains on: its settings and the label-agreement pairs (no torch)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field


class FinetuneConfig(BaseModel):
    pairs: int = Field(default=384, ge=16, description="Training pairs per fold")
    epochs: int = Field(default=1, ge=1, le=5)
    batch_size: int = Field(default=16, ge=2, le=64)
    learning_rate: float = Field(default=1e-4, gt=0, description="Few steps, two layers: above SetFit 2e-5")
    max_tokens: int = Field(default=80, ge=16, le=256, description="Six-field statements: 71 tokens at most")
    frozen_layers: int = Field(default=4, ge=0, le=5, description="Lower encoder layers kept frozen")
    threads: int = Field(default=2, ge=1)
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
