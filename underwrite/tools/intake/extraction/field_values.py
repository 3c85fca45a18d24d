"""A raw value typed for one field, by the field's kind, with every conversion done by :mod:`normalize`.

Money comes back with its currency and the period it is stated for; a monthly field given as an
annual figure (or the reverse) is converted, and the unit says which (``EUR/month``, ``CNY/year``).
Durations are in the field's unit, starts ("seit 2019") measured against the application date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import FactValue
from underwrite.tools.intake.extraction import normalize as nz
from underwrite.tools.intake.extraction.lexicon import category_value

MONTHLY_FIELDS = {"monthly_net_income", "monthly_debt_payments", "monthly_housing_cost", "monthly_expenses"}
ANNUAL_FIELDS = {
    "annual_income",
    "business_annual_revenue",
    "business_ebitda",
    "business_existing_debt_service",
}
DEFAULT_CURRENCY = "EUR"
_IN_MONTHS = re.compile(r"\b(?:months?|monate?n?|mois|meses|mesi|maanden)\b", re.I)
MAX_TERM_MONTHS = 600  # 50 years: longer than any consumer or mortgage term


@dataclass(frozen=True)
class Typed:
    value: FactValue
    unit: str | None


def _money(name: str, raw: str, label: str, currency: str | None) -> Typed | None:
    amount = nz.parse_amount(raw)
    if amount is None or amount.value < 0:
        return None
    value = amount.value
    period = amount.period or nz.period_of(label)
    if name in MONTHLY_FIELDS and period == "annual":
        value = value / 12
    elif name in ANNUAL_FIELDS and period == "monthly":
        value = value * 12
    code = amount.currency or currency or DEFAULT_CURRENCY
    suffix = "/month" if name in MONTHLY_FIELDS else "/year" if name in ANNUAL_FIELDS else ""
    return Typed(round(value, 2), f"{code}{suffix}")


# The answer to a yes/no question ("Have you lived here 2 years?" — "No - previous address … (3 years)")
# states no duration of its own, whatever numbers follow it.
YES_NO_ANSWER = re.compile(
    r"^\s*(?:no|yes|nein|ja|non|oui|s[íi]|nee|n[ãa]o|sim|nej|ei|kyllä)\b(?!\.\s*\d)", re.I
)


def _years(raw: str, applied: date | None) -> float | None:
    if YES_NO_ANSWER.match(raw):
        return None
    months = nz.parse_duration_months(raw, applied)
    if months is not None:
        return round(months / 12, 2) if months >= 0 else None
    number = nz.parse_number(raw)
    if number is None or not 0 <= number < 100:
        return None
    return number


def _text(raw: str) -> str | None:
    value = raw.strip().strip("|").strip()
    letters = sum(ch.isalpha() for ch in value)
    return value if letters >= 2 and not re.fullmatch(r"[_.\-\s]+", value) else None


_SURNAME = r"(?:sur|last |family |nach|familien)?name"
_FORENAME = r"(?:vor|first |given |fore|christian )name|first|forename"
_NAME_PART = r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?"
_COMMA_NAME = re.compile(
    rf"^\s*({_NAME_PART}(?:\s+{_NAME_PART}){{0,2}})\s*,\s*({_NAME_PART}(?:\s+{_NAME_PART}){{0,2}})\s*$"
)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "mba", "md", "esq", "esq."}
_BIRTH_NAME = {"geb", "geb.", "née", "nee", "born"}  # "Anna Roth, geb. Weber": a birth name follows
_COURTESY_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Herr|Frau|Mme|Mlle|Madame|Monsieur|Sig\.ra|Sig\.|Signora|Signor|Pani|"
    r"Sr|Sra|Señor|Señora|Dhr|Mevr|Mevrouw"
)
_COURTESY = re.compile(rf"^\s*(?:{_COURTESY_TITLES})\.?\s+(?=[^\W\d_])")
# A title field alone ("MS", "Dr."): no name, in any case; Dr and Prof count here though a name
# keeps them ("Frau Dr. Anna Roth").
_TITLE_ONLY = re.compile(rf"^\s*(?:{_COURTESY_TITLES}|Sigra|Sig|Dr|Prof|Pan)\.?\s*$", re.IGNORECASE)


def without_courtesy(text: str) -> str:
    """``text`` without a leading courtesy title; "Herr Brandt" alone keeps it (no forename left)."""
    bare = _COURTESY.sub("", text, count=1)
    return bare if len(bare.split()) >= 2 else text


def person_name(label: str, raw: str) -> str | None:
    """A person's name in reading order: "Brandt, Matthias" under "Name, Vorname" is Matthias Brandt.

    Forms and bank systems write "Surname, Forename" when a comma separates two name parts; the
    label may say so ("Name, Vorname", "Surname, first name"). A label that puts the forename
    first ("Vorname, Name") keeps the order; a trailing "Jr."/"PhD" is no forename.
    """
    text = _text(raw)
    if text is None or _TITLE_ONLY.match(text):
        return None  # a title field ("MS" in a broker payload's ``person.title``) names nobody
    # A form's title field folded into the name ("Ms Priya Raman", "Frau Dr. Anna Roth" keeps "Dr."):
    # a courtesy title is no part of the legal name.
    text = without_courtesy(text)
    m = _COMMA_NAME.match(text)
    if not m or m.group(2).lower() in _SUFFIXES or m.group(2).split()[0].lower() in _BIRTH_NAME:
        return text
    words = label.lower()
    surname, forename = re.search(_SURNAME, words), re.search(_FORENAME, words)
    if surname and forename and forename.start() < surname.start():
        return f"{m.group(1)} {m.group(2)}"  # the label says forename first
    return f"{m.group(2)} {m.group(1)}"


def _category(name: str, raw: str) -> str | None:
    if name == "public_records":
        count = nz.parse_number(raw) if re.fullmatch(r"\s*\d+\s*", raw) else None
        if count is not None:
            return "yes" if count > 0 else "no"
    return category_value(name, raw)


def typed_value(
    name: str, raw: str, label: str, applied: date | None, currency: str | None = None
) -> Typed | None:
    """``raw`` as a value of field ``name``, or None when it cannot be one."""
    kind = FIELDS[name].kind
    if not raw.strip():
        return None
    if kind == FieldKind.money:
        return _money(name, raw, label, currency)
    if kind == FieldKind.months:
        months = nz.parse_duration_months(raw, applied)
        if months is None:
            count = nz.parse_count(raw)
            months = None if count is None else float(count)
        if months is None or not 0 < months <= MAX_TERM_MONTHS:
            return None  # "NET-MTH 3150.00" is an income, not a 262-year term
        return Typed(round(months), "months")
    if kind == FieldKind.years:
        years = _years(raw, applied)
        if years is not None and _IN_MONTHS.search(label) and not nz.period_of(raw) and raw.strip().isdigit():
            years = round(years / 12, 2)  # "Residency duration months count: 38" is 38 months
        return None if years is None else Typed(years, "years")
    if kind == FieldKind.integer:
        count = nz.parse_count(raw)
        return None if count is None else Typed(count, None)
    if kind == FieldKind.percent:
        number = nz.parse_number(raw)
        return None if number is None or not 0 <= number <= 100 else Typed(number, "%")
    if kind == FieldKind.date:
        day = nz.parse_date(raw)
        return None if day is None else Typed(day.isoformat(), None)
    if kind == FieldKind.category:
        value = _category(name, raw)
        return None if value is None else Typed(value, None)
    text = person_name(label, raw) if name == "applicant_name" else _text(raw)
    return None if text is None else Typed(text, None)
