"""Turn a raw form value into a typed fact value, by the field's kind and the label it came under."""

from __future__ import annotations

import re
from datetime import date

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import FactValue
from underwrite.tools.intake.extraction.field_values import YES_NO_ANSWER, without_courtesy
from underwrite.tools.intake.extraction.parse import (
    find_month_year,
    months_between,
    parse_date,
    parse_int,
    parse_money,
    parse_months,
)
from underwrite.tools.intake.extraction.vocabulary import canonical_value, normalize

_YEARS_LABEL = re.compile(r"\byears?\b|\bjahre|年", re.I)
UNITS = {FieldKind.money: "EUR", FieldKind.months: "months", FieldKind.years: "years", FieldKind.percent: "%"}


def _year_in(raw: str) -> int | None:
    value = parse_int(raw)
    return value if value is not None and 1900 <= value <= 2100 else None


def parse_value(name: str, label: str, raw: str, applied: date | None) -> FactValue:
    """The typed value of ``raw`` for field ``name``, or None when it cannot be read as one."""
    kind = FIELDS[name].kind
    label_key = normalize(label)
    if name == "residence_years" and label_key == "living here since":
        year = _year_in(raw)
        return applied.year - year if applied and year else None
    if name == "years_in_business" and label_key == "trading since":
        year = _year_in(raw)
        return applied.year - year if applied and year else None
    if name == "employment_years":
        if label_key == "employed since":
            since = find_month_year(raw)
            if not since or not applied:
                return None
            return round(months_between((applied.year, applied.month), since) / 12, 2)
        if _YEARS_LABEL.search(label) and re.fullmatch(r"\s*\d{1,2}(?:[.,]\d)?\s*", raw):
            return float(raw.strip().replace(",", "."))  # "Years with employer: 4" counts years
        months = parse_months(raw)  # a bare number under any other label is months
        return None if months is None else round(months / 12, 2)
    if name == "loan_term_months":
        return parse_months(raw)
    if kind == FieldKind.money:
        return parse_money(raw)
    if kind == FieldKind.date:
        found = parse_date(raw)
        return found.isoformat() if found else None
    if kind == FieldKind.category:
        return canonical_value(name, raw)
    if kind in (FieldKind.years, FieldKind.months) and YES_NO_ANSWER.match(raw):
        return None
    if kind in (FieldKind.integer, FieldKind.years, FieldKind.months):
        return parse_int(raw)
    if name == "applicant_name":
        return without_courtesy(raw.strip()) or None
    return raw.strip() or None
