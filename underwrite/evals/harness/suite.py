"""The suite base: dataset of cases + solver + scorers, the dependencies it needs, and its plots.

Subclasses implement :meth:`Suite.solve` (build the cases and run the solver over them, returning
the typed state the scorers read) and may draw plots from that state. A suite whose dependency is
missing is reported as ``not_run`` with the reason — never as a pass.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic

from underwrite.evals.harness.scorer import Scorer, StateT
from underwrite.evals.harness.types import PlotRecord

ProgressFn = Callable[[str, int, int], None]
"""(description, completed, total) — the runner turns this into a rich progress bar on stderr."""


@dataclass(frozen=True)
class Requirement:
    """A piece of the project a suite needs: importable ``module`` exposing every name in ``attrs``."""

    dependency: str
    module: str
    attrs: tuple[str, ...] = ()

    def missing(self) -> str | None:
        """None when available, else why not (one line)."""
        try:
            mod = importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            return f"{self.dependency} unavailable (no module {exc.name})"
        except Exception as exc:  # a module that exists but fails while importing
            return f"{self.dependency} unavailable ({self.module}: {type(exc).__name__}: {exc})"
        absent = [a for a in self.attrs if not hasattr(mod, a)]
        if absent:
            return f"{self.dependency} unavailable ({self.module} lacks {', '.join(absent)})"
        return None


@dataclass
class RunContext:
    """What a suite may use while it runs; it records the versions and inputs it touched."""

    out_dir: Path
    cache_dir: Path
    fast: bool = False
    seed: int = 20261122
    progress: ProgressFn = lambda _d, _c, _t: None
    versions: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    """Objects suites of one run share (prepared components, graph outcomes per packet)."""

    def record_version(self, name: str, value: str) -> None:
        self.versions[name] = value

    def record_input(self, name: str, content_hash: str) -> None:
        self.inputs[name] = content_hash

    @property
    def plots_dir(self) -> Path:
        path = self.out_dir / "plots"
        path.mkdir(parents=True, exist_ok=True)
        return path


class Suite(ABC, Generic[StateT]):
    name: ClassVar[str]
    requires: ClassVar[tuple[Requirement, ...]] = ()
    in_fast: ClassVar[bool] = False
    """Part of the CI subset run by ``underwrite eval --fast``."""

    @abstractmethod
    def scorers(self) -> Sequence[Scorer[StateT]]: ...

    @abstractmethod
    def solve(self, ctx: RunContext) -> StateT:
        """Build the cases and run the solver over them.

        ``ctx.fast`` only records that the run is the CI subset; no suite shrinks its cases for it.
        """

    def red_state(self, scorer: Scorer[StateT], ctx: RunContext) -> StateT:
        """The red case for a scorer; a suite may replace it with a real run (e.g. a fabricating model)."""
        return scorer.red_state()

    def n_cases(self, state: StateT) -> int:
        return 0

    def details(self, state: StateT) -> dict[str, Any]:
        """JSON-safe per-suite tables for the log and report."""
        return {}

    def plots(self, state: StateT, ctx: RunContext) -> list[PlotRecord]:
        return []

    def missing_dependency(self) -> str | None:
        for req in self.requires:
            why = req.missing()
            if why:
                return why
        return None
