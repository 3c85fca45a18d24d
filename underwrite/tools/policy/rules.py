"""Deterministic policy rules: facts and ratios in, findings that cite the policy out.

The LLM never decides whether a limit is met. ``evaluate_rules`` applies the rule table
(``tools/policy/rules.yaml``) to the values of one application; ``recommend_from_findings`` turns
findings and the grade into the baseline recommendation of CP-9.4; ``required_exception_authority``
says who may approve a hard-rule failure as an exception (CP-10.2).

Boundary semantics: ``<=`` and ``>=`` pass when the value equals the limit; ``<`` and ``>`` fail
then. Values within 1e-9 of the limit count as equal, so float noise cannot flip a boundary.
A missing, empty, NaN or non-numeric value is ``cannot_evaluate`` — never a pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from underwrite.core.schemas import (
    FactValue,
    FindingStatus,
    Recommendation,
    RuleFinding,
    Severity,
)
from underwrite.tools.policy.table import (
    Condition,
    Limit,
    Rule,
    RuleTableError,
    approval_authority,
    compute_policy_version,
    grade_for_pd,
    load_rule_table,
    missing_documents,
    required_documents,
)

__all__ = [
    "POLICY_VERSION",
    "RuleTableError",
    "approval_authority",
    "evaluate_rules",
    "grade_for_pd",
    "missing_documents",
    "recommend_from_findings",
    "required_documents",
    "required_exception_authority",
]

POLICY_VERSION: str = compute_policy_version()
"""Edition plus a hash of the manual and rule table text; recorded with every recommendation."""

EQUAL_TOLERANCE = 1e-9


class _NotComparable(ValueError):
    """The value exists but cannot be compared with the limit (e.g. text against a number)."""


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_number(value: FactValue) -> float:
    if isinstance(value, bool):
        raise _NotComparable(f"{value!r} is a yes/no value, not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise _NotComparable(f"{value!r} is not a number") from exc
    if math.isnan(number):
        raise _NotComparable("value is NaN")
    return number


def _normalise(value: object) -> str:
    return str(value).strip().casefold()


def _holds(operator: str, value: FactValue, limit: Limit) -> bool:
    """Whether ``value <operator> limit`` holds; raises _NotComparable for mismatched types."""
    if operator == "exists":
        return True
    if operator in ("in", "not_in"):
        assert isinstance(limit, list)
        member = _normalise(value) in {_normalise(item) for item in limit}
        return member if operator == "in" else not member
    if operator in ("==", "!="):
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            equal = math.isclose(_as_number(value), float(limit), rel_tol=0, abs_tol=EQUAL_TOLERANCE)
        else:
            equal = _normalise(value) == _normalise(limit)
        return equal if operator == "==" else not equal
    number, bound = _as_number(value), float(limit)  # type: ignore[arg-type]
    equal = math.isclose(number, bound, rel_tol=0, abs_tol=EQUAL_TOLERANCE)
    if operator == "<=":
        return number < bound or equal
    if operator == ">=":
        return number > bound or equal
    if operator == "<":
        return number < bound and not equal
    if operator == ">":
        return number > bound and not equal
    raise ValueError(f"unknown operator {operator!r}")


def _render_limit(limit: Limit) -> float | str | None:
    if isinstance(limit, list):
        return ", ".join(limit)
    return limit


def _render_value(value: FactValue) -> float | str | None:
    if value is None or isinstance(value, str | float):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return float(value)


def _finding(rule: Rule, status: FindingStatus, value: FactValue, message: str) -> RuleFinding:
    return RuleFinding(
        rule_id=rule.id,
        section_id=rule.section,
        subject=rule.subject,
        operator=rule.operator,
        limit=_render_limit(rule.limit),
        value=_render_value(value),
        severity=rule.severity,
        status=status,
        message=message,
    )


def _applies(cond: Condition, values: Mapping[str, FactValue]) -> bool | str:
    """True/False whether a conditional rule applies, or the reason it cannot be told."""
    value = values.get(cond.subject)
    if _is_missing(value):
        return f"cannot tell whether the rule applies: {cond.subject} is missing"
    try:
        return _holds(cond.operator, value, cond.limit)
    except _NotComparable as exc:
        return f"cannot tell whether the rule applies: {cond.subject} {exc}"


def evaluate_rule(rule: Rule, values: Mapping[str, FactValue]) -> RuleFinding | None:
    """One rule against the values; None when a conditional rule does not apply."""
    if rule.when is not None:
        applies = _applies(rule.when, values)
        if isinstance(applies, str):
            return _finding(rule, FindingStatus.cannot_evaluate, None, f"{rule.message} — {applies}")
        if not applies:
            return None
    value = values.get(rule.subject)
    if _is_missing(value):
        return _finding(
            rule, FindingStatus.cannot_evaluate, None, f"{rule.message} — {rule.subject} is missing"
        )
    try:
        passed = _holds(rule.operator, value, rule.limit)
    except _NotComparable as exc:
        return _finding(rule, FindingStatus.cannot_evaluate, value, f"{rule.message} — {exc}")
    status = FindingStatus.passed if passed else FindingStatus.failed
    return _finding(rule, status, value, rule.message)


def evaluate_rules(values: Mapping[str, FactValue], product: str) -> list[RuleFinding]:
    """Apply every policy rule for ``product`` to ``values`` (facts merged with ratios).

    Returns one finding per applicable rule, in rule-table order, each citing its policy section.
    Conditional rules whose condition does not hold are left out. Raises ValueError for an
    unknown product.
    """
    table = load_rule_table()
    if product not in table.products:
        raise ValueError(f"unknown product {product!r}; choose one of {', '.join(table.products)}")
    findings = (evaluate_rule(rule, values) for rule in table.rules if product in rule.products)
    return [f for f in findings if f is not None]


def required_exception_authority(findings: Sequence[RuleFinding]) -> str | None:
    """Authority level (e.g. ``"L3"``) needed to approve the failed hard rules as an exception.

    The highest level named by any failed hard rule (CP-10.2), or None when no hard rule failed.
    The amount-based approval authority (``approval_authority``) applies in addition (CP-10.1).
    """
    table = load_rule_table()
    levels = [
        table.rule(f.rule_id).exception_authority
        for f in findings
        if f.severity is Severity.hard and f.status is FindingStatus.failed
    ]
    named = [level for level in levels if level]
    return max(named, key=table.authority_rank) if named else None


def recommend_from_findings(
    findings: Sequence[RuleFinding],
    pd: float | None,
    grade: str | None,
    *,
    integrity_flags: Sequence[str] = (),
    missing_document_kinds: Sequence[str] = (),
) -> Recommendation:
    """The deterministic baseline recommendation of CP-9.4.

    Precedence: integrity flag or missing document → refer; hard failure or grade F → decline;
    hard rule not evaluable, grade E or no grade → refer; soft failure / soft not evaluable or
    grade D → approve_with_conditions; else approve. ``grade`` wins over ``pd`` when both are given.
    """
    if integrity_flags or missing_document_kinds:
        return Recommendation.refer
    table = load_rule_table()
    if grade is None and pd is not None:
        grade = grade_for_pd(pd)
    cutoffs = {band.grade: band.cutoff for band in table.grades}
    if grade is not None and grade not in cutoffs:
        raise ValueError(f"unknown grade {grade!r}; the policy grades are {', '.join(cutoffs)}")
    cutoff = cutoffs[grade] if grade is not None else Recommendation.refer

    def any_of(severity: Severity, status: FindingStatus) -> bool:
        return any(f.severity is severity and f.status is status for f in findings)

    if any_of(Severity.hard, FindingStatus.failed) or cutoff is Recommendation.decline:
        return Recommendation.decline
    if any_of(Severity.hard, FindingStatus.cannot_evaluate) or cutoff is Recommendation.refer:
        return Recommendation.refer
    if (
        any_of(Severity.soft, FindingStatus.failed)
        or any_of(Severity.soft, FindingStatus.cannot_evaluate)
        or cutoff is Recommendation.approve_with_conditions
    ):
        return Recommendation.approve_with_conditions
    return Recommendation.approve
