"""Who wrote the letter and who employs them, from the places letters and e-mails say it.

Applicant: the e-mail's ``From: Name <address>`` line (of the forwarded message, when an adviser
forwards the applicant's e-mail), the name under the sign-off ("Yours
sincerely," / "Mit freundlichen Grüßen"), or "My name is …". Employer: the capitalised name after
"work(ed) [as a …] at/for", "employed by/at", "been with", or German "bei (der Firma) …". A name is
two to five capitalised words (``&``, ``St.``, ``Mary's``, ``GmbH`` allowed); anything else is not
read, so a lowercase "the city council" stays unread rather than half-read.
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction import prose_romance as romance

# Capitals beyond ASCII: names like "Petrović", "Łukasz", "Ørsted" are names too.
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_WORD = rf"[{UPPER}][\w'’.-]*"
# Particles inside a name ("Hospital Particular do Minho", "Banco de España") and a company-form suffix
# after a comma ("…, S.A.", "…, Lda.") belong to it.
_PARTICLE = r"(?:do|da|dos|das|de|del|della|di|du|van|von|der)[ \t]+"
_SUFFIX = r"(?:,[ \t]*(?:S\.A\.|S\.L\.|Lda\.|Ltda\.|Ltd\.|a\.s\.|s\.r\.o\.|GmbH|AG|AB|ASA|AS|SA))?"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+(?:&[ \t]+|{_PARTICLE})?{_WORD}){{1,4}}{_SUFFIX})"
_PERSON = rf"(?P<name>[{UPPER}][{_LOWER}'’-]+(?:[ \t]+[{UPPER}][{_LOWER}'’-]+){{1,3}})"
# A labelled person in notes and forms written as text: "**Kundin:** Elena Petrović", "Client: Jo Bell".
_PERSON_LABEL = (
    r"(?i:Kund(?:e|in)|Antragsteller(?:in)?|Darlehensnehmer(?:in)?|Kreditnehmer(?:in)?|Applicant|Client"
    r"|Customer|Borrower)"
)
_SIGN_OFF = (
    r"(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Kind|Best|Warm)\s+(?:regards|wishes)|Regards|Sincerely"
    rf"|Mit\s+freundlichen\s+Grüßen|Viele\s+Grüße|Beste\s+Grüße|Freundliche\s+Grüße|{romance.SIGN_OFF})"
)
APPLICANT_RES = [
    re.compile(rf"^From:[ \t]*{_PERSON}[ \t]*<", re.MULTILINE),
    re.compile(rf"^Von:[ \t]*{_PERSON}[ \t]*<", re.MULTILINE),
    # Case-insensitive cue, case-sensitive name: "and" after a name must not become part of it.
    re.compile(rf"(?i:{_SIGN_OFF})[ \t]*,?[ \t]*\n\s*{_PERSON}[ \t]*$", re.MULTILINE),
    re.compile(rf"\b(?i:my name is|ich heiße|mein Name ist)\s+{_PERSON}"),
    re.compile(rf"^[ \t>*_-]*{_PERSON_LABEL}[ \t*_]*:[ \t*_]*{_PERSON}", re.MULTILINE),
    # Chinese: "发件人：王丽 <…>", "我叫王丽，", "姓名：王丽" (a name is two to four characters).
    re.compile(r"^(?:发件人|寄件人)[:：][ \t]*(?P<name>[\u4e00-\u9fff]{2,4})[ \t]*<", re.MULTILINE),
    re.compile(r"(?:我叫|我的名字是|本人叫|姓名[:：])[ \t]*(?P<name>[\u4e00-\u9fff]{2,4})(?=[，,。、\s]|$)"),
]
EMPLOYER_RES = [
    re.compile(
        rf"\b(?:work(?:ing|ed|s)?(?:\s+as\s+an?\s+[a-z][a-z -]{{0,40}}?)?\s+(?:at|for)|employed\s+(?:by|at)"
        rf"|been\s+(?:an?\s+[a-z][a-z -]{{0,40}}?\s+)?(?:with|at|for)"
        rf"|joined|(?i:i'?m|i\s+am)\s+an?\s+[a-z][a-z -]{{0,40}}?\s+(?:at|with|for))"
        rf"\s+(?:the\s+)?{_NAME}"
    ),
    re.compile(  # Chinese: "在杭州云帆科技有限公司工作", "就职于…医院"
        r"(?:在|就职于|任职于|受雇于)(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()·]{2,30}?"
        r"(?:有限责任公司|有限公司|股份公司|公司|集团|银行|医院|学校|大学|研究院|研究所|事务所|酒店|中心|工厂))"
    ),
    re.compile(rf"\bbei(?:m\s+|\s+der\s+Firma\s+|\s+der\s+|\s+dem\s+|\s+Firma\s+|\s+)(?:Firma\s+)?{_NAME}"),
    re.compile(rf"(?i:{romance.EMPLOYER_CUE}){_NAME}"),
]
_NOT_A_NAME = re.compile(r"^(?:I|Ich|The|My|Our|Mein\w*|Unser\w*)\b")


def _clean(match: re.Match[str]) -> tuple[str, int, int] | None:
    name = match.group("name").rstrip(",;")
    if not re.search(r"\b\w\.\w\.$", name):  # "Talleres Hidalgo S.L." keeps its abbreviation's dot
        name = name.rstrip(".")
    if _NOT_A_NAME.match(name):
        return None
    start = match.start("name")
    return name, start, start + len(name)


# Where a forwarded message starts: its author wrote the application, whoever forwarded it.
_FORWARDED = re.compile(
    r"^[ \t>]*(?:-{2,}[ \t]*(?:Forwarded message|Original Message|Weitergeleitete Nachricht"
    r"|Ursprüngliche Nachricht|Message transféré|Mensaje reenviado)[ \t]*-*|Begin forwarded message:)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def find_applicant(text: str) -> tuple[str, int, int] | None:
    """The applicant, looked for in the last forwarded message first, then in the whole text."""
    starts = [m.end() for m in _FORWARDED.finditer(text)]
    for offset in [*starts[-1:], 0]:
        for regex in APPLICANT_RES:
            m = regex.search(text, offset)
            if m and (found := _clean(m)):
                return found
    return None


def find_employer(sentence: str) -> tuple[str, int, int] | None:
    for regex in EMPLOYER_RES:
        for m in regex.finditer(sentence):
            if found := _clean(m):
                return found
    return None
