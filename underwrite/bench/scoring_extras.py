"""Benchmark parts beyond the CV table: the "text that matters" test, throughput, the ROC plot."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from underwrite.bench import scoring_models as bench_models
from underwrite.bench.scoring_prose import MOVED_STRONG, without_moved
from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.encoder import backend_status, embed, embed_torch
from underwrite.tools.scoring.bundle import LoadedBundle
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.features import rows_frame
from underwrite.tools.scoring.metrics import MetricSummary
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.reasons import default_reason_table
from underwrite.tools.scoring.service import Scorer
from underwrite.tools.scoring.text import texts_for
from underwrite.tools.scoring.train import embeddings_for, with_text

if TYPE_CHECKING:
    from underwrite.bench.scoring import BenchReport


class TextTest(BaseModel):
    moved: list[str]
    tab_with: MetricSummary
    tab_without: MetricSummary
    fused_prose: MetricSummary
    fused_serialised: MetricSummary
    recovery_prose: float
    """(fused_prose - tab_without) / (tab_with - tab_without), on mean AUC."""
    recovery_serialised: float


class Throughput(BaseModel):
    applications: int
    scoring_per_s: float
    encoder_per_s: float
    lightgbm_per_s: float
    ratio_vs_encoder: float
    model: str
    encoder_backend: str = "torch"
    """The backend that embedded (``UW_ENCODER_BACKEND``, or torch after a fallback)."""
    encoder_torch_per_s: float | None = None
    """torch on the same texts in the same run, when another backend is active."""
    encoder_ratio_vs_torch: float | None = None


def run_text_test(config: ScoringConfig, folds: int, repeats: int, run_cv: Callable[..., Any]) -> TextTest:
    with_fields = from_dataset(load_dataset("german"), config)
    # The six-field set: purpose/job/housing alone lose ~0.006 AUC, inside one fold SD (text_recovery).
    without = without_moved(with_fields, MOVED_STRONG)
    prose_schema = with_text(without.schema, "prose", config.text.pca_dims)
    serial_schema = with_text(without.schema, "serialised", config.text.pca_dims)
    models = {
        "tab_with": bench_models.ours(with_fields, with_text(with_fields.schema, "none", 0), config, None),
        "tab_without": bench_models.ours(without, with_text(without.schema, "none", 0), config, None),
        "fused_prose": bench_models.ours(
            without, prose_schema, config, embeddings_for(without, prose_schema)
        ),
        "fused_serialised": bench_models.ours(
            without, serial_schema, config, embeddings_for(without, serial_schema)
        ),
    }
    summaries, _ = run_cv(without, models, folds, repeats)
    lost = summaries["tab_with"].auc_mean - summaries["tab_without"].auc_mean

    def recovery(name: str) -> float:
        gained = summaries[name].auc_mean - summaries["tab_without"].auc_mean
        return float(gained / lost) if lost > 0 else float("nan")

    return TextTest(
        moved=list(MOVED_STRONG),
        **summaries,
        recovery_prose=recovery("fused_prose"),
        recovery_serialised=recovery("fused_serialised"),
    )


def _median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_throughput(config: ScoringConfig, n: int, runs: int = 3) -> Throughput:
    """Applications/s on German holdout rows: the whole tool vs the encoder alone vs LightGBM alone."""
    dataset = load_dataset("german")
    train_rows, holdout_rows = holdout_split(dataset)
    training = from_dataset(dataset, config, rows=train_rows)
    schema = with_text(training.schema, "serialised", config.text.pca_dims)
    model = fit_model(training.frame, training.y, schema, config, embeddings_for(training, schema))
    bundle = LoadedBundle(Path("<memory>"), "bench-german-fused", model, default_reason_table())
    scorer = Scorer(bundle)
    rows: list[dict[str, Any]] = dataset.frame.iloc[holdout_rows[:n]].to_dict(orient="records")  # type: ignore[assignment]
    frame = rows_frame(rows, schema)
    texts = texts_for(frame, schema)
    matrix = model.matrix(frame, embed(texts))
    scorer.score_rows(rows[:8])  # warm-up: first call pays for lazy initialisation
    backend = backend_status().active
    encoder_s, scoring_s, lgb_s, torch_s = [], [], [], []
    for _ in range(runs):  # interleaved so that load from other processes hits all three alike
        encoder_s.append(_median_seconds(lambda: embed(texts), 1))
        if backend != "torch":
            torch_s.append(_median_seconds(lambda: embed_torch(texts), 1))
        scoring_s.append(_median_seconds(lambda: scorer.score_rows(rows), 1))
        lgb_s.append(_median_seconds(lambda: model.booster.predict(matrix, raw_score=True), 1))
    count = len(rows)
    encoder_rate = count / statistics.median(encoder_s)
    scoring_rate = count / statistics.median(scoring_s)
    return Throughput(
        applications=count,
        scoring_per_s=round(scoring_rate, 2),
        encoder_per_s=round(encoder_rate, 2),
        lightgbm_per_s=round(count / statistics.median(lgb_s), 2),
        ratio_vs_encoder=round(scoring_rate / encoder_rate, 4),
        model=bundle.model_version,
        encoder_backend=backend,
        encoder_torch_per_s=round(count / statistics.median(torch_s), 2) if torch_s else None,
        encoder_ratio_vs_torch=(
            round(statistics.median(t / e for t, e in zip(torch_s, encoder_s, strict=True)), 3)
            if torch_s
            else None
        ),
    )


def plot_roc(report: BenchReport, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    datasets = list(report.roc)
    fig, axes = plt.subplots(1, len(datasets), figsize=(5 * len(datasets), 4.6), squeeze=False)
    aucs = {(r.dataset, r.model): r.metrics.auc_mean for r in report.results}
    for ax, name in zip(axes[0], datasets, strict=True):
        for model, (fpr, tpr) in report.roc[name].items():
            ax.plot(fpr, tpr, label=f"{model} ({aucs[(name, model)]:.3f})", lw=1.3)
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--")
        ax.set_title(f"{name}: ROC, out-of-fold (repeat 1)")
        ax.set_xlabel("false positive rate")
        ax.set_ylabel("true positive rate")
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
