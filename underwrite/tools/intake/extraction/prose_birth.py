"""The applicant's date of birth where a letter or e-mail says it in a sentence.

"date of birth 14/03/1984", "Sono nata a Lecco il 14 aprile 1989", "Nasci a 3 de novembro de 1986",
"nato il 02/12/1979", "ich bin am 4. März 1984 geboren", "synnyin 4.9.1987": a birth word, then (or,
for German, before it) a date within a few words. A date that would make the writer younger than
16 or older than 100 on the letter's date is no birth date (a child's, a contract's), and neither
is one whose sentence names a child, spouse or partner before the birth word.
"""

from __future__ import annotations

import re
from datetime import date

from underwrite.tools.intake.extraction.parse import find_date

_BIRTH = re.compile(
    r"date\s+of\s+birth|\bd\.?o\.?b\b\.?|\bborn\b|birthday|Geburtsdatum|geboren|\bnat[oa]\b|\bnasci\b"
    r"|nascid[oa]|\bnée?\b|date\s+de\s+naissance|nacid[oa]|\bnací\b|fecha\s+de\s+nacimiento|data\s+di\s+nascita"
    r"|geboren\s+op|geboortedatum|synnyin|syntynyt|syntymäaika|narodil[a]?\s+jsem\s+se|narodila?|datum\s+narození"
    r"|urodzi[łl][ae]?m|data\s+urodzenia|\bfödd\b|\bfødt\b|fødselsdato|födelsedatum",
    re.IGNORECASE,
)
# Someone else's birth: "our son was born on …", "mein Mann ist am … geboren", "a minha filha nasceu".
_OTHER = re.compile(
    r"\b(?:son|daughter|child(?:ren)?|kids?|wife|husband|partner|spouse|Sohn|Tochter|Kind(?:er)?|Frau|Mann"
    r"|Partner(?:in)?|filh[oa]s?|marido|mulher|figli[oa]?|moglie|marito|hij[oa]s?|espos[oa]|fils|fille"
    r"|épou(?:x|se)|zoon|dochter|vrouw|puoliso|poika|tytär|lapsi)\b",
    re.IGNORECASE,
)
_AFTER = 45  # "nata a Lecco il 14 aprile 1989": a place may stand between
_BEFORE = 30  # "ich bin am 4. März 1984 geboren"
MIN_AGE, MAX_AGE = 16, 100


def find_birth_date(sentence: str, ref: date) -> tuple[str, int, int] | None:
    """(ISO date, start, end of the date) when ``sentence`` gives the writer's date of birth."""
    for cue in _BIRTH.finditer(sentence):
        if _OTHER.search(sentence, 0, cue.start()):
            continue
        after = find_date(sentence[cue.end() : cue.end() + _AFTER])
        spans = [(after, cue.end())] if after else []
        lo = max(0, cue.start() - _BEFORE)
        before = find_date(sentence[lo : cue.start()])
        if before:
            spans.append((before, lo))
        for (born, start, end), offset in spans:
            if ref.year - MAX_AGE <= born.year <= ref.year - MIN_AGE:
                return born.isoformat(), offset + start, offset + end
    return None
