"""Per-step wall time of one memo run, from the workflow's ``on_step`` callback (called as each node
finishes): a step's time is the time since the previous step finished (or since the run started)."""

from __future__ import annotations

import time
from collections.abc import Callable


class StepTimer:
    def __init__(self, then: Callable[[str], None] | None = None) -> None:
        self._then = then
        self._last = time.perf_counter()
        self.seconds: dict[str, float] = {}
        self.last = 0.0
        """Seconds of the step that finished last (a step that runs twice adds up in ``seconds``)."""

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.last = now - self._last
        self.seconds[step] = round(self.seconds.get(step, 0.0) + self.last, 3)
        self._last = now
        if self._then is not None:
            self._then(step)

    def slowest(self, n: int = 3) -> list[tuple[str, float]]:
        return sorted(self.seconds.items(), key=lambda kv: -kv[1])[:n]
