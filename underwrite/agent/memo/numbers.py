"""Finding numbers in prose and deciding whether one is supported by the state.

Tolerant on purpose: ``1,234.50``, ``1.234,50``, ``EUR 1,234``, ``12%`` vs ``0.12`` and rounding to
the precision the writer used all count as the same number. Strict on substance: a number that no
interpretation maps onto a state value is unsupported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

_CURRENCY_GLUE = re.compile(r"(EUR|USD|GBP|CHF|€|\$|£)(?=\d)")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A number is not glued to a word (R07) or another number. A hyphen does not hide one: known
# identifiers (CP-4.2, case ids) are blanked out before checking, so "X-2018-36794.5" claims numbers.
_NUMBER = re.compile(
    r"""
    (?<![\w.,/:])
    (?P<sign>[-−])?
    (?P<body>
        \d{1,3}(?:(?P<sep>[,.\u00a0\u202f' ])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?
      | \d+(?:[.,]\d+)?
    )
    (?P<suffix>\s?(?:%|percent\b|per\ cent\b|k\b|K\b|thousand\b|m\b|mn\b|million\b|bn\b|billion\b))?
    (?(suffix)|(?![\w]))
    """,
    re.VERBOSE,
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


@dataclass(frozen=True)
class NumberMention:
    text: str
    start: int
    candidates: tuple[float, ...]
    """Every reading of the written digits (1,234 may be 1234 or 1.234)."""
    tolerances: tuple[float, ...]
    """Half a unit of the last written digit, per candidate."""
    percent: bool
    approximate: bool = False
    """Written as an approximation ("roughly EUR 1,200"): rounded to its last non-zero digit."""


_APPROX = re.compile(
    r"(?:\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|some|close to)|~|\bc\.)\s*"
    r"(?:EUR|USD|GBP|CHF|€|\$|£)?\s*$",
    re.IGNORECASE,
)
APPROX_SHARE = 0.05
"""An approximation is still wrong when more than 5% off, whatever its round digits."""


def _readings(body: str, sep: str | None) -> list[tuple[float, int]]:
    """(value, decimals written) for every plausible reading of ``body``."""
    out: list[tuple[float, int]] = []
    if sep:  # grouped digits: sep is the thousands separator, maybe a decimal part after the other mark
        groups = body
        decimal_part = ""
        others = [m for m in ",." if m != sep]
        for other in others:
            if other in body and body.rfind(other) > body.rfind(sep):
                groups, decimal_part = body.rsplit(other, 1)
        digits = groups.replace(sep, "")
        value = float(digits + ("." + decimal_part if decimal_part else ""))
        out.append((value, len(decimal_part)))
        if groups.split(sep)[0] == "0":  # "0,351" / "0.351": a decimal, never thousands
            return [(float(body.replace(",", ".")), 3)]
        if not decimal_part and body.count(sep) == 1 and sep == ".":
            # "1.234" is 1234 in German notation but 1.234 in English; "1,234" is read as thousands.
            out.append((float(body), 3))
        return out
    if "," in body or "." in body:
        mark = "," if "," in body else "."
        whole, frac = body.split(mark)
        out.append((float(f"{whole}.{frac}"), len(frac)))
        return out
    return [(float(body), 0)]


def numbers_in_text(text: str) -> list[NumberMention]:
    """Every number written in ``text`` (ISO dates are left out; they are checked as strings)."""
    cleaned = _CURRENCY_GLUE.sub(r"\1 ", _ISO_DATE.sub(lambda m: " " * len(m.group()), text))
    mentions: list[NumberMention] = []
    for m in _NUMBER.finditer(cleaned):
        suffix = (m.group("suffix") or "").strip().lower()
        sign = -1.0 if m.group("sign") else 1.0
        mult = _MULTIPLIERS.get(suffix, 1.0)
        readings = _readings(m.group("body"), m.group("sep"))
        candidates = tuple(sign * v * mult for v, _ in readings)
        tolerances = tuple(0.5 * 10.0 ** (-d) * mult for _, d in readings)
        percent = suffix in {"%", "percent", "per cent"}
        approx = bool(_APPROX.search(cleaned[max(0, m.start() - 20) : m.start()]))
        mentions.append(NumberMention(m.group().strip(), m.start(), candidates, tolerances, percent, approx))
    return mentions


def _round_place(value: float) -> float:
    """The place of the last non-zero digit of a whole number (1,200 → 100), 1 otherwise."""
    n, place = abs(value), 1.0
    if n != int(n) or n == 0:
        return 1.0
    while n >= 10 and n % 10 == 0:
        n, place = n / 10, place * 10
    return place


def _forms(value: float, mention: NumberMention, candidate: float) -> Iterable[float]:
    """How a state value may legitimately be written: as is; a fraction as a percentage (0.351 → 35.1%);
    a percentage as a fraction (9.5 → 0.095). Signs are compared separately (a shortfall of 150)."""
    yield value
    if mention.percent or abs(value) <= 1.0:
        yield value * 100.0
    if not mention.percent and abs(candidate) < 1.0:
        yield value / 100.0


def is_supported(mention: NumberMention, allowed: Iterable[float]) -> bool:
    """True when some reading of ``mention`` equals some form of an allowed value, within rounding."""
    allowed_list = [a for a in allowed if math.isfinite(a)]
    for cand, tol in zip(mention.candidates, mention.tolerances, strict=True):
        for value in allowed_list:
            for form in _forms(value, mention, cand):
                # A relative slack of 1e-9 absorbs float noise; rounding slack comes from `tol`.
                slack = tol
                if mention.approximate:
                    slack = max(tol, min(_round_place(cand) / 2, APPROX_SHARE * abs(form)))
                if abs(abs(cand) - abs(form)) <= slack + 1e-9 * max(1.0, abs(form)):
                    return True
    return False


def iso_dates_in_text(text: str) -> list[str]:
    return _ISO_DATE.findall(text)


_RANGE_BETWEEN = re.compile(r"^\s*(?:and|to|-|–|—)\s*(?:EUR|USD|GBP|CHF|€|\$|£)?\s*$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:EUR|USD|GBP|CHF|€|\$|£)?\s*$", re.IGNORECASE)
RANGE_SHARE = 0.1
"""A range supports a value inside it when it is no wider than a tenth of that value ("between EUR
1,400 and EUR 1,450" for 1,422.96); a wide one ("between 10% and 60%") says nothing."""


def ranges_holding(text: str, mentions: list[NumberMention], allowed: Iterable[float]) -> set[str]:
    """The texts of both ends of every tight range ("between A and B", "A to B", "A-B") that holds
    an allowed value: neither end is a claim of its own."""
    values = [a for a in allowed if math.isfinite(a)]
    out: set[str] = set()
    for a, b in pairwise(mentions):
        between = text[a.start + len(a.text) : b.start]
        if not _RANGE_BETWEEN.match(between):
            continue
        if not between.strip().startswith(("-", "–", "—")) and not _RANGE_OPEN.search(text[: a.start]):
            continue
        scale = 100.0 if b.percent else 1.0
        lo, hi = sorted((abs(a.candidates[0]), abs(b.candidates[0])))
        slack = max(a.tolerances[0], b.tolerances[0])
        for v in values:
            for form in {v, v * scale} if abs(v) <= 1.0 else {v}:
                if lo - slack <= abs(form) <= hi + slack and hi - lo <= RANGE_SHARE * abs(form):
                    out |= {a.text, b.text}
    return out
