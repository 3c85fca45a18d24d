"""A policy finding as a credit committee reads it in the exported memo: the quantity by its label
with its unit ("Debt-to-income 48.6%", "Loan amount EUR 10,477"), the limit in the same unit, and
the outcome in words. Before, the export printed the rule engine's raw test
("dti = 0.4861 | <= 0.4", "inquiries_6m = None", "exists None") beside a ratio table in percent.
"""

from __future__ import annotations

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.memo import FindingRow

RATIO_NAMES = {
    "dti": "Debt-to-income",
    "pti": "Payment-to-income",
    "lti": "Loan-to-annual-income",
    "residual_income": "Residual income",
    "monthly_payment": "New monthly instalment",
    "dscr": "Debt service coverage",
    "leverage": "Leverage (debt / EBITDA)",
}
_PERCENT = {"dti", "pti", "lti"}
_EUR_MONTH = {"residual_income", "monthly_payment"}
STATUS_WORDS = {"pass": "met", "fail": "not met", "cannot_evaluate": "cannot evaluate"}
OPERATOR_WORDS = {"not_in": "not", "in": "one of"}


def subject_label(subject: str) -> str:
    if subject in RATIO_NAMES:
        return RATIO_NAMES[subject]
    return FIELDS[subject].label if subject in FIELDS else subject.replace("_", " ")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def quantity_text(subject: str, value: object) -> str:
    """One value of ``subject`` with its unit; None reads "not on file"."""
    if value is None:
        return "not on file"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if subject in _PERCENT:
        return f"{value:.1%}"
    if subject in _EUR_MONTH:
        return f"EUR {_number(value)}/month"
    kind = FIELDS[subject].kind if subject in FIELDS else None
    if kind is FieldKind.money:
        return f"EUR {_number(value)}"
    if kind in (FieldKind.months, FieldKind.years):
        unit = kind.value if value != 1 else kind.value.removesuffix("s")
        return f"{_number(value)} {unit}"
    if kind is FieldKind.percent:
        return f"{_number(value)}%"
    return _number(value)


def limit_text(subject: str, operator: str, limit: object) -> str:
    """ "<= 40.0%", ">= EUR 1,000", "not delay in paying off in the past", "must be stated"."""
    if operator == "exists":
        return "must be stated"
    return f"{OPERATOR_WORDS.get(operator, operator)} {quantity_text(subject, limit)}"


def finding_test_text(subject: str, value: object, operator: str, limit: object) -> str:
    """The whole test on one line, as the workbench's findings table shows it."""
    return f"{subject_label(subject)}: {quantity_text(subject, value)} {limit_text(subject, operator, limit)}"


def finding_cells(f: FindingRow) -> list[str]:
    """Rule, section, value, limit, severity, outcome."""
    return [
        f.rule_id,
        f.section_id,
        f"{subject_label(f.subject)}: {quantity_text(f.subject, f.value)}",
        limit_text(f.subject, f.operator, f.limit),
        f.severity.value,
        STATUS_WORDS.get(f.status.value, f.status.value),
    ]
