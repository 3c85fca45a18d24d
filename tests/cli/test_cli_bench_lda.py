"""`underwrite bench lda` refuses what it cannot review, in words, before any model work."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from underwrite.cli.main import app

runner = CliRunner()


def test_unknown_dataset_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "lda", "--datasets", "lending_club", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown dataset(s) ['lending_club']; choose from german, hmda" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_bundle_needs_exactly_one_dataset(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "lda", "--bundle", str(tmp_path), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "--bundle reviews one model" in result.stderr
