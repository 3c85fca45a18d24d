"""Plots of the model-validation suite: ROC, calibration (reliability) curve, score distributions."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_curve

from underwrite.evals.harness.plots import new_figure, save_figure
from underwrite.evals.harness.suite import RunContext
from underwrite.evals.harness.types import PlotRecord
from underwrite.evals.scorers.validation import ScoredPopulation
from underwrite.tools.scoring import metrics as m

SUITE = "model_validation"


def roc_plot(state: ScoredPopulation, ctx: RunContext) -> PlotRecord:
    fpr, tpr, _ = roc_curve(state.y_true, state.pd)
    fig, ax = new_figure()
    ax.plot(fpr, tpr, label=f"model (AUC {m.auc(state.y_true, state.pd):.3f})")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="no skill")
    ax.set_xlabel("false positive rate (goods flagged)")
    ax.set_ylabel("true positive rate (bads caught)")
    ax.set_title("ROC on hold-out")
    ax.legend(loc="lower right")
    return save_figure(fig, ctx, SUITE, "roc", "ROC curve (hold-out)")


def calibration_plot(state: ScoredPopulation, ctx: RunContext, n_bins: int = 5) -> PlotRecord:
    bins = m.calibration_bins(state.y_true, state.pd, n_bins)
    fig, ax = new_figure()
    predicted = [b[0] for b in bins]
    observed = [b[1] for b in bins]
    # 95 % binomial interval of each bin's observed rate, so noise is visible as noise.
    err = [1.96 * np.sqrt(max(o * (1 - o), 1e-9) / n) for _, o, n in bins]
    ax.errorbar(predicted, observed, yerr=err, marker="o", capsize=3, label="hold-out bins (95% CI)")
    top = max([*predicted, *observed, 0.1]) * 1.1
    ax.plot([0, top], [0, top], linestyle="--", color="grey", label="perfect calibration")
    ax.set_xlabel("mean predicted PD")
    ax.set_ylabel("observed bad rate")
    ax.set_title(f"Calibration (ECE {m.expected_calibration_error(state.y_true, state.pd, n_bins):.3f})")
    ax.legend(loc="upper left")
    return save_figure(fig, ctx, SUITE, "calibration", "Calibration curve (hold-out)")


def distribution_plot(state: ScoredPopulation, ctx: RunContext) -> PlotRecord:
    fig, ax = new_figure()
    bins = [i / 25 for i in range(26)]
    y = np.asarray(state.y_true)
    pd_values = np.asarray(state.pd)
    ax.hist(state.train_pd, bins=bins, density=True, alpha=0.35, label="training rows", color="grey")
    ax.hist(pd_values[y == 0], bins=bins, density=True, alpha=0.55, label="hold-out goods")
    ax.hist(pd_values[y == 1], bins=bins, density=True, alpha=0.55, label="hold-out bads")
    ax.set_xlabel("PD")
    ax.set_ylabel("density")
    ax.set_title(f"Score distribution (PSI {m.psi(state.train_pd, state.pd):.3f})")
    ax.legend()
    return save_figure(fig, ctx, SUITE, "distribution", "Score distributions")


def grade_plot(state: ScoredPopulation, ctx: RunContext) -> PlotRecord:
    grades = np.asarray(state.grades)
    y = np.asarray(state.y_true)
    counts = [int((grades == g).sum()) for g in state.grade_order]
    rates = [
        float(y[grades == g].mean()) if c else 0.0 for g, c in zip(state.grade_order, counts, strict=True)
    ]
    fig, ax = new_figure()
    bars = ax.bar(state.grade_order, rates)
    for bar, c in zip(bars, counts, strict=True):
        ax.annotate(f"n={c}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom")
    ax.set_xlabel("grade (best → worst)")
    ax.set_ylabel("observed bad rate")
    ax.set_title("Observed bad rate by grade (hold-out)")
    return save_figure(fig, ctx, SUITE, "grades", "Bad rate by grade")


def validation_plots(state: ScoredPopulation, ctx: RunContext) -> list[PlotRecord]:
    return [
        roc_plot(state, ctx),
        calibration_plot(state, ctx),
        distribution_plot(state, ctx),
        grade_plot(state, ctx),
    ]
