"""What a bare "$" means in one document: US dollars unless the document places itself elsewhere.

Canada, Australia and New Zealand write their own dollar as "$" too. A document that names one of
those countries (in words, or in the shape of its addresses: a Canadian province with a postal code
"ON M5V 2T6", an Australian state with a postcode "NSW 2000") and no sign of the United States
(the country, a state with a ZIP code "IL 60201", "US$", "USD") has its bare "$" amounts read in that
country's dollar. Naming two dollar countries decides nothing: "$" stays USD, and the reason goes in
the conversion note so the reviewer sees what was assumed.
"""

from __future__ import annotations

import re

EXPLICIT_USD = re.compile(r"US\$|\bUSD\b|\bUS[- ]?dollars?\b")
_COUNTRIES: list[tuple[str, str, re.Pattern[str]]] = [
    ("CAD", "Canada", re.compile(
        r"\bCanada\b|\bCanadian\b|\b(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU)\s+[A-Z]\d[A-Z][ -]?\d[A-Z]\d\b"
        r"|\b(?:Ontario|Quebec|Québec|British\s+Columbia|Alberta|Manitoba|Saskatchewan|Nova\s+Scotia)\b")),
    ("AUD", "Australia", re.compile(
        r"\bAustralia\b|\bAustralian\b|\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b"
        r"|\b(?:New\s+South\s+Wales|Victoria|Queensland|Tasmania)\b(?=[^\n]*\b\d{4}\b)")),
    ("NZD", "New Zealand", re.compile(r"\bNew\s+Zealand\b|\bAotearoa\b")),
    ("USD", "the United States", re.compile(
        r"\bUnited\s+States\b|\bU\.S\.A?\.|\bUSA\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")),
]  # fmt: skip


def bare_dollar(text: str) -> tuple[str, str]:
    """(the currency a bare "$" is in, why) for a document's text."""
    if "$" not in text:
        return "USD", ""
    named = [(code, country) for code, country, pattern in _COUNTRIES if pattern.search(text)]
    if EXPLICIT_USD.search(text) and not any(code == "USD" for code, _ in named):
        named.append(("USD", "the United States"))
    if len(named) == 1:
        code, country = named[0]
        return code, f'"$" read as {code}: the document places itself in {country}'
    if not named:
        return "USD", '"$" read as USD: the document names no country whose dollar it could be'
    places = " and ".join(country for _, country in named)
    return "USD", f'"$" read as USD: the document names {places}; check which dollar its amounts are in'
