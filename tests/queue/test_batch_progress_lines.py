"""Batch progress into a log file: whole lines when the counts change, never a bar cut at 80 columns."""

from __future__ import annotations

import io

from rich.console import Console

from underwrite.queue.models import JobState
from underwrite.queue.progress import BatchProgress


def _counts(**given: int) -> dict[str, int]:
    return {s.value: given.get(s.value, 0) for s in JobState}


def test_a_log_file_gets_one_whole_line_per_change() -> None:
    out = io.StringIO()
    console = Console(file=out, width=40, force_terminal=False)
    with BatchProgress(console, _counts(queued=3)) as progress:
        progress.update(_counts(queued=2, running=1), workers_alive=1)
        progress.update(_counts(queued=2, running=1), workers_alive=1)  # nothing changed: no line
        progress.update(_counts(running=1, awaiting_review=2), workers_alive=1)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("batch 0/3") and "queued 2" in lines[0] and "workers 1" in lines[0]
    assert lines[1].startswith("batch 2/3") and "review 2" in lines[1] and "ETA" in lines[1]
    assert all(len(line) > 40 for line in lines)  # not cut at the console's width
