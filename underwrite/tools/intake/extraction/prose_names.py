"""Who wrote the letter and who employs them, from the places letters and e-mails say it.

Applicant: the e-mail's ``From: Name <address>`` line, the name under the sign-off ("Yours
sincerely," / "Mit freundlichen Grüßen"), or "My name is …". Employer: the capitalised name after
"work(ed) [as a …] at/for", "employed by/at", "been with", or German "bei (der Firma) …". A name is
two to five capitalised words (``&``, ``St.``, ``Mary's``, ``GmbH`` allowed); anything else is not
read, so a lowercase "the city council" stays unread rather than half-read.
"""

from __future__ import annotations

import re

_WORD = r"[A-ZÄÖÜ][\w'’.-]*"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+(?:&[ \t]+)?{_WORD}){{1,4}})"
_PERSON = r"(?P<name>[A-ZÄÖÜ][a-zäöüß'’-]+(?:[ \t]+[A-ZÄÖÜ][a-zäöüß'’-]+){1,2})"
_SIGN_OFF = (
    r"(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Kind|Best|Warm)\s+(?:regards|wishes)|Regards|Sincerely"
    r"|Mit\s+freundlichen\s+Grüßen|Viele\s+Grüße|Beste\s+Grüße|Freundliche\s+Grüße)"
)
APPLICANT_RES = [
    re.compile(rf"^From:[ \t]*{_PERSON}[ \t]*<", re.MULTILINE),
    re.compile(rf"^Von:[ \t]*{_PERSON}[ \t]*<", re.MULTILINE),
    # Case-insensitive cue, case-sensitive name: "and" after a name must not become part of it.
    re.compile(rf"(?i:{_SIGN_OFF})[ \t]*,?[ \t]*\n\s*{_PERSON}[ \t]*$", re.MULTILINE),
    re.compile(rf"\b(?i:my name is|ich heiße|mein Name ist)\s+{_PERSON}"),
]
EMPLOYER_RES = [
    re.compile(
        rf"\b(?:work(?:ing|ed|s)?(?:\s+as\s+an?\s+[a-z][a-z -]{{0,40}}?)?\s+(?:at|for)|employed\s+(?:by|at)"
        rf"|been\s+with|joined)\s+{_NAME}"
    ),
    re.compile(rf"\bbei\s+(?:der\s+Firma\s+|der\s+|dem\s+|Firma\s+)?{_NAME}"),
]
_NOT_A_NAME = re.compile(r"^(?:I|Ich|The|My|Our|Mein\w*|Unser\w*)\b")


def _clean(match: re.Match[str]) -> tuple[str, int, int] | None:
    name = match.group("name").rstrip(".,;")
    if _NOT_A_NAME.match(name):
        return None
    start = match.start("name")
    return name, start, start + len(name)


def find_applicant(text: str) -> tuple[str, int, int] | None:
    for regex in APPLICANT_RES:
        m = regex.search(text)
        if m and (found := _clean(m)):
            return found
    return None


def find_employer(sentence: str) -> tuple[str, int, int] | None:
    for regex in EMPLOYER_RES:
        for m in regex.finditer(sentence):
            if found := _clean(m):
                return found
    return None
