"""The torch half of ``text_finetune``: frozen lower MiniLM layers run once, the top layers train.

The lower layers' output for every statement is a fixed feature once they are frozen, so it is
computed a single time (no grad, eval mode) and each fold's fine-tune runs forward *and* backward
through the top layers only: about a third of a full step's work with four of six layers frozen.
The top half is the encoder's own ``BertModel`` with its embedding module swapped for a pass-through
(so the public forward builds the attention mask as usual), then mean pooling over real tokens as
all-MiniLM-L6-v2's pooling does, then unit norm.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from underwrite.bench.text_pairs import FinetuneConfig, pair_targets
from underwrite.tools.encoder import get_encoder


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class _PassThrough(torch.nn.Module):
    """Stands in for the embedding module: the cached lower-layer states *are* the input."""

    def forward(self, inputs_embeds: torch.Tensor | None = None, **_: Any) -> torch.Tensor:
        assert inputs_embeds is not None
        return inputs_embeds


def _bert(model: Any) -> Any:
    return model[0].auto_model


@dataclass
class LowerStates:
    states: torch.Tensor  # (n, tokens, hidden) after the frozen layers, padded
    mask: torch.Tensor  # (n, tokens) 1 on real tokens
    frozen_layers: int

    @classmethod
    def build(cls, texts: list[str], config: FinetuneConfig, batch: int = 64) -> LowerStates:
        encoder = get_encoder()
        tokens = encoder.tokenizer(
            texts, padding=True, truncation=True, max_length=config.max_tokens, return_tensors="pt"
        )
        lower = copy.deepcopy(_bert(encoder)).eval()  # the shared instance stays untouched
        lower.encoder.layer = lower.encoder.layer[: config.frozen_layers]
        out = []
        with torch.no_grad():
            for b in range(0, len(texts), batch):
                sl = slice(b, b + batch)
                part = {k: v[sl] for k, v in tokens.items()}
                out.append(lower(**part).last_hidden_state)
        return cls(torch.cat(out), tokens["attention_mask"], config.frozen_layers)

    def upper(self) -> Any:
        """A fresh trainable copy of the layers above the frozen ones."""
        upper = copy.deepcopy(_bert(get_encoder()))
        upper.embeddings = _PassThrough()
        upper.encoder.layer = upper.encoder.layer[self.frozen_layers :]
        upper.pooler = None
        return upper

    def embed(self, upper: Any, idx: np.ndarray) -> torch.Tensor:
        mask = self.mask[idx]
        width = int(mask.sum(dim=1).max())  # trim the padding this batch does not need
        mask = mask[:, :width]
        hidden = upper(inputs_embeds=self.states[idx, :width], attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    def embed_all(self, upper: Any, batch: int = 128) -> np.ndarray:
        upper.eval()
        with torch.no_grad():
            parts = [
                self.embed(upper, np.arange(b, min(b + batch, len(self.mask))))
                for b in range(0, len(self.mask), batch)
            ]
        return torch.cat(parts).numpy().astype(np.float32)


def train_and_embed(
    lower: LowerStates, labels: pd.DataFrame, fit_idx: np.ndarray, config: FinetuneConfig
) -> tuple[np.ndarray, dict[str, float], dict[str, torch.Tensor]]:
    """Tune the top layers on pairs of training rows; embed every row with the result."""
    torch.manual_seed(config.seed)
    upper = lower.upper()
    upper.train()
    optimiser = torch.optim.AdamW([p for p in upper.parameters() if p.requires_grad], lr=config.learning_rate)
    rng = np.random.default_rng(config.seed)
    fit_idx = np.asarray(fit_idx)
    fit_labels = labels.iloc[fit_idx].reset_index(drop=True)
    losses: list[float] = []
    for _ in range(config.epochs):
        left, right, target = pair_targets(fit_labels, rng, config.pairs)
        for b in range(0, config.pairs, config.batch_size):
            sl = slice(b, b + config.batch_size)
            a = lower.embed(upper, fit_idx[left[sl]])
            c = lower.embed(upper, fit_idx[right[sl]])
            loss = torch.nn.functional.mse_loss((a * c).sum(dim=1), torch.from_numpy(target[sl]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            losses.append(float(loss.detach()))
    vectors = lower.embed_all(upper)
    info = {
        "first_loss": round(float(np.mean(losses[:5])), 4) if losses else float("nan"),
        "final_loss": round(float(np.mean(losses[-5:])), 4) if losses else float("nan"),
        "steps": float(len(losses)),
    }
    return vectors, info, {k: v.detach().clone() for k, v in upper.encoder.state_dict().items()}


def save_weights(weights: dict[str, torch.Tensor], path: Path) -> None:
    """The fold's tuned top layers (``encoder.layer.*`` of the top half), for reuse or inspection."""
    tmp = path.with_suffix(".tmp")
    torch.save(weights, tmp)
    tmp.replace(path)
