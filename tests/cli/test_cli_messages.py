"""Error text is never hard-wrapped: a path or message stays on one line of stderr at any width."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rich.progress import Progress

from underwrite.core.console import message_console


def test_failing_command_keeps_the_full_path_on_one_line_at_20_columns(tmp_path: Path) -> None:
    missing = tmp_path / "a-rather-long-folder-name" / "and-another-one-below-it" / "no-such-packet"
    env = {**os.environ, "COLUMNS": "20", "UW_LLM_PORT": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "underwrite.cli.main", "score", str(missing), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert any(f"{missing} is not a packet folder" in line for line in lines), proc.stderr


def test_message_console_keeps_brackets_and_long_lines_and_progress_still_renders() -> None:
    console = message_console(stderr=False, width=20, record=True, force_terminal=False)
    text = "/very/long/path/" + "x" * 60 + " [binary] was not readable"
    console.print(text, markup=False)
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("reading", total=2)
        progress.advance(task, 2)
    out = console.export_text()
    assert text in out.splitlines()
    assert "reading" in out


def test_a_bad_setting_is_one_line_naming_it_not_a_traceback(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "UW_HOME": str(tmp_path), "UW_LLAMACPP_EXTRA_BUFFERS": "bogus", "COLUMNS": "20"}
    out = subprocess.run(
        [sys.executable, "-m", "underwrite.cli.main", "config"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert (
        "invalid setting (EmbeddedSettings" in out.stderr and "extra_buffers: Input should be" in out.stderr
    )
