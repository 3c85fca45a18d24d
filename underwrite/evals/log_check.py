"""Check an eval log for harness integrity: every suite ran and every red case failed as it must.

CI runs the fast suites on every change and fails on integrity problems (a scorer that cannot fail,
a suite that could not run, an error). Missed bars are printed and recorded in the log but are a
release decision for compliance (`underwrite eval --gate`), not a reason to reject a code change.

    python -m underwrite.evals.log_check OUT/eval_log.json [--strict]

``--strict`` also fails on missed bars, i.e. behaves like ``--gate``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from underwrite.evals.harness.log import read_log
from underwrite.evals.harness.types import SuiteStatus


def integrity_problems(log_path: Path, strict: bool) -> list[str]:
    log = read_log(log_path)
    allowed = {SuiteStatus.passed} if strict else {SuiteStatus.passed, SuiteStatus.failed}
    return [f"{s.name}: {s.status.value} ({s.reason})" for s in log.suites if s.status not in allowed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--strict", action="store_true", help="missed bars fail too")
    args = parser.parse_args(argv)
    log = read_log(args.log)
    for suite in log.suites:
        print(f"{suite.name}: {suite.status.value}" + (f" — {suite.reason}" if suite.reason else ""))
    problems = integrity_problems(args.log, args.strict)
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
