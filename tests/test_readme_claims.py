"""What the README and ``--help`` say about packet datasets and ``eval --fast`` is what the code does."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.datasets import DATASETS
from underwrite.evals.registry import SUITE_NAMES, select_suites
from underwrite.synth import PACKET_DATASETS

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()


def _option_help(path: list[str], option: str) -> str:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    (param,) = [p for p in command.params if option in getattr(p, "opts", [])]
    return str(getattr(param, "help", ""))


def test_packets_generate_help_and_readme_name_only_real_generators() -> None:
    help_text = _option_help(["packets", "generate"], "--dataset")
    assert all(name in help_text for name in PACKET_DATASETS)
    commands = [
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("underwrite packets generate")
    ]
    named = {name for line in commands for name in DATASETS + tuple(PACKET_DATASETS) if name in line}
    assert commands and "german" in named and named <= set(PACKET_DATASETS)  # even in a comment


def test_packets_generate_refuses_a_training_only_dataset_before_any_progress(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["packets", "generate", "--dataset", "credit_data", "--n", "2", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no packet generator for 'credit_data'; choose one of german, sme" in result.stderr
    assert "%" not in result.stderr and not list(tmp_path.iterdir())


def test_eval_fast_runs_the_suites_list_marks_fast_and_is_ignored_with_suite() -> None:
    listed = runner.invoke(app, ["eval", "--list"]).stdout.splitlines()
    marked = [line.split()[0] for line in listed if line.endswith("(fast)")]
    assert marked and [s.name for s in select_suites(None, fast=True)] == marked
    assert len(marked) < len(SUITE_NAMES)
    assert [s.name for s in select_suites(["adverse_action"], fast=True)] == ["adverse_action"]
    help_text = _option_help(["eval"], "--fast")
    assert "fewer cases" not in help_text and "ignored when --suite" in help_text
