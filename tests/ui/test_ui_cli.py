"""`underwrite users`, `underwrite ui` and `underwrite demo` without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.ui import demo as demo_module
from underwrite.ui.auth import UserStore

runner = CliRunner()


def test_users_add_then_list_json(isolated_home: Path) -> None:
    result = runner.invoke(
        app, ["users", "add", "alice", "--role", "compliance", "--password-stdin"], input="long-password\n"
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert json.loads(listed.stdout) == [{"username": "alice", "role": "compliance"}]
    assert "long-password" not in (isolated_home / "users.yaml").read_text()
    assert UserStore().authenticate("alice", "long-password")


def test_users_add_rejects_unknown_role_and_short_password() -> None:
    bad_role = runner.invoke(
        app, ["users", "add", "alice", "--role", "admin", "--password-stdin"], input="long-password\n"
    )
    assert bad_role.exit_code == 1 and "unknown role" in bad_role.output
    short = runner.invoke(app, ["users", "add", "alice", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least 8" in short.output


def test_ui_refuses_to_start_without_users(isolated_home: Path) -> None:
    result = runner.invoke(app, ["ui", "--port", "1"])
    assert result.exit_code == 1
    # rich wraps long lines at the terminal width, which depends on the temp path's length.
    assert "underwrite users add" in " ".join(result.output.split())


def test_demo_names_the_missing_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> str:
        raise demo_module.MissingPiece(
            "the default score model: `x.y` is not in this build (issue #3, branch `scoring`)."
        )

    monkeypatch.setattr(demo_module, "prepare_model", missing)
    monkeypatch.setattr(
        demo_module, "demo_steps", lambda *_: [demo_module.DemoStep("Default score model", missing)]
    )
    result = runner.invoke(app, ["demo", "--prepare-only"])
    assert result.exit_code == 1
    assert "the demo cannot start" in result.output and "branch `scoring`" in result.output


def test_demo_users_are_idempotent(isolated_home: Path) -> None:
    first = demo_module.prepare_users()
    creds = demo_module.read_demo_credentials()
    second = demo_module.prepare_users()
    assert first == second and demo_module.read_demo_credentials() == creds
    store = UserStore()
    for username, password, role in creds:
        assert store.authenticate(username, password)
        assert store.get(username).role.value == role
    assert (isolated_home / "demo-credentials.txt").stat().st_mode & 0o077 == 0


def test_demo_step_results_are_printed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # A result longer than the terminal, ending in the part the reader needs (where the passwords are).
    long = "users demo, auditor (passwords in " + "/very-long-folder" * 8 + " END-OF-RESULT)"
    monkeypatch.setattr(
        demo_module, "demo_steps", lambda *_: [demo_module.DemoStep("Demo users", lambda: long)]
    )
    monkeypatch.setattr(demo_module, "read_demo_credentials", lambda: [])
    result = runner.invoke(app, ["demo", "--prepare-only"])
    assert result.exit_code == 0, result.output
    assert "END-OF-RESULT" in result.output  # the progress column cut it off with "…"
