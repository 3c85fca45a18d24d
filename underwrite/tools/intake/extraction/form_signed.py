"""The place-and-date line a form is signed under, as its application date when no label gave one.

Forms end "Aveiro, 4 de novembro de 2025", "Berlin, den 3. März 2025" or "V Brně dne 9. 6. 2025"
above the signature, often with no label at all ("Ort, Datum" printed under the line, or nowhere).
A line that is only a place, a comma and a date is read as the day the form was signed, which is
the day it applies; the first such line counts, and only when nothing in the packet stated the
application date.
"""

from __future__ import annotations

import re

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction.parse import find_date
from underwrite.tools.intake.extraction.prose_names import UPPER

FORM_KINDS = frozenset({"application_form"})
SIGNED_CONFIDENCE = 0.8
_SIGNED = re.compile(
    rf"^[ \t]*(?:(?:V|Ve|W)[ \t]+)?[{UPPER}][\w'’./\- ]{{1,40}}?(?:,|[ \t]+(?=dne|dňa))[ \t]*"
    r"(?:(?:den|le|el|il|am|dne|dňa|em|a)[ \t]+)?(?P<date>[^\n]{6,40}?)[ \t]*$",
    re.MULTILINE,
)


def signed_date_facts(documents: list[Document], known: list[Fact]) -> list[Fact]:
    """The application date from a form's signing line, if no fact states one yet."""
    if any(f.name == "application_date" for f in known):
        return []
    for doc in documents:
        if doc.kind not in FORM_KINDS or doc.media_type in (MediaType.csv, MediaType.json, MediaType.xml):
            continue
        for page in doc.pages:
            for m in _SIGNED.finditer(page.text):
                hit = find_date(m.group("date"))
                if hit is None or hit[1] != 0 or hit[2] != len(m.group("date")):
                    continue  # the line holds more than a date: an address, a sentence
                start, end = m.start("date"), m.end("date")
                span = SourceSpan(doc_id=doc.doc_id, page=page.number, start=start, end=end,
                                  quote=page.text[start:end])  # fmt: skip
                return [
                    Fact(name="application_date", value=hit[0].isoformat(), source=span,
                         method=FactMethod.rule, confidence=SIGNED_CONFIDENCE)
                ]  # fmt: skip
    return []
