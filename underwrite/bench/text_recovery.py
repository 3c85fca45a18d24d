"""`underwrite bench text`: how much of the AUC lost when structured fields move into prose each way
of reading that prose wins back, on the same repeated folds.

The test moves ``MOVED_STRONG`` by default (checking account, credit history, savings, purpose,
job, housing): the original three-field test lost ~0.006 AUC, inside one fold SD, so no reader
could be told apart on it. Arms (readers in ``text_arms``):
- tabular with / without the moved fields: the ceiling and the floor;
- frozen / fine-tuned encoder + the product's text block (outcome sub-model, stacked out-of-fold);
- frozen encoder + label probabilities; frozen / fine-tuned encoder + decoded field values;
- facts the rule extractor reads from the same statement (loan purpose);
- on the *default* dataset (all fields structured): the product's serialised text vs text-free,
  the figure the default model's fusion rule (``tools/scoring/text_rule``) reads.
Recovery = mean(arm - floor) / mean(ceiling - floor) over folds; its interval is a bootstrap over
folds of that ratio (folds resampled together for every arm, so the pairing is kept). Each
fine-tuned arm is also set against frozen + decoded fields on the same folds (``contrasts``: the
recovery difference with its fold-bootstrap interval), and ``max_folds`` runs only the first splits
of the same splitter, so a short run is a paired subset of the full one.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel
from rich.progress import Progress
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold

from underwrite.bench import scoring_models as bench_models
from underwrite.bench.scoring_models import FoldModel
from underwrite.bench.scoring_prose import MOVED_STRONG, without_moved
from underwrite.bench.text_arms import Decoded, EmbeddingSource, extracted, projected, sub_model
from underwrite.bench.text_finetune import FinetuneConfig
from underwrite.bench.text_product_reader import (
    CHOSEN,
    PRODUCT_READER,
    FillCounts,
    ProductReader,
    reader_arm_name,
)
from underwrite.core.console import message_console
from underwrite.core.datasets import load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import TrainingSet, from_dataset
from underwrite.tools.scoring.train import embeddings_for, with_text

_console = message_console()
CEILING, FLOOR = "tabular, all fields (ceiling)", "tabular, fields moved out (floor)"
PRODUCT_PROSE = "frozen + outcome sub-model (product's text block)"
FROZEN_DECODED = "frozen + decoded fields"
DEFAULT_TABULAR, DEFAULT_SERIAL = "default: tabular, all fields", "default: + serialised text (product)"
READER_THRESHOLDS = (0.0, 0.5, 0.8, 0.95)
"""Fixed thresholds scored beside the shipped, inner-chosen one (0: argmax): the trade-off they span."""


class ArmResult(BaseModel):
    arm: str
    auc_mean: float
    auc_sd: float
    paired_vs_floor: float
    """Mean fold-wise AUC difference to the tabular model without the moved fields."""
    paired_sd: float
    recovery: float
    recovery_ci: tuple[float, float]


class Contrast(BaseModel):
    arm: str
    baseline: str
    auc_diff: float
    """Mean fold-wise AUC of ``arm`` minus ``baseline``."""
    auc_diff_sd: float
    recovery_diff: float
    recovery_diff_ci: tuple[float, float]


class TextRecovery(BaseModel):
    moved: list[str]
    folds: int
    repeats: int
    folds_run: int = 0
    """Splits actually scored (``folds_run`` splits from ``fold_start``; 0 in older reports: all)."""
    fold_start: int = 0
    """Index (0-based) of the first split scored, in the splitter's order."""
    per_fold: dict[str, list[float]] = {}
    """Held-out AUC per arm and scored split (empty in older reports), so runs of disjoint splits
    combine into one paired report (``text_combine``)."""
    lost_auc: float
    lost_auc_sd: float
    """Fold SD of the paired ceiling - floor difference: how far the gap stands out of the noise."""
    arms: list[ArmResult]
    default_serialised_gain: float | None
    """Paired AUC change of the product's serialised text on the default dataset (None: not run)."""
    default_serialised_sd: float | None
    decode_accuracy: dict[str, dict[str, float]]
    extraction_accuracy: dict[str, float]
    finetune: dict[str, float]
    contrasts: list[Contrast] = []
    reader_fills: dict[str, FillCounts] = {}
    """Per product-reader arm: held-out field values it filled, and how many of those wrongly."""
    reader_chosen: list[float] = []
    """The shipped arm's threshold per scored split, each chosen on that split's training rows."""


