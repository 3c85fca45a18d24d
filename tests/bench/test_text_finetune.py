"""The sized-down fine-tune of `bench text`: frozen lower layers cached once, top layers trained per fold."""

from __future__ import annotations

import numpy as np
import pandas as pd

from underwrite.bench import text_finetune_top as top
from underwrite.bench.text_finetune import FinetuneConfig, FoldTuner, cache_dir
from underwrite.tools.encoder import get_encoder

TEXTS = [
    f"{h} {j}"
    for h in ("I rent an apartment.", "I own my house.", "I live with my parents.")
    for j in ("I am a skilled worker.", "I am out of work.", "I run my own business.", "I am a clerk.")
] * 2
LABELS = pd.DataFrame(
    {
        "housing": [h for h in ("rent", "own", "free") for _ in range(4)] * 2,
        "job": ["skilled", "none", "self", "clerk"] * 6,
    }
)
SMALL = FinetuneConfig(pairs=32, batch_size=8, max_tokens=32, threads=1)


def test_untrained_top_half_over_cached_lower_states_is_the_encoder_itself() -> None:
    lower = top.LowerStates.build(TEXTS[:6], SMALL)
    ours = lower.embed_all(lower.upper())
    theirs = get_encoder().encode(TEXTS[:6], normalize_embeddings=True)
    assert ours.shape == (6, 384)
    assert float((ours * theirs).sum(axis=1).min()) > 0.999


def test_tuning_reads_training_rows_only_and_is_cached_per_fold() -> None:
    fit_idx = np.arange(16)
    first, info = FoldTuner(TEXTS, LABELS, SMALL).embeddings(fit_idx)
    assert first.shape == (len(TEXTS), 384) and info["steps"] == 4.0
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert len(list(cache_dir().glob("*.top.pt"))) == 1  # the fold's tuned layers are kept
    again, info_again = FoldTuner(TEXTS, LABELS, SMALL).embeddings(fit_idx)
    np.testing.assert_array_equal(first, again)  # read back from the cache, not retrained
    assert info_again == info
    scrambled = LABELS.copy()
    scrambled.loc[16:, "job"] = scrambled.loc[16:, "job"].to_numpy()[::-1]  # held-out labels only
    # The cache key covers the labels, so this retrains; a held-out label reaching the fit would
    # change the vectors.
    other, _ = FoldTuner(TEXTS, scrambled, SMALL).embeddings(fit_idx)
    np.testing.assert_allclose(first, other, atol=1e-6)
    frozen = get_encoder().encode(TEXTS, normalize_embeddings=True)
    assert float((first * frozen).sum(axis=1).min()) < 0.9999  # the top layers did move
