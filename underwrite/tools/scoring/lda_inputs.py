"""The production model's applicants, ready for the fairness review and the LDA search.

The production bundle is the one the product trains and uses (``ensure_default_model``: German, or
the same recipe on HMDA). Two populations:

- ``production_inputs``: the bundle itself, scored on the hold-out rows it never saw (a few hundred
  applicants: German's hold-out has 8 non-foreign workers, too few for any ratio).
- ``population_inputs``: every applicant, scored out-of-fold by the production recipe (the
  bundle's schema and the scoring config, refitted on k-1 folds): what the gate measures.

Decisions follow the product's cut-offs from the credit policy's grade bands (``policy_cutoffs``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.core.schemas import Recommendation
from underwrite.tools.policy.table import load_rule_table
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.disparity import protected_groups
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.features import rows_frame
from underwrite.tools.scoring.lda import refit_pd
from underwrite.tools.scoring.lda_report import SearchInputs
from underwrite.tools.scoring.lda_variants import Variant
from underwrite.tools.scoring.service import Scorer, ensure_default_model, get_scorer
from underwrite.tools.scoring.text import texts_for

POPULATION_FOLDS = 5
PRODUCTION = Variant(name="production recipe", kind="params")
"""The identity variant: the production recipe unchanged (its out-of-fold PDs are the baseline)."""


def policy_cutoffs() -> dict[str, float]:
    """The product's two decision lines from the grade bands (CP-9.2/9.3): ``approved`` = PD below
    the last grade whose cut-off approves (with or without conditions); ``not_declined`` = PD below
    the first grade the cut-off declines (the grade in between is referred to a person)."""
    lower, approve, decline = 0.0, None, None
    for band in load_rule_table().grades:
        upper = band.pd_below if band.pd_below is not None else 1.0
        if band.cutoff in (Recommendation.approve, Recommendation.approve_with_conditions):
            approve = upper
        if band.cutoff is Recommendation.decline and decline is None:
            decline = lower
        lower = upper
    if approve is None or decline is None:
        raise ValueError("the policy's grades need an approving and a declining band")
    return {"approved": approve, "not_declined": decline}


def _embedder(dataset: str) -> Callable[[list[str]], np.ndarray]:
    return lambda texts: embed_cached(texts, label=f"embedding {dataset} (LDA variant)")


def bundle_pds(scorer: Scorer, records: list[dict[str, Any]], dataset: str) -> np.ndarray:
    """The PDs ``scorer.score_rows`` gives these rows (clipped, rounded to 6 places), without the
    per-row reasons and with the texts' embeddings shared with the review's other refits."""
    schema = scorer.schema
    frame = rows_frame(records, schema)
    embeddings = _embedder(dataset)(texts_for(frame, schema)) if schema.text_variant != "none" else None
    return np.round(np.clip(scorer.bundle.model.predict_pd(frame, embeddings), 0.0, 1.0), 6)


def production_inputs(
    dataset: str, decline_pd: float, bundle: Path | None = None
) -> tuple[SearchInputs, str, str]:
    """(search inputs, model version, dataset content hash) for the bundle on its hold-out."""
    ds = load_dataset(dataset)
    scorer = get_scorer(bundle or ensure_default_model(dataset))
    train_rows, hold_rows = holdout_split(ds)
    train = ds.frame.iloc[train_rows].reset_index(drop=True)
    hold = ds.frame.iloc[hold_rows].reset_index(drop=True)
    records: list[dict[str, Any]] = hold.to_dict(orient="records")  # type: ignore[assignment]
    base_pd = bundle_pds(scorer, records, dataset)
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
        embed=_embedder(dataset),
        cutoff=decline_pd,
    )
    return inputs, str(scorer.bundle.model_version), ds.content_hash


def population_inputs(
    dataset: str,
    cutoff: float,
    bundle: Path | None = None,
    base_pd: np.ndarray | None = None,
    folds: int = POPULATION_FOLDS,
) -> tuple[SearchInputs, str, str]:
    """(inputs, model version, content hash) for every applicant, scored out-of-fold by the
    production recipe. ``base_pd`` (cached out-of-fold PDs of that recipe) skips the refits."""
    ds = load_dataset(dataset)
    scorer = get_scorer(bundle or ensure_default_model(dataset))
    frame = ds.frame.reset_index(drop=True)
    y = frame["target"].to_numpy(dtype=int)
    groups = protected_groups(dataset, frame)
    inputs = SearchInputs(
        schema=scorer.schema,
        config=load_config(),
        train_frame=frame,
        y_train=y,
        hold_frame=frame,
        y_hold=y,
        groups=groups,
        base_pd=np.zeros(len(y)),
        base_approved=np.zeros(len(y), dtype=int),
        train_groups=groups,
        embed=_embedder(dataset),
        folds=folds,
        cutoff=cutoff,
    )
    oof = refit_pd(PRODUCTION, inputs) if base_pd is None else base_pd
    inputs = SearchInputs(**{**inputs.__dict__, "base_pd": oof, "base_approved": (oof < cutoff).astype(int)})
    return inputs, str(scorer.bundle.model_version), ds.content_hash
