"""The scorer base: a small pure function over a typed state, with a red case that must fail.

A scorer names the metrics it emits; the suite's rubric holds the bars on those metrics. Its red
case is a synthetic state built to miss a bar (random scores, a prohibited reason, a flipped
decision...). The harness scores the red case before any real case and refuses the suite if every
bar on the scorer's metrics is met by it: such a scorer cannot fail, so its passes mean nothing.
The green case (a state that must meet the bars) exists for the tests.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Generic, TypeVar

from underwrite.evals.harness.types import ScoreOutput

StateT = TypeVar("StateT")


class Scorer(ABC, Generic[StateT]):
    name: ClassVar[str]
    metrics: ClassVar[frozenset[str]]
    red_description: ClassVar[str]
    """What the red case is, in words: shown in the report beside its outcome."""

    @abstractmethod
    def score(self, state: StateT) -> ScoreOutput:
        """Compute this scorer's metrics on a state. Must not mutate the state."""

    @abstractmethod
    def red_state(self) -> StateT:
        """A synthetic state that must miss at least one bar on this scorer's metrics."""

    @abstractmethod
    def green_state(self) -> StateT:
        """A synthetic state that must meet every bar on this scorer's metrics."""

    def __repr__(self) -> str:
        return f"<scorer {self.name}>"
