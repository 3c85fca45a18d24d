"""What a number is said to be, and how two numbers are said to compare.

``memo.numbers`` asks whether a number is one the state holds at all; these checks ask whether it
is the value of the quantity it is written against, in the right period, and whether a stated
comparison between two numbers holds. Measured on the red team (underwrite/evals/redteam/README.md): "DTI of
42.1% is below the 40% limit", "existing debt payments of EUR 3,200" (the income), "requests EUR
15,000" (a precedent's loan), "DTI of 4.2%" and "annual net income of EUR 3,200" all passed the
state-wide number check, because every one of those numbers is somewhere in the state.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import pairwise

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.numbers import NumberMention, is_supported, numbers_in_text
from underwrite.agent.memo.subjects import ANNUAL_INCOME, MONTHLY, subject_spans, subject_values

# Only linking words may stand between a quantity's name and its number ("DTI of 42.1%", "net
# income is EUR 3,200", "PD (8.5%)", "PD 1.8%"); anything else ("the instalment, 13.7% of pay")
# binds nothing, and fillers alone do not link ("the new instalment about EUR 670 remains": the
# 670 is what remains, not the instalment).
_LINK = re.compile(
    r"^[\s(:=]*(?:(?:of|is|was|are|at|stands at|sits at|runs at|amounts? to|totals?|comes to|reaches|"
    r"equals|just|only|about|around|roughly|approximately|some|nearly|almost|a|an|the|new|current|"
    r"monthly|net|gross|total|eur|€|usd|\$|£)[\s(:=]*)*$",
    re.IGNORECASE,
)
_FILLER_ONLY = re.compile(
    r"^\s*(?:(?:just|only|about|around|roughly|approximately|some|nearly|almost|a|an|the|new|current|"
    r"monthly|net|gross|total)\s+)+(?:eur|€|usd|\$|£)?\s*$",
    re.IGNORECASE,
)
_AS_LIMIT = re.compile(
    r"^\s*(?:\w+\s+)?(?:limit|maximum|minimum|max|min|ceiling|cap|floor|threshold)\b", re.I
)
"""A bound number directly followed by a limit word is the quantity's limit ("DTI 40% limit")."""
_CLAUSE_END = re.compile(r"[;:!?]|\.(?:\s|$)")
_ANNUAL = re.compile(r"^\s*(?:a |per )?(?:year|annum)\b|^\s*(?:annually|yearly|p\.a\.)", re.IGNORECASE)
_LESS = re.compile(
    r"\b(?:below|under|less than|lower than|smaller than|fewer than|short of|beneath|within|inside)\b",
    re.IGNORECASE,
)
_MORE = re.compile(
    r"\b(?:above|exceed(?:s|ed|ing)?|more than|greater than|higher than|beyond|breach(?:es|ed|ing)?|"
    r"surpass(?:es|ed|ing)?)\b",
    re.IGNORECASE,
)
_EXPLICIT = re.compile(r"\b(?:less|lower|smaller|fewer|more|greater|higher) than\b", re.IGNORECASE)
_LIMIT_WORD = re.compile(
    r"^[^;.]{0,30}?\b(?:limit|maximum|minimum|max|min|ceiling|cap|floor|threshold|line|bar)\b", re.I
)
_NEGATED = re.compile(r"\b(?:not|n't|never|no)\b", re.IGNORECASE)
_COUNT_WORDS = {
    w: float(i)
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}
_COUNTED = re.compile(
    r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:\w+\s+)?"
    r"(arrears|delinquenc(?:y|ies)|late payments?|missed payments?|(?:credit )?inquir(?:y|ies))\b",
    re.IGNORECASE,
)
_BOUND_BEFORE = re.compile(r"(?:more|fewer|less) than\s*$|(?:up to|at least|at most|over|under)\s*$", re.I)
"""A count after these is a limit ("more than four inquiries", a rule's message), not the file's."""