def recovery_interval(
    arm: np.ndarray, ceiling: np.ndarray, floor: np.ndarray, draws: int = 2000, seed: int = 11
) -> tuple[float, float]:
    """2.5-97.5% bootstrap interval over folds of mean(arm - floor) / mean(ceiling - floor)."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(len(arm), size=(draws, len(arm)))
    gained = (arm - floor)[picks].mean(axis=1)
    lost = (ceiling - floor)[picks].mean(axis=1)
    ratios = gained[lost > 0] / lost[lost > 0]
    if ratios.size == 0:
        return (float("nan"), float("nan"))
    return (round(float(np.quantile(ratios, 0.025)), 3), round(float(np.quantile(ratios, 0.975)), 3))


def contrast(
    name: str, baseline: str, per_fold: dict[str, np.ndarray], draws: int = 2000, seed: int = 13
) -> Contrast:
    """``name`` against ``baseline`` on the same folds: recovery difference, fold-bootstrap 2.5-97.5%."""
    arm, base = per_fold[name], per_fold[baseline]
    lost = per_fold[CEILING] - per_fold[FLOOR]
    picks = np.random.default_rng(seed).integers(len(arm), size=(draws, len(arm)))
    gained, lost_b = (arm - base)[picks].mean(axis=1), lost[picks].mean(axis=1)
    ratios = gained[lost_b > 0] / lost_b[lost_b > 0]
    diff = arm - base
    ci = (float("nan"), float("nan"))
    if ratios.size:
        ci = (round(float(np.quantile(ratios, 0.025)), 3), round(float(np.quantile(ratios, 0.975)), 3))
    return Contrast(
        arm=name,
        baseline=baseline,
        auc_diff=round(float(diff.mean()), 4),
        auc_diff_sd=round(float(diff.std(ddof=1)), 4) if len(diff) > 1 else float("nan"),
        recovery_diff=round(float(diff.mean() / lost.mean()), 3),
        recovery_diff_ci=ci,
    )


def _arm(name: str, auc: np.ndarray, ceiling: np.ndarray, floor: np.ndarray) -> ArmResult:
    lost = float((ceiling - floor).mean())
    diff = auc - floor
    return ArmResult(
        arm=name,
        auc_mean=round(float(auc.mean()), 4),
        auc_sd=round(float(auc.std(ddof=1)), 4),
        paired_vs_floor=round(float(diff.mean()), 4),
        paired_sd=round(float(diff.std(ddof=1)), 4),
        recovery=round(float(diff.mean()) / lost, 3) if lost > 0 else float("nan"),
        recovery_ci=recovery_interval(auc, ceiling, floor),
    )


def paired_summary(per_fold: dict[str, np.ndarray]) -> dict[str, Any]:
    """The report's fold-paired figures from the held-out AUC per arm and split (a run or a combine)."""
    ceiling, floor = per_fold[CEILING], per_fold[FLOOR]
    # The ceiling *is* the default dataset text-free.
    serial_gain = per_fold[DEFAULT_SERIAL] - ceiling if DEFAULT_SERIAL in per_fold else None
    return {
        "folds_run": len(ceiling),
        "per_fold": {name: [round(float(v), 6) for v in auc] for name, auc in per_fold.items()},
        "lost_auc": round(float((ceiling - floor).mean()), 4),
        "lost_auc_sd": round(float((ceiling - floor).std(ddof=1)), 4),
        "arms": [_arm(name, auc, ceiling, floor) for name, auc in per_fold.items() if name != DEFAULT_SERIAL],
        "default_serialised_gain": None if serial_gain is None else round(float(serial_gain.mean()), 4),
        "default_serialised_sd": None if serial_gain is None else round(float(serial_gain.std(ddof=1)), 4),
        "contrasts": [
            contrast(n, FROZEN_DECODED, per_fold)
            for n in per_fold
            if n.startswith(("fine-tuned", PRODUCT_READER))
        ],
    }


