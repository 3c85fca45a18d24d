"""The production model's hold-out, ready for the fairness review and the LDA search.

The production bundle is the one the product trains and uses (``ensure_default_model``: German, or
the same recipe on HMDA); it is scored on the hold-out rows it never saw and its decisions follow the
caller's decline threshold (the agent's ``DECLINE_PD``, passed in because tools sit below the agent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.disparity import protected_groups
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.lda import SearchInputs
from underwrite.tools.scoring.service import ensure_default_model, get_scorer


def production_inputs(
    dataset: str, decline_pd: float, bundle: Path | None = None
) -> tuple[SearchInputs, str, str]:
    """(search inputs, model version, dataset content hash) for ``dataset``'s production bundle."""
    ds = load_dataset(dataset)
    scorer = get_scorer(bundle or ensure_default_model(dataset))
    train_rows, hold_rows = holdout_split(ds)
    train = ds.frame.iloc[train_rows].reset_index(drop=True)
    hold = ds.frame.iloc[hold_rows].reset_index(drop=True)
    records: list[dict[str, Any]] = hold.to_dict(orient="records")  # type: ignore[assignment]
    base_pd = np.array([s.pd for s in scorer.score_rows(records)])
    inputs = SearchInputs(
        schema=scorer.schema,
        config=load_config(),
        train_frame=train,
        y_train=train["target"].to_numpy(dtype=int),
        hold_frame=hold,
        y_hold=hold["target"].to_numpy(dtype=int),
        groups=protected_groups(dataset, hold),
        base_pd=base_pd,
        base_approved=(base_pd < decline_pd).astype(int),
        train_groups=protected_groups(dataset, train),
        embed=lambda texts: embed_cached(texts, label=f"embedding {dataset} (LDA variant)"),
    )
    return inputs, str(scorer.bundle.model_version), ds.content_hash
