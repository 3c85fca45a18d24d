"""Rubric files: every bar a suite is held to, each next to the written argument for it.

``underwrite/evals/rubrics/<suite>.yaml``::

    suite: model_validation
    title: Score model validation (SR 11-7)
    bars:
      - metric: auc
        op: ">="
        threshold: 0.70
        why: >
          Why this number, in words a validator would accept.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import math
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from underwrite.evals.harness.types import BarResult, MetricValue, Operator


class RubricError(ValueError):
    """A rubric file is missing, malformed, or does not match its suite's scorers."""


class Bar(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: str
    op: Operator
    threshold: float
    why: str = Field(min_length=20, description="The argument for this bar; a bar without one is a guess")

    def check(self, value: MetricValue) -> BarResult:
        """A missing or NaN value never meets a bar: what could not be measured is not a pass."""
        ok = value is not None and not math.isnan(value) and _compare(value, self.op, self.threshold)
        return BarResult(
            metric=self.metric, op=self.op, threshold=self.threshold, value=value, passed=ok, why=self.why
        )


def _compare(value: float, op: Operator, threshold: float) -> bool:
    if op == ">=":
        return value >= threshold
    if op == ">":
        return value > threshold
    if op == "<=":
        return value <= threshold
    if op == "<":
        return value < threshold
    if op == "==":
        return math.isclose(value, threshold, rel_tol=0.0, abs_tol=1e-12)
    raise RubricError(f"unknown operator {op!r}")


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    suite: str
    title: str
    summary: str = ""
    headline: list[str] = Field(default_factory=list, description="Metrics shown in the summary table")
    bars: list[Bar]
    sha256: str = ""

    def bars_for(self, metrics: set[str] | frozenset[str]) -> list[Bar]:
        return [b for b in self.bars if b.metric in metrics]

    def check(self, values: dict[str, MetricValue], metrics: set[str] | frozenset[str]) -> list[BarResult]:
        return [bar.check(values.get(bar.metric)) for bar in self.bars_for(metrics)]


def rubric_dir() -> Path:
    return Path(str(importlib.resources.files("underwrite.evals").joinpath("rubrics")))


def load_rubric(suite: str, directory: Path | None = None) -> Rubric:
    path = (directory or rubric_dir()) / f"{suite}.yaml"
    if not path.is_file():
        raise RubricError(f"no rubric for suite {suite!r}: expected {path}")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
        rubric = Rubric.model_validate({**data, "sha256": hashlib.sha256(raw).hexdigest()})
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise RubricError(f"{path}: {exc}") from exc
    if rubric.suite != suite:
        raise RubricError(f"{path} declares suite {rubric.suite!r}, expected {suite!r}")
    return rubric
