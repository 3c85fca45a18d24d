"""Matplotlib on the Agg backend: suites draw figures, this saves them as PNGs beside the report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from underwrite.evals.harness.types import PlotRecord

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from underwrite.evals.harness.suite import RunContext


def new_figure(width: float = 5.5, height: float = 4.0) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    return fig, ax


def save_figure(fig: Figure, ctx: RunContext, suite: str, name: str, title: str) -> PlotRecord:
    filename = f"{suite}_{name}.png"
    fig.tight_layout()
    fig.savefig(ctx.plots_dir / filename, format="png")
    plt.close(fig)
    return PlotRecord(name=name, title=title, path=f"plots/{filename}")
