"""Month names in the languages forms are written in, and the one lookup every date reader uses.

Slavic languages write a date's month in the genitive ("9. června 2025", "3 marca 2025"), so
those forms are listed beside the nominative. An abbreviation ("Mar", "Sept.", "okt.") is read only
against the English and German names: across all languages three letters are too often a word
("pro" would be *prosinec*, "ago" *agosto*, "out" *outubro*, "list" *listopad*).
"""

from __future__ import annotations

_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    # Each row: the twelve months, then further spellings as "name:number".
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember", "jänner:1", "maerz:3"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre", "fevrier:2", "aout:8", "decembre:12"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre", "setiembre:9"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro", "marco:3"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "no": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "pl": ("styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień",
           "wrzesień", "październik", "listopad", "grudzień", "stycznia:1", "lutego:2", "marca:3",
           "kwietnia:4", "maja:5", "czerwca:6", "lipca:7", "sierpnia:8", "września:9",
           "października:10", "listopada:11", "grudnia:12"),
    "cs": ("leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září",
           "říjen", "listopad", "prosinec", "ledna:1", "února:2", "března:3", "dubna:4", "května:5",
           "června:6", "července:7", "srpna:8", "října:10", "listopadu:11", "prosince:12"),
    "sk": ("január", "február", "marec", "apríl", "máj", "jún", "júl", "august", "september",
           "október", "november", "december", "januára:1", "februára:2", "marca:3", "apríla:4",
           "mája:5", "júna:6", "júla:7", "augusta:8", "septembra:9", "októbra:10", "novembra:11",
           "decembra:12"),
}  # fmt: skip


def _table() -> dict[str, int]:
    names: dict[str, int] = {}
    for row in _BY_LANGUAGE.values():
        for place, entry in enumerate(row, 1):
            name, _, number = entry.partition(":")
            names.setdefault(name, int(number) if number else place)
    return names


MONTH_NAMES: dict[str, int] = _table()
"""Every spelling → 1-12 (first language wins; no spelling means two months in two languages)."""

_ABBREVIATED = {
    name: number
    for name, number in MONTH_NAMES.items()
    if name in {entry.partition(":")[0] for entry in (*_BY_LANGUAGE["en"], *_BY_LANGUAGE["de"])}
}

MONTH_WORD = r"[^\W\d_]{3,12}"
"""A month word in a date pattern (the longest, "października", has 12 letters)."""


def month_number(word: str) -> int | None:
    """1-12 for a month name or an abbreviation of one (three letters or more); None otherwise."""
    key = word.casefold().rstrip(".")
    if key in MONTH_NAMES:
        return MONTH_NAMES[key]
    if len(key) >= 3:
        for name, number in _ABBREVIATED.items():
            if name.startswith(key):
                return number
    return None
