"""The one place raw values become numbers, amounts, durations and dates, in English, German, Chinese.

* Numbers: ``12,500.00`` · ``12.500,00`` · ``12 500`` · ``12'500`` · ``3.5`` · ``2,5``; a single
  separator followed by exactly three digits is a thousands separator, otherwise a decimal mark.
  ``万``/``千``/``亿`` and ``k`` multiply; Chinese numerals (``三``, ``二十四``, ``两万``) and number words
  (``eleven``, ``elf``, ``achtundvierzig``) are read; ``none``/``keine``/``无`` read as 0.
* Currency from symbols and words (``€ EUR Euro $ USD £ 元 RMB CNY ¥ CHF Fr.``).
* Period: ``per month``/``monatlich``/``mtl.``/``月`` → monthly, ``per year``/``p.a.``/``jährlich``/``年`` →
  annual, else unknown; :func:`parse_amount` reports which so a caller can convert.
* Durations in months: ``6 yrs``, ``36 Monate``, ``24个月``, ``三年``, ``2 years 6 months``; a start
  (``seit 2019``, ``since 03/2021``, ``März 2018``, ``2020年``, a bare year) is measured against the
  application date.
* Dates: ISO, ``14.03.2025``, ``14/03/2025``, ``14-03-2025`` (day first; ``07/15/2025`` month first, as
  only that reading is a date), ``14 March 2025``,
  ``March 14, 2025``, ``14. März 2025``, ``22. 7. 1990``, ``3 de novembro de 1986``, ``2025年4月8日``;
  month names in the languages of :mod:`months`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from underwrite.tools.intake.extraction.months import MONTH_WORD, month_number
from underwrite.tools.intake.extraction.number_words import (
    MULTIPLIERS,
    WORD_NUMBERS,
    ZERO_WORDS,
    ZH_BIG,
    ZH_DIGITS,
    ZH_UNITS,
)

Period = Literal["monthly", "annual"]

ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")

NUMBER = re.compile(
    r"(?<![\w.,])[-−]?\d{1,3}(?:(?:[,.’' \u00a0\u202f])\d{3})+(?:[.,]\d+)?(?![\d])"  # grouped thousands
    r"|(?<![\w.,])[-−]?\d+(?:[.,]\d+)?(?!\d)"  # plain digits, optional decimals
)
_MULTIPLIER = re.compile(r"\s*(万|千|亿|k\b|K\b|Mio\.?|million\b|thousand\b|tausend\b)")
CURRENCIES: list[tuple[str, str]] = [
    (r"€|\bEUR\b|\bEuro\b", "EUR"),
    (r"US\$|\bUSD\b|\$|\bdollars?\b", "USD"),
    (r"£|\bGBP\b|\bpounds?\b", "GBP"),
    (r"元|\bRMB\b|\bCNY\b|¥|￥|人民币", "CNY"),
    (r"\bCHF\b|\bFr\.", "CHF"),
]
_MONTHLY = re.compile(
    r"per\s+month|a\s+month|/\s*(?:month|mo|monat|mon|m)\b|monthly|\bp\.?\s?m\.?(?!\w)|"
    r"monatlich|mtl\.?|im\s+monat|pro\s+monat|/\s*monat|月|每月",
    re.I,
)
_ANNUAL = re.compile(
    r"per\s+(?:year|annum)|a\s+year|/\s*(?:year|yr|jahr|a)\b|annual|yearly|\bp\.?\s?a\.?(?!\w)|"
    r"jährlich|im\s+jahr|pro\s+jahr|jahres|年收入|每年|/年|年薪",
    re.I,
)


def _zh_int(text: str) -> int | None:
    """二十四 → 24, 三 → 3, 两万 → 20000, 一百二十 → 120."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (1 if digit is None else digit) * ZH_UNITS[ch]
            digit = None
        elif ch in ZH_BIG:
            total += (section + (digit or 0)) * ZH_BIG[ch]
            section, digit = 0, None
        else:
            return None
    value = total + section + (digit or 0)
    return value if text else None