def run_text_recovery(
    folds: int = 5,
    repeats: int = 1,
    tune: FinetuneConfig | None = None,
    moved: tuple[str, ...] = MOVED_STRONG,
    finetune: bool = True,
    frozen_arms: bool = True,
    max_folds: int | None = None,
    fold_start: int = 0,
    reader_thresholds: tuple[float, ...] = READER_THRESHOLDS,
) -> TextRecovery:
    """``frozen_arms=False`` keeps only the ceiling, floor, frozen + decoded (the baseline the tuned
    arms are paired with) and fine-tuned arms: on a loaded machine the fine-tuned run can then go on
    its own (every arm is deterministic, so figures match the full run's on the same folds)."""
    config = load_config()
    tune = tune or FinetuneConfig()
    with_fields = from_dataset(load_dataset("german"), config)
    without = without_moved(with_fields, moved)
    labels = with_fields.frame[list(moved)].reset_index(drop=True)
    texts = without.frame["applicant_statement"].astype(str).tolist()
    frozen = EmbeddingSource(
        texts, labels, embeddings_for(without, with_text(without.schema, "prose", 0)), tune
    )
    tuned = EmbeddingSource(texts, labels, None, tune)
    facts, accuracy = extracted(without, with_fields.frame["loan_purpose"])
    serial = with_text(with_fields.schema, "serialised", config.text.pca_dims)
    decoded = {"frozen": Decoded(with_fields, frozen, labels, config)}
    models: dict[str, FoldModel] = {
        CEILING: bench_models.ours(with_fields, with_text(with_fields.schema, "none", 0), config, None),
        FLOOR: bench_models.ours(without, with_text(without.schema, "none", 0), config, None),
        FROZEN_DECODED: decoded["frozen"],
    }
    frozen_models: dict[str, FoldModel] = {
        PRODUCT_PROSE: sub_model(without, frozen, config),
        "frozen + label probabilities": projected(without, frozen, labels, config),
        "extracted facts (rule prose reader: purpose)": bench_models.ours(
            facts, with_text(facts.schema, "none", 0), config, None
        ),
        DEFAULT_SERIAL: bench_models.ours(with_fields, serial, config, embeddings_for(with_fields, serial)),
    }
    product = ProductReader(with_fields, list(moved), config)
    models.update({reader_arm_name(t): product.arm(t) for t in sorted(reader_thresholds)})
    if config.text.reader_threshold_grid:
        models[CHOSEN] = product.chosen_arm()
    if frozen_arms:
        models.update(frozen_models)
    if finetune:
        decoded["fine-tuned"] = Decoded(with_fields, tuned, labels, config)
        models["fine-tuned + outcome sub-model"] = sub_model(without, tuned, config)
        models["fine-tuned + decoded fields"] = decoded["fine-tuned"]
    per_fold = _fold_aucs(without, models, folds, repeats, max_folds, fold_start)
    tune_info = (
        {k: round(float(np.mean([i[k] for i in tuned.info])), 4) for k in tuned.info[0]} if tuned.info else {}
    )
    return TextRecovery(
        moved=list(moved),
        folds=folds,
        repeats=repeats,
        fold_start=fold_start,
        **paired_summary(per_fold),
        decode_accuracy={
            name: {c: round(float(np.mean([a[c] for a in d.accuracy])), 4) for c in moved}
            for name, d in decoded.items()
            if d.accuracy
        },
        extraction_accuracy={"loan_purpose": round(accuracy, 4)},
        finetune={
            **tune_info,
            "pairs": tune.pairs,
            "epochs": tune.epochs,
            "max_tokens": tune.max_tokens,
            "frozen_layers": tune.frozen_layers,
            "learning_rate": tune.learning_rate,
            "threads": tune.threads,
        }
        if finetune
        else {},
        reader_fills=product.fills,
        reader_chosen=product.chosen,
    )


def fold_splits(
    frame: pd.DataFrame, y: np.ndarray, folds: int, repeats: int, max_folds: int | None = None, start: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Splits ``start`` .. ``start + max_folds`` of the ``bench scoring`` splitter (same seed), so
    runs over disjoint ranges are paired parts of one full run."""
    total = folds * repeats
    if not 0 <= start < total:
        raise ValueError(f"fold start {start} is outside the {total} splits (0 to {total - 1})")
    stop = min(total, start + (max_folds or total))
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=2026)
    return list(islice(splitter.split(frame, y), start, stop))


def _fold_aucs(
    ts: TrainingSet,
    models: dict[str, FoldModel],
    folds: int,
    repeats: int,
    max_folds: int | None = None,
    start: int = 0,
) -> dict[str, np.ndarray]:
    """Held-out AUC per fold and arm; the folds of ``bench scoring`` (same splitter, same seed)."""
    splits = fold_splits(ts.frame, ts.y, folds, repeats, max_folds, start)
    out: dict[str, list[float]] = {name: [] for name in models}
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task("text recovery", total=len(splits) * len(models))
        for fit_idx, held_idx in splits:
            for name, run in models.items():
                out[name].append(float(roc_auc_score(ts.y[held_idx], run(fit_idx, held_idx))))
                progress.advance(task)
    return {name: np.array(v) for name, v in out.items()}
