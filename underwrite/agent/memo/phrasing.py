"""How code writes facts, ratios and limits in the deterministic narrative.

Every rendering here is one the verifier reads back as the state's own number: fractions as
percentages with at most one decimal, money and counts as written by :func:`fmt_value`. Counts
that are not in the state ("30+ day", "24 months") are spelled out in words, never as digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underwrite.agent.memo.verifier import prohibited_terms_in
from underwrite.core.schemas import RuleFinding

MAX_TEXT = 400


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Shorten at a word boundary, so a number is never cut in half."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def fmt_value(value: object) -> str:
    """How code writes a state value in prose (the verifier accepts exactly these renderings)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.4f}"
    return str(value)


def pct(fraction: float) -> str:
    """0.1642 → "16.4%", 0.4 → "40%" (one decimal at most: within the verifier's rounding)."""
    return f"{fraction * 100:.1f}".removesuffix(".0") + "%"


@dataclass(frozen=True)
class Subject:
    label: str
    kind: str
    """fraction (a ratio written as a percentage), percent (already in percent), money, years, count,
    times (a multiple such as DSCR), months, category."""


SUBJECTS: dict[str, Subject] = {
    "dti": Subject("debt-to-income", "fraction"),
    "pti": Subject("payment-to-income", "fraction"),
    "lti": Subject("loan-to-annual-income", "fraction"),
    "residual_income": Subject("residual income", "money"),
    "employment_years": Subject("tenure with the current employer", "years"),
    "delinquencies_2y": Subject("delinquencies in the last two years", "count"),
    "inquiries_6m": Subject("credit inquiries in six months", "count"),
    "revolving_utilization_pct": Subject("revolving utilisation", "percent"),
    "credit_history": Subject("credit history", "category"),
    "public_records": Subject("adverse public records", "category"),
    "guarantors": Subject("guarantor or co-applicant", "category"),
    "dscr": Subject("debt-service coverage", "times"),
    "leverage": Subject("total debt to EBITDA", "times"),
    "business_ebitda": Subject("EBITDA", "money"),
    "years_in_business": Subject("trading history", "years"),
    "business_equity": Subject("book equity", "money"),
    "loan_amount": Subject("loan amount", "money"),
    "loan_term_months": Subject("term", "months"),
    "monthly_expenses": Subject("declared living expenses", "money"),
    "monthly_net_income": Subject("net monthly income", "money"),
}


def subject_of(name: str) -> Subject:
    return SUBJECTS.get(name, Subject(name.replace("_", " "), "category"))


def as_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def render(name: str, value: object) -> str:
    """A value of ``name`` as an underwriter writes it: "16.4%", "EUR 812.30", "6 years"."""
    kind = subject_of(name).kind
    number = as_number(value)
    if number is None:
        return fmt_value(value)
    whole = number.is_integer()
    plain = f"{number:,.0f}" if whole else f"{number:,.2f}"
    if kind == "fraction":
        return pct(number)
    if kind == "percent":
        return f"{plain}%"
    if kind == "money":
        return f"EUR {plain}"
    if kind == "years":
        return f"{plain} year" + ("" if number == 1 else "s")
    if kind == "months":
        return f"{plain} months"
    if kind == "times":
        return f"{number:,.2f} times"
    return plain


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_upper_bound(finding: RuleFinding) -> bool:
    return finding.operator in ("<=", "<")


def comparison(finding: RuleFinding) -> str:
    """ "debt-to-income of 35.1% against the 40% maximum" for a numeric rule."""
    bound = "maximum" if is_upper_bound(finding) else "minimum"
    subject = subject_of(finding.subject)
    value, limit = render(finding.subject, finding.value), render(finding.subject, finding.limit)
    # a count reads "delinquencies in the last two years: 1 against the 0 maximum"
    joint = ":" if subject.kind == "count" else " of"
    return f"{subject.label}{joint} {value} against the {limit} {bound}"


def rule_ref(finding: RuleFinding) -> str:
    """The ids that trace a statement to its rule; naming the rule id also grounds the statement."""
    return f"({finding.rule_id}, {finding.section_id})"


_CODE_WORD = re.compile(r"[A-Za-z]+")


def code_words(code: str) -> str:
    """A flag code or document kind in words ("income_inconsistent" → "income inconsistent"), digits
    dropped so a code never introduces a number the state does not hold."""
    return " ".join(_CODE_WORD.findall(code.replace("|", " or ")))


def safe_value(value: object) -> bool:
    """Whether a free-text value may be quoted: a value naming a prohibited basis never is."""
    return not prohibited_terms_in(str(value))