def _plain(token: str) -> float:
    text = token.replace("−", "-")
    negative = text.startswith("-")
    text = re.sub(r"[’' \u00a0\u202f]", "", text.lstrip("-"))
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        head, _, tail = text.rpartition(sep)
        thousands = text.count(sep) > 1 or (len(tail) == 3 and head not in ("", "0"))
        text = text.replace(sep, "") if thousands else f"{head}.{tail}"
    value = float(text)
    return -value if negative else value


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int


def find_number(text: str) -> Number | None:
    """The first number in ``text`` in any accepted notation (digits, Chinese numerals, words)."""
    m = NUMBER.search(text)
    digits: Number | None = None
    if m:
        value, end = _plain(m.group()), m.end()
        mult = _MULTIPLIER.match(text, end)
        if mult:
            value, end = value * MULTIPLIERS[mult.group(1)], mult.end()
        digits = Number(value, m.start(), end)
    zh = ZH_NUMERAL.search(text)
    if zh and (digits is None or zh.start() < digits.start):
        zh_value = _zh_int(zh.group())
        if zh_value is not None:
            return Number(float(zh_value), zh.start(), zh.end())
    if digits is not None:
        return digits
    for w in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)?", text):
        word = w.group().lower()
        if word in WORD_NUMBERS and word not in ("a", "an", "half"):
            return Number(float(WORD_NUMBERS[word]), w.start(), w.end())
    return None


def is_zero_word(text: str) -> bool:
    return text.strip().strip(".").lower() in ZERO_WORDS


def parse_number(text: str) -> float | None:
    if is_zero_word(text):
        return 0.0
    found = find_number(text)
    return None if found is None else found.value


def parse_count(text: str) -> int | None:
    value = parse_number(text)
    return None if value is None or value < 0 or value != int(value) else int(value)


def currency_of(text: str) -> str | None:
    for pattern, code in CURRENCIES:
        if re.search(pattern, text, re.I):
            return code
    return None


def period_of(text: str) -> Period | None:
    """``monthly``/``annual`` when the text says so (``月`` alone is monthly, ``年`` alone is not read)."""
    if _ANNUAL.search(text):
        return "annual"
    if _MONTHLY.search(text):
        return "monthly"
    return None


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str | None
    period: Period | None


def parse_amount(text: str) -> Amount | None:
    """A money amount with its currency and stated period (both None when the text does not say)."""
    value = parse_number(text)
    if value is None:
        return None
    return Amount(value, currency_of(text), period_of(text))


# Durations -----------------------------------------------------------------------------------------
_YEARS = (
    r"(?:years?|yrs?\.?|y\b|jahre?n?|jahr|j\.|年|år\b|anos?\b|años?\b|ans?\b|anni\b|jaar\b"
    r"|let\b|roky\b|rokov\b|roku\b|rok\b|lat\b|lata\b)"
)  # en, de, zh, sv/da/no, pt, es, fr, it, nl, cs/sk, pl
_MONTHS = (
    r"(?:months?|mos?\.?|mths?|monate?n?|monat|mon\.|个月|月|månader|månad|måneder|måned|mnd\.?|mdr\.?"
    r"|meses|mês|mois|mesi|mese|maanden|maand|měsíců|měsíce|měsíc|mesiacov|mesiace|mesiac"
    r"|miesięcy|miesiące|miesiąc)"
)
_SINCE = re.compile(r"\b(?:since|seit|from|ab)\b|自|从|起|以来", re.I)
_NUM_OR_WORD = r"(\d+(?:[.,]\d+)?|[零〇一二两三四五六七八九十百]+|[^\W\d_]+(?:-[^\W\d_]+)?)"


