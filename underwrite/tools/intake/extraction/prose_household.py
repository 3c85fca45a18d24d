"""Household facts letters and notes state in words: how many children or dependants the applicant
supports ("1 Kind", "two children", "no dependants") and whether they rent or own their home ("my
rent is", "Warmmiete", "mortgage", "Wohneigentum").

A home is read only when one side is named: a letter that speaks of both rent and a mortgage (a
landlord who rents out a flat) states neither, so nothing is read.
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction import prose_romance as romance

_I = re.IGNORECASE
_COUNTS = {
    "no": 0, "kein": 0, "keine": 0, "one": 1, "ein": 1, "eine": 1, "einem": 1, "two": 2, "zwei": 2,
    "three": 3, "drei": 3, "four": 4, "vier": 4, "five": 5, "fünf": 5, "six": 6, "sechs": 6,
    # pt, fr, it, es, nl ("dos" is left out: in Portuguese it is "of the", as in "dos filhos")
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "un": 1, "une": 1, "deux": 2, "trois": 3,
    "uno": 1, "una": 1, "due": 2, "tre": 3, "tres": 3, "twee": 2, "drie": 3,
}  # fmt: skip
_DEPENDENTS = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_COUNTS)})\s+(?:(?:young|small|school-age|kleinen?|minderjährigen?"
    r"|unterhaltsberechtigten?)\s+)?(?:Kind(?:er|ern)?|child(?:ren)?|kids?|dependants?|dependents?"
    rf"|{romance.DEPENDANT_NOUNS})\b",
    _I,
)
_RENT = re.compile(
    r"\b(?:my|our|the)\s+rent\b|\brent\s+(?:is|of|comes|costs?)\b|\bI\s+rent\b|\brenting\b|\btenant\b"
    rf"|\b(?:Warm|Kalt)?[Mm]iete\b|\bzur\s+Miete\b|\bMietwohnung\b|\bMieter(?:in)?\b|房租|租房|租金|{romance.RENT}",
    _I,
)
_OWN = re.compile(
    r"\bmortgage\b|\bhomeowner\b|\b(?:own|owns)\s+(?:my|our|the|a)\s+(?:home|house|flat|apartment)\b"
    r"|\bHypothek\w*|\bBaufinanzierung\b|\bEigentumswohnung\b|\bEigenheim\b|\bWohneigentum\b"
    rf"|\beigene[nms]?\s+(?:Haus|Wohnung)\b|房贷|月供|自有住房|自己的房子|{romance.OWN}",
    _I,
)


def find_dependents(sentence: str) -> tuple[int, int, int] | None:
    """(count, start, end) when the sentence says how many children or dependants there are."""
    m = _DEPENDENTS.search(sentence)
    if not m:
        return None
    word = m.group("n").lower()
    count = int(word) if word.isdigit() else _COUNTS[word]
    return (count, m.start(), m.end()) if count <= 12 else None


# Any mention at all, to tell one kind of home from a label naming both ("Monthly rent or mortgage").
_ANY_RENT = re.compile(rf"\brent(?:ed|ing|s)?\b|Miete|{romance.ANY_RENT}", _I)


def find_housing_status(text: str) -> tuple[str, int, int] | None:
    """("rent" | "own", start, end) when the whole text speaks of one kind of home only."""
    rent, own = _RENT.search(text), _OWN.search(text)
    if own and _ANY_RENT.search(text):
        return None
    if rent and not own:
        return "rent", rent.start(), rent.end()
    if own and not rent:
        return "own", own.start(), own.end()
    return None
