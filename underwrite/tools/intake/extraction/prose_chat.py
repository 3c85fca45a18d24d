"""Chat exports (WhatsApp, Teams, a lender's web chat) read as prose: one message per line, each line
led by a timestamp and the speaker ("[14/01/2025, 09:12] Tom Hale: …", "14.01.25, 09:12 - Tom: …").

The applicant is the one speaker whose name reads as a person's, not an organisation's ("Brightway
Loans", "Kundenservice"). Only what the applicant writes is read: the lender's questions and
restatements are blanked, and so are the timestamps, so no clock time is read as money. The view
keeps every character's offset, so facts still quote the export itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_LINE = re.compile(
    r"^\[?(?P<ts>\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)\]?"
    r"[ \t]*(?:[-–][ \t]*)?(?P<who>[^:\n\]]{2,40}?):[ \t]",
    re.MULTILINE,
)
_ORGANISATION = re.compile(
    r"\b(?:loans?|bank\w*|team|support|finance|credit|lending|ltd|gmbh|ag|plc|kredit\w*|service\w*"
    r"|advis\w*|berat\w*|agent|bot|assistant)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ \t]+[^\W\d_][^\W\d_'’.-]*){0,3}")
MIN_MESSAGES = 3


@dataclass(frozen=True)
class ChatView:
    text: str
    """The export with timestamps, speaker names and other speakers' messages blanked (same length)."""
    applicant: tuple[str, int, int] | None
    """The applicant's name and its offsets in the export, when one speaker reads as a person."""


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def chat_view(text: str) -> ChatView | None:
    """The applicant's side of a chat export, or None when ``text`` is not one."""
    lines = list(_LINE.finditer(text))
    if len(lines) < MIN_MESSAGES:
        return None
    speakers = Counter(m.group("who").strip() for m in lines)
    people = [w for w, _ in speakers.most_common() if _PERSON.fullmatch(w) and not _ORGANISATION.search(w)]
    applicant = people[0] if len(people) == 1 else None
    chars = list(text)
    for i, m in enumerate(lines):
        _blank(chars, m.start(), m.end())
        if applicant is not None and m.group("who").strip() != applicant:
            _blank(chars, m.end(), lines[i + 1].start() if i + 1 < len(lines) else len(text))
    first = next((m for m in lines if m.group("who").strip() == applicant), None)
    found = None
    if first is not None and applicant is not None:
        start = first.start("who") + first.group("who").index(applicant)
        found = (applicant, start, start + len(applicant))
    return ChatView("".join(chars), found)
