"""An applicant's name given in two fields: a forename field and a surname field.

Forms across Europe, broker exports and loan-origination payloads ask for the parts separately
("Nom : DUPONT  Prénom : Claire", ``SURNAME`` / ``FORENAME`` columns, ``<FirstName>`` and
``<LastName>``). Either part alone is no applicant's name. Where a forename field is present, a plain
"Name" / "Nom" field beside it is the surname (as on German and French forms, where "Name" means the
family name next to "Vorname" / "Prénom"); without a forename field, "Name" stays the full name and
this module says nothing. A surname written in capitals, as the convention asks, is title-cased.
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction.kv import Pair
from underwrite.tools.intake.extraction.lexicon import key

_FORENAME = re.compile(
    r"(?:^|\s)(?:first(?: name)?|given name|forename|christian name|vorname|pr[ée]nom|nombre|nome|"
    r"voornaam|imi[eę])s?$"
)
_SURNAME = re.compile(
    r"(?:^|\s)(?:last name|surname|family name|nachname|familienname|nom de famille|apellidos?|cognome|"
    r"achternaam|nazwisko)$"
)
_PLAIN_NAME = re.compile(r"^(?:name|nom|naam|nombre y apellidos)$")
_NAME_WORDS = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’ ][^\W\d_][^\W\d_'’.-]*){0,3}\.?$")


def _word_case(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "-".join(part.capitalize() for part in text.split("-"))
    return text


def _person_part(value: str) -> str | None:
    text = " ".join(value.split()).strip(" ,;")
    return text if text and _NAME_WORDS.match(text) else None


def composed_name(pairs: list[Pair]) -> tuple[str, Pair, Pair] | None:
    """("Forename Surname", forename pair, surname pair) when the pairs give both parts."""
    forename = next((p for p in pairs if _FORENAME.search(key(p.label)) and _person_part(p.value)), None)
    if forename is None:
        return None
    surnames = [p for p in pairs if _SURNAME.search(key(p.label)) and _person_part(p.value)]
    if not surnames:  # "Name" beside "Vorname" is the family name; the nearest one is the partner
        surnames = [p for p in pairs if _PLAIN_NAME.match(key(p.label)) and _person_part(p.value)]
    if not surnames:
        return None
    surname = min(surnames, key=lambda p: (p.page != forename.page, abs(p.start - forename.start)))
    first, last = _person_part(forename.value), _person_part(surname.value)
    if first is None or last is None:
        return None
    words = " ".join(_word_case(w) for w in last.split())
    return f"{' '.join(_word_case(w) for w in first.split())} {words}", forename, surname