def _bound(prose: str, mention: NumberMention, after: int) -> str | None:
    """The quantity named just before ``mention`` (after the previous number), if only linking
    words stand between the name and the number."""
    best = None
    for start, end, key in subject_spans(prose[after : mention.start]):
        best = (after + start, after + end, key)
    between = prose[best[1] : mention.start] if best else ""
    if best is None or not _LINK.match(between) or _FILLER_ONLY.match(between):
        return None
    return best[2]


def misattributed(prose: str, ev: Evidence, skip: Collection[str] = ()) -> list[str]:
    """Numbers that are not the value of the quantity they are written against, or are per month
    but written per year; ``skip``: numbers already reported as in no source at all."""
    out: list[str] = []
    mentions = numbers_in_text(prose)
    for i, m in enumerate(mentions):
        after = mentions[i - 1].start + len(mentions[i - 1].text) if i else 0
        key = _bound(prose, m, after)
        if key is None or m.text in skip:
            continue
        as_limit = bool(_AS_LIMIT.match(prose[m.start + len(m.text) :]))
        allowed = subject_values(key, ev, limits=as_limit)
        label = key.partition(":")[2].replace("_", " ")
        if allowed is None:
            # a quantity the file does not hold: wrong only when the number is a monthly one (the
            # period slip "annual income of EUR 3,200"); any other number is the state-wide check's
            if key == ANNUAL_INCOME and is_supported(m, _monthly_values(ev)):
                out.append(f"{m.text!r} is a monthly figure, given as {label}")
        elif key in MONTHLY and _ANNUAL.match(prose[m.start + len(m.text) :]):
            # written per year: right when it is twelve times the monthly value ("EUR 46,800 a year")
            if not is_supported(m, [12.0 * v for v in allowed]):
                wrong = "a monthly" if is_supported(m, allowed) else "not the yearly"
                out.append(f"{m.text!r} is {wrong} {label}, written per year")
        elif not is_supported(m, allowed):
            out.append(f"{m.text!r} is not the {label} of this application")
    for hit in _COUNTED.finditer(prose):
        word, what = hit.group(1).lower(), hit.group(2).lower()
        if _BOUND_BEFORE.search(prose[max(0, hit.start() - 14) : hit.start()]):
            continue
        count = _COUNT_WORDS.get(word, float(word) if word.isdigit() else -1.0)
        field = "inquiries_6m" if "inquir" in what else "delinquencies_2y"
        value = ev.facts.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool) and count != float(value):
            out.append(f"{hit.group(0)!r}: the file shows {value:g}")
    return out


def _monthly_values(ev: Evidence) -> list[float]:
    return [v for key in MONTHLY for v in subject_values(key, ev) or []]


def _value(m: NumberMention, other: NumberMention) -> float:
    """The number on the scale of ``other`` (a fraction against a percentage is multiplied by 100)."""
    v = abs(m.candidates[0])
    if not m.percent and other.percent and v <= 1.5:
        return v * 100.0
    return v


_TIMES = re.compile(
    r"\b(?:(more than|over|at least|above|nearly|almost|about|roughly|around)\s+)?"
    r"(double|twice|three times|triple|four times|half)\b",
    re.IGNORECASE,
)
_FACTOR = {"double": 2.0, "twice": 2.0, "three times": 3.0, "triple": 3.0, "four times": 4.0, "half": 0.5}
_AT_LEAST = {"more than", "over", "at least", "above"}
TIMES_SLACK = 0.1
"""'Double' is read as two times give or take a tenth; 'more than double' as at least two times."""


def _wrong_multiple(a: NumberMention, b: NumberMention, between: str) -> str | None:
    hit = _TIMES.search(between)
    vb = _value(b, a)
    if hit is None or vb == 0:
        return None
    ratio, factor = _value(a, b) / vb, _FACTOR[hit.group(2).lower()]
    qualifier = (hit.group(1) or "").lower()
    ok = (
        ratio >= factor * (1 - TIMES_SLACK / 5)
        if qualifier in _AT_LEAST
        else abs(ratio - factor) <= TIMES_SLACK * factor
    )
    return None if ok else f"{a.text!r} is {ratio:.2f} times {b.text!r}, not {hit.group(0).lower()}"