def _amount_before(text: str, unit: str) -> float | None:
    pattern = rf"{_NUM_OR_WORD}\s*(?:und\s+ein\s+halb\s*|and\s+a\s+half\s*)?{unit}"
    for m in re.finditer(pattern, text, re.I):  # the first that is a number: "plat 5 let" is 5 years
        value = parse_number(m.group(1))
        if value is None:
            continue
        if re.search(r"(?:und\s+ein\s+halb|and\s+a\s+half)", m.group(0), re.I):
            value += 0.5
        return value
    return None


def start_of(text: str) -> tuple[int, int] | None:
    """(year, month) of a stated start; month 0 when only the year is given (``seit 2019``)."""
    day = parse_date(text)
    if day:
        return day.year, day.month
    m = re.search(r"(?<!\d)(\d{1,2})\s*[./]\s*((?:19|20)\d{2})(?!\d)", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(2)), int(m.group(1))
    m = re.search(r"(?<![\d-])((?:19|20)\d{2})-(\d{2})(?![\d-])", text)  # ISO year-month, "2016-08"
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月", text)
    if m:
        return int(m.group(1)), int(m.group(2))
    for word in re.findall(r"[^\W\d_]+", text):
        month = month_number(word)
        year = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
        if month and year:
            return int(year.group(1)), month
    year = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    return (int(year.group(1)), 0) if year else None


def months_since(text: str, applied: date | None) -> int | None:
    """Months from a stated start to the application date; a year alone counts whole years."""
    start = start_of(text)
    if start is None or applied is None:
        return None
    year, month = start
    if month == 0:
        return (applied.year - year) * 12
    return (applied.year - year) * 12 + applied.month - month


def parse_duration_months(text: str, applied: date | None = None) -> float | None:
    """A duration in months from any of the accepted notations (see the module docstring)."""
    if _SINCE.search(text) or re.fullmatch(r"\s*(?:19|20)\d{2}\s*年?\s*", text) or parse_date(text):
        return None if (since := months_since(text, applied)) is None else float(since)
    # A start as month and year: "März 2018", "fevereiro de 2012", "03/2018", "09.2014", "2016-08".
    month_year = (
        r"[^\W\d_]{3,}\.?\s+(?:de\s+)?(?:19|20)\d{2}|\d{1,2}[/.](?:19|20)\d{2}(?!\d)"
        r"|(?:19|20)\d{2}-\d{2}(?![\d-])"
    )
    if start_of(text) and re.search(month_year, text):
        return None if (since := months_since(text, applied)) is None else float(since)
    years = _amount_before(text, _YEARS)
    months = _amount_before(text, _MONTHS)
    if years is not None or months is not None:
        return (years or 0.0) * 12 + (months or 0.0)
    return None


# Dates ---------------------------------------------------------------------------------------------
_DATE_RES = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    # Day first, also with dashes (European exports write 07-04-2025 for 7 April).
    re.compile(r"(?<![\d-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # Czech, Slovak and Polish forms space the parts: "22. 7. 1990".
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s+(?P<m>\d{1,2})\.\s*(?P<y>\d{4})(?!\d)"),
    # "14 March 2025", "14. März 2025", "9. června 2025", "3 de novembro de 1986" (pt, es).
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?(?P<mon>{MONTH_WORD})\.?\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)"
    ),
    re.compile(rf"(?P<mon>{MONTH_WORD})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)"),
]


def parse_date(text: str) -> date | None:
    """The earliest date in ``text`` in any accepted format (day before month where it is numeric)."""
    found: list[tuple[int, date]] = []
    for regex in _DATE_RES:
        for m in regex.finditer(text):
            parts = m.groupdict()
            month = int(parts["m"]) if parts.get("m") else month_number(parts.get("mon") or "")
            if month is None:
                continue
            day = int(parts["d"])
            if month > 12 and parts.get("sep") == "/" and day <= 12:
                month, day = day, month  # 07/15/2025 can only be month first (US forms)
            try:
                found.append((m.start(), date(int(parts["y"]), month, day)))
            except ValueError:
                continue
    return min(found)[1] if found else None
