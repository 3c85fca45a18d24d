"""One paired `bench text` report from runs over disjoint, adjacent ranges of the same splits.

A fine-tuned run of all five splits does not fit a session on the shared machine, so it is run in
parts (``--fold-start K --max-folds N``, the same splitter and seed). Every arm is deterministic and
each report keeps its held-out AUC per arm and split (``per_fold``), so concatenating the parts in
split order gives exactly the per-fold figures of one full run; the paired means, SDs, recovery
intervals and contrasts are then recomputed over all of them (``paired_summary``), not averaged.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from underwrite.bench.text_product_reader import FillCounts
from underwrite.bench.text_recovery import TextRecovery, paired_summary

_TUNE_SETTINGS = {"pairs", "epochs", "max_tokens", "frozen_layers", "learning_rate", "threads"}
"""Fine-tuning settings (the same in every part), as opposed to facts measured per fold."""


def _weighted(parts: Sequence[TextRecovery], values: list[dict[str, float]]) -> dict[str, float]:
    """Fold-weighted mean of per-part means (decoding accuracy, fine-tuning facts) over shared keys."""
    weights = [p.folds_run for p in parts]
    keys = [k for k in values[0] if all(k in v for v in values)]
    return {k: round(float(np.average([v[k] for v in values], weights=weights)), 4) for k in keys}


def combine_reports(parts: Sequence[TextRecovery]) -> TextRecovery:
    """The paired report over all parts' splits; refuses parts that are not one splitter's pieces."""
    if not parts:
        raise ValueError("no report to combine")
    ordered = sorted(parts, key=lambda p: p.fold_start)
    first = ordered[0]
    for part in ordered:
        if (part.moved, part.folds, part.repeats) != (first.moved, first.folds, first.repeats):
            raise ValueError("reports differ in moved fields, folds or repeats: not the same splits")
        if not part.per_fold:
            raise ValueError("a report without per-fold AUCs (made before --fold-start) cannot be combined")
    for before, after in itertools.pairwise(ordered):
        if after.fold_start != before.fold_start + before.folds_run:
            raise ValueError(
                f"splits must be adjacent and disjoint: one report covers {before.fold_start}.."
                f"{before.fold_start + before.folds_run - 1}, the next starts at {after.fold_start}"
            )
    arms = [a for a in first.per_fold if all(a in p.per_fold for p in ordered)]
    per_fold = {a: np.concatenate([np.asarray(p.per_fold[a]) for p in ordered]) for a in arms}
    tuned = [p for p in ordered if p.finetune]
    numeric = [{k: v for k, v in p.finetune.items() if k not in _TUNE_SETTINGS} for p in tuned]
    finetune = {**tuned[0].finetune, **_weighted(tuned, numeric)} if tuned else {}
    readers = {
        name for p in ordered for name in p.decode_accuracy if all(name in q.decode_accuracy for q in ordered)
    }
    fills = {
        name: sum((p.reader_fills[name] for p in ordered), FillCounts())
        for name in first.reader_fills
        if all(name in p.reader_fills for p in ordered)
    }
    return first.model_copy(
        update={
            "fold_start": first.fold_start,
            **paired_summary(per_fold),
            "decode_accuracy": {
                r: _weighted(ordered, [p.decode_accuracy[r] for p in ordered]) for r in readers
            },
            "finetune": finetune,
            "reader_fills": fills,
            "reader_chosen": [t for p in ordered for t in p.reader_chosen],
        }
    )
