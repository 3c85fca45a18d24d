"""What a bare "kr" means in one document: Swedish, Norwegian or Danish crowns.

All three countries write "120 000 kr" (Iceland too, rarely on a European lender's desk). A document
that names one of the codes (SEK, NOK, DKK) or the crown in words decides it; otherwise its language
does: Danish and Norwegian write æ and ø, Swedish ä and ö, and Danish and Norwegian part on a few
words every form uses (ansøgning / søknad, indkomst / inntekt, beløb / beløp). A document that shows
none of these keeps "kr" as Swedish crowns and says so in the conversion note.
"""

from __future__ import annotations

import re

CROWN_MARK = r"\bkr\b\.?"
""""kr" or "kr." as a word; counted only beside an amount (:mod:`currency`)."""

_NAMED = [
    ("SEK", re.compile(r"\bSEK\b|\bsvenska\s+kronor\b|\bkronor\b", re.I)),
    ("NOK", re.compile(r"\bNOK\b|\bnorske\s+kroner\b", re.I)),
    ("DKK", re.compile(r"\bDKK\b|\bdanske\s+kroner\b", re.I)),
]
_DANISH = re.compile(r"\b(?:ansøgning|indkomst|beløb|løbetid|ydelse|udgifter?|forældre|børn|ansat)\b", re.I)
_NORWEGIAN = re.compile(
    r"\b(?:søknad|inntekt|beløp|løpetid|nedbetalingstid|utgifter|foreldre|lønn|ansatt)\b", re.I
)
_NAMES = {"SEK": "Swedish", "NOK": "Norwegian", "DKK": "Danish"}


def bare_crown(text: str) -> tuple[str, str]:
    """(the currency a bare "kr" is in, why) for a document's text."""
    named = [code for code, pattern in _NAMED if pattern.search(text)]
    if len(named) == 1:
        return named[0], f'"kr" read as {named[0]}: the document names that currency'
    if re.search(r"[æøÆØ]", text):
        danish, norwegian = len(_DANISH.findall(text)), len(_NORWEGIAN.findall(text))
        if danish != norwegian:
            code = "DKK" if danish > norwegian else "NOK"
            return code, f'"kr" read as {code}: the document is written in {_NAMES[code]}'
    elif re.search(r"[äöÄÖ]", text):
        return "SEK", '"kr" read as SEK: the document is written in Swedish'
    return "SEK", '"kr" read as SEK: nothing in the document says whose crowns they are; check the currency'
