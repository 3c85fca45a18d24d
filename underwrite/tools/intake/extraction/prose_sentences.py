"""Where a sentence of a letter or e-mail ends, so a cue and its number are read from one sentence."""

from __future__ import annotations

import re

# A sentence ends at . ! ? before a capital ("12.500", "ca. 500" stay whole), at a blank line, or at a
# break after a short line; a break inside a paragraph is a wrap ("I have worked at\nMorton Steel…").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„(])|(?<=[。！？；])\s*|\n\s*\n\s*|\n")
WRAPPED_LINE_CHARS = 45


_ABBREVIATIONS = frozenset({"st", "dr", "mr", "mrs", "ms", "nr", "str", "co", "inc", "ltd", "fa", "hr", "fr",
                            "ca", "bzw", "inkl", "tsd", "no"})  # fmt: skip


def wrapped(text: str, newline: int) -> bool:
    """The line ending at ``newline`` is a wrap inside a paragraph (long, no closing punctuation)."""
    line = text[text.rfind("\n", 0, newline) + 1 : newline]
    return len(line.strip()) >= WRAPPED_LINE_CHARS and not re.search(r"[.!?:]\s*$", line)


def sentences(text: str, line_is_sentence: bool = False) -> list[tuple[int, int]]:
    out, start = [], 0
    for gap in _SENTENCE_END.finditer(text):
        before = re.search(r"(\w+)\.$", text[max(0, gap.start() - 8) : gap.start()])
        if before and before.group(1).lower() in _ABBREVIATIONS:
            continue  # "St. Mary's", "ca. 500": not the end of a sentence
        if gap.group() == "\n" and not line_is_sentence and wrapped(text, gap.start()):
            continue  # a wrapped line: the sentence goes on (a chat message is one line)
        if text[start : gap.start()].strip():
            out.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out
