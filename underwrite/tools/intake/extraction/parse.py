"""Tolerant parsers for the number, money and date formats found on real forms.

Money: ``1,234.50`` · ``1.234,50`` · ``EUR 1,234`` · ``1 234,50 €`` · ``€1,234.50`` · ``1234.50 EUR``,
with an optional leading minus. A separator followed by exactly two digits at the end is decimal;
groups of three digits are thousands (so ``1.234`` is one thousand two hundred and thirty-four).
Dates: ISO, ``14.03.2025``, ``14/03/2025``, ``14-03-2025``, ``22. 7. 1990``, ``14 Mar 2025``,
``14 March 2025``, ``3 de novembro de 1986``, ``March 14, 2025`` (month names: :mod:`months`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from underwrite.tools.intake.extraction.months import MONTH_WORD, month_number

_CUR = r"(?:EUR|€)"
_NUM = r"(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?: \d{3})+)(?:[.,]\d{2})?|\d+(?:[.,]\d{2})?)"
MONEY_RE = re.compile(
    rf"(?<![\w.,\-])(?:{_CUR}\s?)?-?(?:{_CUR}\s?)?{_NUM}(?:\s?{_CUR})?(?![\w]|[.,]\d)",
)
INT_RE = re.compile(r"(?<![\w.,])\d+(?![\w]|[.,]\d)")

_MON = rf"(?P<mon>{MONTH_WORD})\.?"
DATE_RES = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<![\d-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s+(?P<m>\d{1,2})\.\s*(?P<y>\d{4})(?!\d)"),  # 22. 7. 1990
    re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?{_MON}\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)"),
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),  # 2025年5月6日
]
MONTH_YEAR_RE = re.compile(rf"(?<![\d./])(?:(?P<m>\d{{1,2}})[./]|{_MON}\s+)(?P<y>\d{{4}})(?!\d)")

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    value: float


def money_value(token: str) -> float:
    """Numeric value of one money token (see module docstring for the accepted formats)."""
    text = re.sub(rf"{_CUR}|\s", "", token)
    negative = text.startswith("-")
    text = text.lstrip("-")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        head, _, tail = text.rpartition(sep)
        is_decimal = text.count(sep) == 1 and len(tail) == 2
        text = f"{head}.{tail}" if is_decimal else text.replace(sep, "")
    value = float(text)
    return -value if negative else value


def money_tokens(text: str) -> list[Token]:
    """Every money-looking number in ``text`` with its offsets."""
    return [Token(m.start(), m.end(), money_value(m.group())) for m in MONEY_RE.finditer(text)]


def parse_money(text: str) -> float | None:
    tokens = money_tokens(text)
    return tokens[0].value if tokens else None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date in ``text`` and its offsets, in any of the accepted formats."""
    found: list[tuple[int, int, date]] = []
    for regex in DATE_RES:
        for m in regex.finditer(text):
            parts = m.groupdict()
            month = int(parts["m"]) if parts.get("m") else month_number(parts.get("mon") or "")
            if month is None:
                continue
            try:
                found.append((m.start(), m.end(), date(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    if not found:
        return None
    start, end, value = min(found)
    return value, start, end


def parse_date(text: str) -> date | None:
    hit = find_date(text)
    return hit[0] if hit else None


def find_month_year(text: str) -> tuple[int, int] | None:
    """(year, month) of a ``03/2021`` / ``March 2021`` mention."""
    for m in MONTH_YEAR_RE.finditer(text):  # "seit März 2019": "seit 2019" is no month
        month = int(m.group("m")) if m.group("m") else month_number(m.group("mon") or "")
        if month is not None and 1 <= month <= 12:
            return int(m.group("y")), month
    return None


def parse_int(text: str) -> int | None:
    m = INT_RE.search(text)
    if m:
        return int(m.group())
    for word, value in NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            return value
    return None


def parse_months(text: str) -> int | None:
    """A duration in months: ``24 months``, ``24 mo.``, ``2 years``, ``2 years 6 months``, ``24``."""
    years = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:years?|yrs?)\b", text, re.IGNORECASE)
    months = re.search(r"(\d+)\s*(?:months?|mo\b|mths?)", text, re.IGNORECASE)
    if years or months:
        total = float(years.group(1).replace(",", ".")) * 12 if years else 0.0
        total += int(months.group(1)) if months else 0
        return round(total)
    value = parse_int(text)
    return value


def months_between(later: tuple[int, int], earlier: tuple[int, int]) -> int:
    return (later[0] - earlier[0]) * 12 + (later[1] - earlier[1])
