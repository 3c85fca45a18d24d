"""Typed results: what a scorer returns, what a bar decided, what a suite and a whole run record.

These models are the log format. Bump :data:`SCHEMA_VERSION` whenever a field changes meaning.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

MetricValue = float | None
Operator = Literal[">=", ">", "<=", "<", "=="]


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseScore(_Model):
    """One case's verdict from one scorer."""

    case_id: str
    passed: bool | None = Field(default=None, description="None when the scorer does not judge cases")
    values: dict[str, Any] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class ScoreOutput(_Model):
    """What a scorer returns: named metrics (the rubric's bars test these), per-case verdicts, details."""

    metrics: dict[str, MetricValue]
    cases: list[CaseScore] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict, description="JSON-safe extra tables")


class BarResult(_Model):
    metric: str
    op: Operator
    threshold: float
    value: MetricValue
    passed: bool
    why: str


class RedCaseResult(_Model):
    """A scorer's red case: a state built to miss a bar. ``passed`` True means the scorer cannot fail."""

    scorer: str
    description: str
    metrics: dict[str, MetricValue]
    bars: list[BarResult]
    passed: bool


class SuiteStatus(StrEnum):
    passed = "passed"
    failed = "failed"
    """Ran, valid, but at least one bar was missed."""
    invalid = "invalid"
    """A red case passed (a scorer that cannot fail) or the rubric does not match the scorers."""
    not_run = "not_run"
    """A dependency is unavailable; never counted as a pass."""
    error = "error"


class PlotRecord(_Model):
    name: str
    title: str
    path: str = Field(description="PNG path relative to the report directory")


class SuiteResult(_Model):
    name: str
    title: str
    status: SuiteStatus
    reason: str = ""
    started_at: datetime = Field(default_factory=utcnow)
    duration_s: float = 0.0
    fast: bool = False
    rubric_sha256: str = ""
    red_cases: list[RedCaseResult] = Field(default_factory=list)
    metrics: dict[str, MetricValue] = Field(default_factory=dict)
    bars: list[BarResult] = Field(default_factory=list)
    cases: dict[str, list[CaseScore]] = Field(
        default_factory=dict, description="scorer name → per-case verdicts"
    )
    details: dict[str, Any] = Field(default_factory=dict)
    headline: list[str] = Field(default_factory=list, description="Metric names shown in the summary")
    plots: list[PlotRecord] = Field(default_factory=list)
    n_cases: int = 0

    @property
    def gate_ok(self) -> bool:
        return self.status == SuiteStatus.passed

    @property
    def failed_bars(self) -> list[BarResult]:
        return [b for b in self.bars if not b.passed]


class EvalLog(_Model):
    """One `underwrite eval` run: everything needed to know what was measured, on what, with what."""

    schema_version: str = SCHEMA_VERSION
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    inputs: dict[str, str] = Field(default_factory=dict, description="input name → content hash")
    suites: list[SuiteResult] = Field(default_factory=list)

    @property
    def gate_ok(self) -> bool:
        return bool(self.suites) and all(s.gate_ok for s in self.suites)
