"""`underwrite bench scoring`: repeated stratified CV against baselines, text recovery, throughput.

All models on a dataset share one list of folds (5 folds x 2 repeats by default). Metrics are on
held-out folds only; ours is scored on its calibrated PD, exactly what the tool returns.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pydantic import BaseModel
from rich.progress import Progress
from sklearn.model_selection import RepeatedStratifiedKFold

from underwrite.bench import scoring_models as bench_models
from underwrite.bench import scoring_peers as peers
from underwrite.bench.scoring_extras import TextTest, Throughput, run_text_test, run_throughput
from underwrite.bench.scoring_stats import PairedDifference, paired
from underwrite.core.console import message_console
from underwrite.tools.scoring.config import ScoringConfig, load_config
from underwrite.tools.scoring.data import TrainingSet, load_training_dataset
from underwrite.tools.scoring.metrics import MetricSummary, fold_metrics, summarise
from underwrite.tools.scoring.train import embeddings_for, with_text

BENCH_DATASETS = ("german", "credit_data", "lending_club")
AUC_TARGETS = {"german": 0.80, "credit_data": 0.855, "lending_club": 0.755}
PEERS = (
    "logistic regression",
    "lightgbm default",
    "lightgbm regularised",
    "catboost",
    "ebm",
    "lr + lightgbm rank blend",
)
OURS = "ours tabular"
MODELS = (*PEERS, OURS, "ours fused")
_console = message_console()


class ModelResult(BaseModel):
    dataset: str
    model: str
    metrics: MetricSummary


class TargetCheck(BaseModel):
    name: str
    target: str
    value: float
    met: bool


class BenchReport(BaseModel):
    folds: int
    repeats: int
    results: list[ModelResult]
    paired: list[PairedDifference] = []
    """Per dataset and peer: ours tabular minus the peer, fold by fold on identical folds."""
    text_test: TextTest | None
    throughput: Throughput | None
    targets: list[TargetCheck]
    roc: dict[str, dict[str, list[list[float]]]]
    """dataset -> model -> [fpr, tpr] of the first repeat's out-of-fold predictions (for the plot)."""
    plot: str | None = None


def run_cv(
    ts: TrainingSet,
    models: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]],
    folds: int,
    repeats: int,
    seed: int = 2026,
) -> tuple[dict[str, MetricSummary], dict[str, np.ndarray]]:
    """Per-model summaries over identical folds, plus first-repeat out-of-fold PDs."""
    splits = list(
        RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed).split(ts.frame, ts.y)
    )
    per_fold: dict[str, list] = {name: [] for name in models}
    oof = {name: np.zeros(len(ts.y)) for name in models}
    with Progress(console=_console, transient=True) as progress:
        task = progress.add_task(f"CV {ts.name}", total=len(splits) * len(models))
        for i, (fit_idx, held_idx) in enumerate(splits):
            for name, run in models.items():
                pd_values = run(fit_idx, held_idx)
                per_fold[name].append(fold_metrics(ts.y[held_idx], pd_values))
                if i < folds:
                    oof[name][held_idx] = pd_values
                progress.advance(task)
    return {name: summarise(values) for name, values in per_fold.items()}, oof


def _roc(y: np.ndarray, scores: np.ndarray) -> list[list[float]]:
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, scores)
    keep = np.unique(np.linspace(0, len(fpr) - 1, num=min(len(fpr), 200)).astype(int))
    return [fpr[keep].round(4).tolist(), tpr[keep].round(4).tolist()]


def peer_models(ts: TrainingSet, config: ScoringConfig) -> dict[str, bench_models.FoldModel]:
    logistic = peers.cached(bench_models.logistic(ts))
    regularised = peers.cached(bench_models.lightgbm(ts, regularised=True, config=config))
    return {
        "logistic regression": logistic,
        "lightgbm default": bench_models.lightgbm(ts, regularised=False, config=config),
        "lightgbm regularised": regularised,
        "catboost": peers.catboost(ts),
        "ebm": peers.ebm(ts),
        "lr + lightgbm rank blend": peers.rank_blend(logistic, regularised),
    }


