"""The test suite's own rules (README "Test"): CI runs the README's commands, the default run leaves
out only what is marked ``slow``, and test modules stay under the package's line limit."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
MAX_LINES = 300


def _target(makefile: str, name: str) -> list[str]:
    """The recipe lines of one Makefile target."""
    match = re.search(rf"^{re.escape(name)}:.*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert match, f"no target {name!r} in the Makefile"
    return [line.strip() for line in match.group(1).splitlines()]


def test_ci_runs_the_readme_test_commands_default_then_slow() -> None:
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test-slow" in ci
    assert ci.index("make test") < ci.index("make test-slow")
    assert "make test\n" in readme and "make test-slow" in readme


def test_default_run_leaves_out_only_slow_and_the_slow_target_runs_it() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert _target(makefile, "test") == ['$(VENV)/bin/pytest -q -m "not slow" $(PARALLEL)']
    assert "PARALLEL ?= -n auto --dist loadfile" in makefile  # workers only; markers unchanged
    assert _target(makefile, "test-slow") == ["$(VENV)/bin/pytest -q -m slow"]


def test_no_test_module_over_300_lines() -> None:
    long = {
        str(p.relative_to(TESTS))
        for p in TESTS.rglob("*.py")
        if len(p.read_text("utf-8").splitlines()) > MAX_LINES
    }
    assert long == set()
