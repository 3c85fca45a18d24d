"""Suite plots render from synthetic states (PNG files beside the report)."""

from __future__ import annotations

from pathlib import Path

from underwrite.evals.harness.suite import RunContext
from underwrite.evals.scorers.fairness import LessDiscriminatoryAlternativeScorer
from underwrite.evals.scorers.validation import DiscriminationScorer
from underwrite.evals.suites.fairness_plots import fairness_plots
from underwrite.evals.suites.validation_plots import validation_plots


def _is_png(path: Path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_validation_plots_render(tmp_path: Path) -> None:
    ctx = RunContext(out_dir=tmp_path, cache_dir=tmp_path / "c")
    records = validation_plots(DiscriminationScorer().green_state(), ctx)
    assert [r.name for r in records] == ["roc", "calibration", "distribution", "grades"]
    assert all(_is_png(tmp_path / r.path) for r in records)


def test_fairness_plots_render(tmp_path: Path) -> None:
    ctx = RunContext(out_dir=tmp_path, cache_dir=tmp_path / "c")
    records = fairness_plots(LessDiscriminatoryAlternativeScorer().red_state(), ctx)
    assert [r.name for r in records] == ["approval_rates", "lda"]
    assert all(_is_png(tmp_path / r.path) for r in records)
