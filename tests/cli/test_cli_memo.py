from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from underwrite.cli.main import app

runner = CliRunner()


def test_memo_rejects_a_non_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["memo", str(tmp_path / "missing"), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "not a folder" in " ".join(result.stderr.split())
