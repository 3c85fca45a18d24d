"""Plots of the fair-lending suite: approval rate by group, and the LDA trade-off (AUC vs AIR)."""

from __future__ import annotations

from underwrite.evals.harness.plots import new_figure, save_figure
from underwrite.evals.harness.suite import RunContext
from underwrite.evals.harness.types import PlotRecord
from underwrite.evals.scorers.fairness import (
    FOUR_FIFTHS,
    FairLendingState,
    adverse_impact_ratio,
    group_table,
)

SUITE = "fair_lending"


def approval_plot(state: FairLendingState, ctx: RunContext) -> PlotRecord:
    n = len(state.decisions)
    fig, _ = new_figure(width=3.2 * max(n, 1), height=3.8)
    fig.clear()  # one subplot per attribute instead of the default single axes
    for i, d in enumerate(state.decisions, start=1):
        ax = fig.add_subplot(1, n, i)
        table = group_table(d)
        groups = list(table)
        rates = [table[g]["approval_rate"] for g in groups]
        air = adverse_impact_ratio(d)
        colours = ["#c62828" if r < FOUR_FIFTHS * max(rates) else "#1f77b4" for r in rates]
        bars = ax.bar(groups, rates, color=colours)
        for bar, g in zip(bars, groups, strict=True):
            ax.annotate(
                f"n={int(table[g]['count'])}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=7,
            )
        ax.axhline(FOUR_FIFTHS * max(rates), linestyle="--", color="grey", linewidth=1)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{d.dataset}: {d.attribute}\nAIR {air:.2f}", fontsize=9)
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
        if i == 1:
            ax.set_ylabel("approval rate (dashed: 4/5 of best)")
    return save_figure(fig, ctx, SUITE, "approval_rates", "Approval rate by protected group")


def lda_plot(state: FairLendingState, ctx: RunContext) -> PlotRecord | None:
    if not state.lda:
        return None
    fig, ax = new_figure(width=6.5, height=4.5)
    for search in state.lda:
        (base,) = ax.plot(search.baseline_auc, search.baseline_air, marker="*", markersize=12, linestyle="")
        colour = base.get_color()
        base.set_label(f"{search.key} (production)")
        for alt in search.alternatives:
            ax.plot(alt.auc, alt.air, marker="o", color=colour, alpha=0.6)
            ax.annotate(alt.description, (alt.auc, alt.air), fontsize=6, alpha=0.8)
    ax.axhline(FOUR_FIFTHS, linestyle="--", color="grey", linewidth=1)
    ax.set_xlabel("AUC (out of fold)")
    ax.set_ylabel("adverse impact ratio")
    ax.set_title("Less-discriminatory-alternative search")
    ax.legend(fontsize=7)
    return save_figure(fig, ctx, SUITE, "lda", "LDA search: AUC vs adverse impact ratio")


def fairness_plots(state: FairLendingState, ctx: RunContext) -> list[PlotRecord]:
    plots = [approval_plot(state, ctx)]
    lda = lda_plot(state, ctx)
    return [*plots, lda] if lda else plots
