from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from underwrite.cli.main import app

runner = CliRunner()


def test_config_json_reflects_environment(isolated_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("UW_DATABASE_URL", "postgresql+psycopg://bob:secret@db:5432/uw")
    from underwrite.core.settings import reset_settings_cache

    reset_settings_cache()
    result = runner.invoke(app, ["config", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["home"] == str(isolated_home)
    assert data["resolved_database_url"] == "postgresql+psycopg://bob:***@db:5432/uw"
    assert "secret" not in result.stdout
    assert data["llm_api_key"] == "***"
