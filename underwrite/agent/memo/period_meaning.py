"""Is a number in the right period? Durations, per-period amounts and yearly forms of monthly figures.

``memo.number_meaning`` binds a number to the quantity it is written against; a period is a second
axis it did not read. The third red team (underwrite/evals/redteam/README.md) got "EUR 24,000 over
60 years" (60 months), "only three months with the current employer" (three years), "five credit
searches over the last five years" (the window is six months), "the new instalment of EUR 497.04 per
week" and "the loan equals 51 months of net income" (about six) past every check. A duration is
read with its unit and tied to what it measures by the words around it: the employment it is spent
in, the loan it repays over, the window of a windowed count (``inquiries_6m``: six months) or a
multiple of monthly income; each is compared with the file. And the true "EUR 46,800 a year" of a
EUR 3,900 monthly income was rejected as a number in no source: twelve times a monthly figure is
that figure's yearly form, when the text says it is yearly.
"""

from __future__ import annotations

import re

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.file_scope import quoted_spans
from underwrite.agent.memo.numbers import NumberMention, is_supported
from underwrite.agent.memo.subjects import MONTHLY, subject_values

_WORDS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0,
    "eighteen": 18.0, "twenty": 20.0, "thirty": 30.0, "forty": 40.0, "sixty": 60.0,
    "twenty-four": 24.0, "thirty-six": 36.0, "forty-eight": 48.0, "half a": 0.5, "a half": 0.5,
}  # fmt: skip
_WORD_ALT = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_DURATION = re.compile(
    rf"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?|{_WORD_ALT})(?:\s+and a half)?[\s-]+"
    r"(?P<unit>days?|weeks?|months?|years?)\b"
    r"|(?<=\b(?:last|past) )(?P<n1>)(?P<unit1>year|month|week)\b",  # "the past year": one year
    re.IGNORECASE,
)
_MONTHS_PER = {"day": 1 / 30.0, "week": 12 / 52.0, "month": 1.0, "year": 12.0}
_BOUND = re.compile(
    r"\b(?P<b>more than|over|above|beyond|at least|a little over|just over|exceeding|longer than|"
    r"less than|under|below|short of|within|up to|at most|nearly|almost|not yet|shorter than)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_LOWER = {"more than", "over", "above", "beyond", "at least", "a little over", "just over", "exceeding"}
_LOWER |= {"longer than"}
_LIMIT_AFTER = re.compile(
    r"^[\s-]*(?:\w+[\s-]+)?(?:limit|maximum|minimum|max|min|cap|floor|threshold)\b", re.I
)
_WINDOW_BEFORE = re.compile(
    r"\b(?:in|within|over|during|across|for|of)\s+(?:the\s+)?(?:last|past|previous|recent|preceding)\s*$",
    re.IGNORECASE,
)
_INCOME_AFTER = re.compile(r"^\s*(?:of|'s|’s)\s+(?:[\w-]+\s+){0,2}?(?:income|pay|salary|earnings)\b", re.I)
_CUES = {
    "tenure": re.compile(
        r"\b(?:employer|employed|employment|job|tenure|of service|position|role|works? (?:at|for)|worked)\b",
        re.I,
    ),
    "inquiries_6m": re.compile(r"\b(?:inquir(?:y|ies)|searche?s?|credit checks?)\b", re.I),
    "delinquencies_2y": re.compile(
        r"\b(?:delinquen\w*|arrears|late|overdue|missed|past due|on time|repayment history)\b", re.I
    ),
    "term": re.compile(
        r"\b(?:loan|requests?|requested|borrow\w*|repay\w*|term|instalments?|financ\w*)\b", re.I
    ),
}
_WINDOWS = ("inquiries_6m", "delinquencies_2y")
"""Counts over a fixed window: the window is exact (six months is not "the past year")."""
_CLAUSE = re.compile(r"[;:!?]|\.(?:\s|$)|,\s+(?:but|while|whereas|though|although)\b")
_ANNUAL_AFTER = re.compile(
    r"^\s*(?:a |per )?(?:year|annum)\b|^\s*(?:annually|yearly|p\.a\.)|^\s*of (?:annual|yearly) income", re.I
)
_ANNUAL_BEFORE = re.compile(
    r"\b(?:annual|yearly|per year|a year)\b(?:\s+\w+){0,3}\s*(?:of\s+)?(?:EUR|€)?\s*$", re.I
)
_SHORT_PERIOD = re.compile(r"^\s*(?:a |per )(?:week|day)\b|^\s*(?:weekly|daily)\b", re.IGNORECASE)


def _count(word: str) -> float:
    w = word.lower()
    return _WORDS[w] if w in _WORDS else float(w.replace(",", "."))


def _clause(text: str, start: int, end: int) -> tuple[int, str]:
    """(offset, text) of the clause around ``start:end``."""
    begin = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    stop = next((m.start() for m in _CLAUSE.finditer(text, end)), len(text))
    return begin, text[begin:stop]


def _topic(clause: str, at: int, ev: Evidence) -> str | None:
    """What a duration at offset ``at`` of ``clause`` measures: the cue word nearest to it."""
    best: tuple[int, str] | None = None
    employer = str(ev.facts.get("employer_name") or "")
    for topic, cue in _CUES.items():
        hits = [m.start() for m in cue.finditer(clause)]
        if topic == "tenure" and len(employer) > 3:
            hits += [m.start() for m in re.finditer(re.escape(employer), clause)]
        for h in hits:
            if best is None or abs(h - at) < best[0]:
                best = (abs(h - at), topic)
    return best[1] if best else None


def _expected(topic: str, ev: Evidence) -> tuple[float | None, list[float]]:
    """(the file's value in months, rule limits in months) for a duration topic."""
    facts = ev.facts

    def number(name: str) -> float | None:
        v = facts.get(name)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    def limits(subject: str, per: float) -> list[float]:
        return [
            float(f.limit) * per
            for f in ev.findings
            if f.subject == subject and isinstance(f.limit, int | float) and not isinstance(f.limit, bool)
        ]

    if topic == "tenure":
        years = number("employment_years")
        return (years * 12 if years is not None else None), limits("employment_years", 12.0)
    if topic == "term":
        return number("loan_term_months"), limits("loan_term_months", 1.0)
    held = number(topic) is not None
    return ({"inquiries_6m": 6.0, "delinquencies_2y": 24.0}[topic] if held else None), []


def _holds(bound: str | None, written: float, actual: float, unit: str) -> bool:
    if bound is None:
        # half the unit written ("three years" for 2.6 to 3.4), strictly: "one year" is not six months
        slack = 0.5 * _MONTHS_PER[unit] if unit in ("year", "month") else 0.5
        return abs(written - actual) < max(slack, 0.05 * actual) + 1e-9
    if bound in _LOWER:
        return actual > written - 1e-9
    if bound in ("nearly", "almost"):
        return written * 0.8 <= actual <= written + 1e-9
    return actual < written + 1e-9


def wrong_durations(text: str, ev: Evidence) -> list[str]:
    """Durations that are not the file's: a tenure, a loan term, a count's window or a multiple of
    monthly income other than the application's (or a bound, "less than a year", that fails)."""
    out: list[str] = []
    quoted = quoted_spans(text, ev)
    for m in _DURATION.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        unit = (m.group("unit") or m.group("unit1")).lower().rstrip("s")
        number = m.group("n") or "one"
        written = _count(number) + (0.5 if "and a half" in m.group(0).lower() else 0.0)
        months = written * _MONTHS_PER[unit]
        bound_hit = _BOUND.search(text[max(0, m.start() - 24) : m.start()])
        bound = bound_hit.group("b").lower() if bound_hit else None
        band = _BAND_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        tail = _OPEN_AFTER.match(text[m.end() :])
        if tail:
            bound = "at least" if tail.group(1).lower() in ("more", "longer", "over", "above") else "at most"
        if number.lower() in ("a", "an") and bound is None:
            continue  # "EUR 3,900 a month" is a rate; "less than a year" is a duration
        after = text[m.end() :]
        if _INCOME_AFTER.match(after):
            income, amount = ev.facts.get("monthly_net_income"), ev.facts.get("loan_amount")
            if isinstance(income, int | float) and isinstance(amount, int | float) and income > 0:
                actual = float(amount) / float(income)
                if not _holds(bound, months, actual, "multiple"):
                    out.append(f"{m.group(0)!r} of income: the loan is {actual:.1f} months of net income")
            continue
        offset, clause = _clause(text, m.start(), m.end())
        topic = _topic(clause, m.start() - offset, ev)
        window = _WINDOW_BEFORE.search(text[: m.start()])
        if window and topic not in _WINDOWS:
            # "in the last two years" is a count's window when the clause names one ("delinquencies
            # in the last two years ... debt-service coverage"), whatever word stands nearer
            topic = next((w for w in _WINDOWS if _CUES[w].search(clause)), topic)
        if topic is None:
            continue
        if topic in _WINDOWS and not window:
            continue  # "30 days overdue" defines a delinquency; only a window ("in the last N") is checked
        held, limits = _expected(topic, ev)
        if held is None:
            continue
        actual = held
        if topic == "term" and bound == "over":
            bound = None  # "EUR 24,000 over 60 months": the term itself
        if _LIMIT_AFTER.match(after) and any(_holds(None, months, x, unit) for x in limits):
            continue  # "the one-year minimum": a rule's limit
        if band:  # "1 to 4 years": a band holds the value when it lies inside
            low = _count(band.group(1)) * _MONTHS_PER[unit]
            if low - 1e-9 <= actual <= months + 0.5 * _MONTHS_PER[unit]:
                continue
        elif _holds(bound, months, actual, "month" if topic in _WINDOWS else unit):
            continue
        what = {"tenure": "tenure", "term": "loan term"}.get(topic, f"window of {topic}")
        out.append(f"{m.group(0)!r}: the {what} in the file is {actual:g} months")
    return out


_BAND_BEFORE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(?:to|-|–)\s*$")
_OPEN_AFTER = re.compile(r"^\s*(?:or|and)\s+(more|longer|over|above|less|fewer|under|below)\b", re.I)


def supported_as_annual(prose: str, mention: NumberMention, ev: Evidence) -> bool:
    """A number the text calls yearly that is twelve times a monthly quantity of the file."""
    end = mention.start + len(mention.text)
    if not (
        _ANNUAL_AFTER.match(prose[end:])
        or _ANNUAL_BEFORE.search(prose[max(0, mention.start - 40) : mention.start])
    ):
        return False
    yearly = [12.0 * v for key in MONTHLY for v in subject_values(key, ev, limits=False) or []]
    return is_supported(mention, yearly)


def per_short_period(prose: str, mentions: list[NumberMention], ev: Evidence) -> list[str]:
    """A monthly figure of the file written per week or per day (a fourfold or thirtyfold slip)."""
    monthly = [v for key in MONTHLY for v in subject_values(key, ev, limits=False) or []]
    out = []
    for m in mentions:
        if _SHORT_PERIOD.match(prose[m.start + len(m.text) :]) and is_supported(m, monthly):
            out.append(f"{m.text!r} is a monthly figure, written per week or day")
    return out