def benchmark_dataset(
    ts: TrainingSet, config: ScoringConfig, folds: int, repeats: int, fused: bool = True
) -> tuple[list[ModelResult], list[PairedDifference], dict[str, list[list[float]]]]:
    models = {
        **peer_models(ts, config),
        OURS: bench_models.ours(ts, with_text(ts.schema, "none", 0), config, None),
    }
    if fused:
        fused_schema = with_text(ts.schema, "serialised", config.text.pca_dims)
        models["ours fused"] = bench_models.ours(ts, fused_schema, config, embeddings_for(ts, fused_schema))
    summaries, oof = run_cv(ts, models, folds, repeats)
    results = [ModelResult(dataset=ts.name, model=name, metrics=summaries[name]) for name in models]
    ours = summaries[OURS].fold_aucs
    diffs = [paired(ts.name, OURS, ours, p, summaries[p].fold_aucs, folds) for p in PEERS]
    return results, diffs, {name: _roc(ts.y, oof[name]) for name in models}


def _targets(
    results: list[ModelResult], text: TextTest | None, speed: Throughput | None
) -> list[TargetCheck]:
    checks: list[TargetCheck] = []
    by_key = {(r.dataset, r.model): r.metrics.auc_mean for r in results}
    for dataset in dict.fromkeys(r.dataset for r in results):
        best_peer = max((by_key[(dataset, p)], p) for p in PEERS if (dataset, p) in by_key)
        lead = by_key[(dataset, OURS)] - best_peer[0]
        checks.append(
            TargetCheck(
                name=f"{dataset}: ours tabular - best peer ({best_peer[1]}) AUC",
                target="> 0",
                value=round(lead, 4),
                met=lead > 0,
            )
        )
    for dataset, goal in AUC_TARGETS.items():
        for model in ("ours tabular", "ours fused"):
            if (dataset, model) in by_key:
                value = by_key[(dataset, model)]
                checks.append(
                    TargetCheck(
                        name=f"{dataset} AUC ({model})",
                        target=f">= {goal}",
                        value=round(value, 4),
                        met=value >= goal,
                    )
                )
        if (dataset, "ours fused") in by_key:
            gap = by_key[(dataset, "ours fused")] - by_key[(dataset, "ours tabular")]
            checks.append(
                TargetCheck(
                    name=f"{dataset} fused - tabular AUC",
                    target=">= -0.005",
                    value=round(gap, 4),
                    met=gap >= -0.005,
                )
            )
    if text is not None:
        checks.append(
            TargetCheck(
                name="text recovery (prose only)",
                target=">= 0.70",
                value=round(text.recovery_prose, 4),
                met=text.recovery_prose >= 0.70,
            )
        )
    if speed is not None:
        checks.append(
            TargetCheck(
                name="scoring / raw encoder throughput",
                target=">= 0.8",
                value=round(speed.ratio_vs_encoder, 4),
                met=speed.ratio_vs_encoder >= 0.8,
            )
        )
    return checks


def run_benchmark(
    datasets: tuple[str, ...] = BENCH_DATASETS,
    folds: int = 5,
    repeats: int = 2,
    text_test: bool = True,
    throughput: bool = True,
    throughput_n: int = 128,
    fused: bool = True,
) -> BenchReport:
    config = load_config()
    results: list[ModelResult] = []
    diffs: list[PairedDifference] = []
    roc: dict[str, dict[str, list[list[float]]]] = {}
    for name in datasets:
        ts = load_training_dataset(name, config)
        dataset_results, dataset_diffs, roc[name] = benchmark_dataset(ts, config, folds, repeats, fused)
        results += dataset_results
        diffs += dataset_diffs
    text = run_text_test(config, folds, repeats, run_cv) if text_test and "german" in datasets else None
    speed = run_throughput(config, throughput_n) if throughput else None
    return BenchReport(
        folds=folds,
        repeats=repeats,
        results=results,
        paired=diffs,
        text_test=text,
        throughput=speed,
        targets=_targets(results, text, speed),
        roc=roc,
    )
