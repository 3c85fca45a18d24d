"""Chat exports (WhatsApp, Teams, a lender's web chat) read as prose: one message per line, each line
led by a timestamp and the speaker ("[14/01/2025, 09:12] Tom Hale: …", "14.01.25, 09:12 - Tom: …").

The applicant is the one speaker whose name reads as a person's, not an organisation's ("Brightway
Loans", "Kundenservice"). Only what the applicant writes is read: the lender's questions and
restatements are blanked, and so are the timestamps, so no clock time is read as money. The view
keeps every character's offset, so facts still quote the export itself.

An answer often names nothing: "Wie hoch ist die Miete?" — "890 warm". So the question a lender
asks before the applicant replies stays in the view (its digits blanked: the lender's
numbers are never read) and makes one *turn* with the replies that follow it, which the prose
rules read as one sentence; the question gives the cue, the reply the number.
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
    turns: tuple[tuple[int, int], ...] = ()
    """Spans read as one sentence each: a lender's question with the replies to it, or one reply."""
    replies: str = ""
    """The view without the lender's questions: what the applicant said alone (a question's own
    words, "Wohnen Sie zur Miete?", state nothing about the applicant)."""


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
    turns: list[tuple[int, int]] = []
    question: tuple[int, int] | None = None
    for i, m in enumerate(lines):
        _blank(chars, m.start(), m.end())
        end = lines[i + 1].start() if i + 1 < len(lines) else len(text)
        if applicant is None:
            continue
        if m.group("who").strip() != applicant:
            _blank(chars, m.end(), end)
            asked = list(_QUESTION.finditer(text, m.end(), end))
            for q in asked:
                chars[q.start() : q.end()] = _no_digits(q.group())
            question = (asked[0].start(), asked[-1].end()) if asked else None
            continue
        reply_end = len(text[:end].rstrip())
        if question is not None:
            turns.append((question[0], reply_end))
            question = None
        elif turns and not text[turns[-1][1] : m.start()].strip():
            turns[-1] = (turns[-1][0], reply_end)  # a reply in several messages: one turn
        else:
            turns.append((m.end(), reply_end))
    first = next((m for m in lines if m.group("who").strip() == applicant), None)
    found = None
    if first is not None and applicant is not None:
        start = first.start("who") + first.group("who").index(applicant)
        found = (applicant, start, start + len(applicant))
    view = "".join(chars)
    replies = list(view)
    for i, m in enumerate(lines):
        if applicant is not None and m.group("who").strip() != applicant:
            _blank(replies, m.end(), lines[i + 1].start() if i + 1 < len(lines) else len(text))
    return ChatView(view, found, tuple(turns), "".join(replies))


_QUESTION = re.compile(r"[^.!?\n]*\?")


def _no_digits(text: str) -> list[str]:
    return [" " if c.isdigit() else c for c in text]