def inverted_comparisons(prose: str) -> list[str]:
    """'A below B' where A is above B, 'A double B' where it is not, for two numbers in one clause."""
    out: list[str] = []
    mentions = numbers_in_text(prose)
    for a, b in pairwise(mentions):
        between = prose[a.start + len(a.text) : b.start]
        if _CLAUSE_END.search(between) or _NEGATED.search(between):
            continue
        multiple = _wrong_multiple(a, b, between)
        if multiple:
            out.append(multiple)
            continue
        less, more = bool(_LESS.search(between)), bool(_MORE.search(between))
        if less == more:
            continue
        # a bare "below"/"within" is a comparison with a limit only when a limit word follows B
        # ("within the 40% limit"); "one delinquency within 24 months" compares nothing
        if not _EXPLICIT.search(between) and not _LIMIT_WORD.match(prose[b.start + len(b.text) :]):
            continue
        va, vb = _value(a, b), _value(b, a)
        slack = max(a.tolerances[0], b.tolerances[0])
        if (less and va > vb + slack) or (more and va < vb - slack):
            word = (_LESS if less else _MORE).search(between)
            out.append(f"{a.text!r} is not {word.group(0) if word else ''} {b.text!r}")
    return out


_MARGIN = re.compile(
    r"\bby\s+(?P<bound>(?:less|more|fewer) than\s+|under\s+|over\s+|nearly\s+|almost\s+|just\s+|only\s+|"
    r"about\s+|some\s+|roughly\s+)?(?P<n>\d+(?:[.,]\d+)?|half a|a quarter of a|a|one|two|three|four|five|ten)"
    r"\s*(?P<unit>percentage points?|points?|pp\b|%|per ?cent\b)",
    re.IGNORECASE,
)
_MARGIN_WORDS = {"half a": 0.5, "a quarter of a": 0.25, "a": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}
_MARGIN_WORDS |= {"four": 4.0, "five": 5.0, "ten": 10.0}


def wrong_margins(prose: str) -> list[str]:
    """'A exceeds B by N points' where A and B differ by another amount (4.4 points for 0.44);
    a margin in % may also be relative (A is N% more than B)."""
    out: list[str] = []
    mentions = numbers_in_text(prose)
    for hit in _MARGIN.finditer(prose):
        before = [m for m in mentions if m.start < hit.start()]
        if len(before) < 2:
            continue
        a, b = before[-2], before[-1]
        if _CLAUSE_END.search(prose[a.start : hit.start()]):
            continue
        word = hit.group("n").lower()
        n = _MARGIN_WORDS.get(word, 0.0) or float(word.replace(",", "."))
        written = next((m for m in mentions if m.start >= hit.start() and m.start < hit.end()), None)
        tol = written.tolerances[0] if written else 0.25 * n
        diff = abs(_value(a, b) - _value(b, a))
        relative = 100.0 * diff / _value(b, a) if _value(b, a) else diff
        slack = tol + a.tolerances[0] + b.tolerances[0]
        options = (
            [diff] if "point" in hit.group("unit").lower() or hit.group("unit") == "pp" else [diff, relative]
        )
        bound = (hit.group("bound") or "").strip().lower()
        if bound in ("less than", "under", "fewer than"):
            ok = any(o < n + 1e-9 for o in options)
        elif bound in ("more than", "over"):
            ok = any(o > n - 1e-9 for o in options)
        elif bound in ("nearly", "almost", "about", "some", "roughly"):
            ok = any(abs(o - n) <= max(slack, 0.1 * n) for o in options)
        else:
            ok = any(abs(o - n) <= slack for o in options)
        if not ok:
            out.append(f"{a.text!r} and {b.text!r} differ by {diff:.2f} points, not {hit.group(0)[3:]!r}")
    return out
