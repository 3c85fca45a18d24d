"""`underwrite packets generate`, `underwrite read` and the extraction-accuracy script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underwrite.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def packet_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli_packets")
    result = CliRunner().invoke(app, ["packets", "generate", "--dataset", "german", "--n", "2", "--out",
                                      str(root), "--seed", "5"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return root


def test_generate_writes_packets(packet_root: Path) -> None:
    folders = sorted(p for p in packet_root.iterdir() if p.is_dir())
    assert len(folders) == 2 and all((f / "truth.json").exists() for f in folders)


def test_generate_rejects_unknown_dataset(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["packets", "generate", "--dataset", "hmda", "--n", "1", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no packet generator for 'hmda'" in result.output


def test_read_packet_json(packet_root: Path, tmp_path: Path) -> None:
    folder = next(p for p in sorted(packet_root.iterdir()) if p.is_dir())
    (tmp_path / "empty.pdf").write_bytes(b"")
    result = runner.invoke(app, ["read", str(folder), str(tmp_path / "empty.pdf"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    packet, bad = data["results"]
    assert packet["application_id"] == folder.name
    assert {d["kind"] for d in packet["documents"]} >= {"application_form", "bank_statement", "cover_letter"}
    income = next(f for f in packet["facts"] if f["name"] == "monthly_net_income")
    assert income["method"] == "form" and income["source"]["quote"]
    assert "applicant_statement" in packet["missing"]
    assert bad["failures"][0]["error_type"] == "EmptyFileError"


def test_read_exits_1_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(b"GIF89a....")
    result = runner.invoke(app, ["read", str(tmp_path / "a.txt"), str(tmp_path / "b.pdf"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["failures"][0]["error_type"] for r in data["results"]] == [
        "EmptyFileError",
        "UnsupportedTypeError",
    ]


def test_read_table_output(packet_root: Path) -> None:
    folder = next(p for p in sorted(packet_root.iterdir()) if p.is_dir())
    result = runner.invoke(app, ["read", str(folder / "application_form.pdf")])
    assert result.exit_code == 0, result.output
    assert "loan_amount" in result.stdout and "application_form" in result.stdout


def test_extraction_accuracy_script_json(packet_root: Path) -> None:
    import typer

    from underwrite.bench.extraction import main

    cli = typer.Typer()
    cli.command()(main)
    result = runner.invoke(cli, ["--packets", str(packet_root), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["packets"] == 2 and data["passed"] is True
    assert {"field", "n", "correct", "accuracy", "missing"} <= set(data["fields"][0])
