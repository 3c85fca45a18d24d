"""The code-only steps of underwriting as plain typed functions: what an application's facts say
once ratios, checks, score and policy rules have run. No LLM, no retrieval.

The graph's nodes call these one step at a time (``nodes/analysis.py``); the workbench's preview of
a packet that has not run yet calls :func:`assess`, so the two cannot disagree on a number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict

from underwrite.agent.state import Flag
from underwrite.core.schemas import Application, FactValue, RuleFinding, Score
from underwrite.tools.checks.consistency import check_income_consistency
from underwrite.tools.checks.ratios import Ratios, compute_ratios
from underwrite.tools.intake.packet import best_values

OUTLIER_PERCENTILE = 0.01
"""Flag an application stranger than 99% of the training population."""

AnomalyScorer = Callable[[Mapping[str, FactValue]], float | None]
RuleEngine = Callable[[Mapping[str, FactValue], str], list[RuleFinding]]


class Assessment(BaseModel):
    """An application with everything code computes from it."""

    model_config = ConfigDict(extra="forbid")

    application: Application
    values: dict[str, FactValue]
    """Best value per fact, merged with the computed ratios: what the rules read."""
    ratios: Ratios
    checks: list[Flag]
    """Consistency gaps and (when an anomaly scorer is given) a statistical-outlier flag."""
    anomaly_score: float | None = None
    score: Score
    findings: list[RuleFinding]


def with_ratios(values: Mapping[str, FactValue]) -> tuple[Ratios, dict[str, FactValue]]:
    """The ratios of ``values`` and the values with every computable ratio merged in."""
    ratios = compute_ratios(values)
    merged = {**values, **{k: v for k, v in ratios.as_values().items() if v is not None}}
    return ratios, merged


def check_flags(
    values: Mapping[str, FactValue], anomaly: AnomalyScorer | None = None
) -> tuple[list[Flag], float | None]:
    """Flags from the income consistency checks and the anomaly scorer, and the anomaly percentile."""
    flags = [
        Flag(code="income_inconsistent", message=c.message, source=c.check)
        for c in check_income_consistency(values)
        if not c.ok
    ]
    percentile = anomaly(values) if anomaly else None
    if percentile is not None and percentile < OUTLIER_PERCENTILE:
        flags.append(
            Flag(
                code="statistical_outlier",
                source="anomaly",
                message=f"only {percentile:.1%} of training applications are less typical",
            )
        )
    return flags, percentile


def assess(
    app: Application,
    *,
    score: Callable[[Application], Score],
    rules: RuleEngine,
    anomaly: AnomalyScorer | None = None,
) -> Assessment:
    """Every code-only step over ``app``: best values, ratios, checks, score, rule findings."""
    values = best_values(app)
    ratios, merged = with_ratios(values)
    checks, percentile = check_flags(merged, anomaly)
    findings = rules(merged, str(values.get("product") or app.request.product))
    return Assessment(
        application=app,
        values=merged,
        ratios=ratios,
        checks=checks,
        anomaly_score=percentile,
        score=score(app),
        findings=findings,
    )
