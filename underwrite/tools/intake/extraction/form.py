"""Label → value pairs on form-like documents, in any order and in any of the layouts forms use.

Tolerated layouts: ``Label: value`` lines; label and value in table cells (``Label value``); two
fields on one line (``Label: value   Label: value`` — a mid-line label needs its colon); and
stacked boxes (the label alone on a line, the value on the next). Labels are matched longest first
from the synonym table in :mod:`vocabulary`, case- and spacing-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from underwrite.core.schemas import Document
from underwrite.tools.intake.extraction.payslip_labels import PAYSLIP_NET_PAY_LABELS
from underwrite.tools.intake.extraction.vocabulary import LABELS

_COLON = re.compile(":")
# The renderer's labels, and pay slips' other wordings of the net pay (read here, never rendered).
READ_LABELS: dict[str, list[str]] = {
    **LABELS,
    "payslip_net_pay": [*LABELS["payslip_net_pay"], *PAYSLIP_NET_PAY_LABELS],
}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


_INDEX = {_fold(label): name for name, labels in READ_LABELS.items() for label in labels}


def field_of(label: str) -> str:
    """The field a label matched by these regexes names (the match differs only in case and spaces)."""
    return _INDEX[_fold(label)]


Accepts = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class LabeledValue:
    doc_id: str
    name: str
    label: str
    raw: str
    page: int
    start: int
    end: int


def _pattern(label: str) -> str:
    return r"\s+".join(re.escape(word) for word in label.split())


@lru_cache(maxsize=32)
def _regexes(names: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = sorted({label for name in names for label in READ_LABELS[name]}, key=len, reverse=True)
    alternation = "|".join(_pattern(label) for label in labels)
    at_start = re.compile(
        rf"^[ \t]*(?:\d{{1,2}}[.)][ \t]+)?(?P<label>{alternation})(?:[ \t]*:[ \t]*|[ \t]+|$)", re.I
    )
    alone = re.compile(rf"^[ \t]*(?P<label>{alternation})[ \t]*:?[ \t]*$", re.I)
    return at_start, alone


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in " \t":
        start += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    return start, end


def _shorter_label(line: str, names: frozenset[str]) -> tuple[str, int] | None:
    """``Telephone registered`` may be label "Telephone" + value "registered": try shorter labels."""
    labels = sorted({label for name in names for label in READ_LABELS[name]}, key=len, reverse=True)
    for label in labels:
        m = re.match(rf"^[ \t]*({_pattern(label)})[ \t]*:?[ \t]+\S", line, re.I)
        if m:
            return m.group(1), m.end() - 1
    return None


@lru_cache(maxsize=32)
def _before_colon(names: frozenset[str]) -> list[re.Pattern[str]]:
    labels = sorted({label for name in names for label in READ_LABELS[name]}, key=len, reverse=True)
    return [re.compile(rf"(?<!\S)(?P<label>{_pattern(label)})[ \t]*$", re.I) for label in labels]


def _line_values(
    line: str, names: frozenset[str], first: tuple[str, int] | None, accepts: Accepts
) -> list[tuple[str, int, int]]:
    """(label, value start, value end) for the label that begins ``line`` and each ``Label:`` after it.

    Where two labels could end at the same colon ("Loan product: small business loan Term: 48"
    reads as "Loan term:" or "Term:"), the longest one that leaves the previous field a readable
    value wins.
    """
    starts: list[tuple[str, int, int]] = [(first[0], first[1], first[1])] if first else []
    for colon in (m.start() for m in _COLON.finditer(line, first[1] if first else 0)):
        candidates = [m for p in _before_colon(names) if (m := p.search(line, 0, colon))]
        if not candidates:
            continue
        chosen = candidates[0]
        if starts:
            prev_label, prev_start, _ = starts[-1]
            prev_name = field_of(prev_label)
            for m in candidates:
                if m.start() > prev_start and accepts(
                    prev_name, prev_label, line[prev_start : m.start()].strip()
                ):
                    chosen = m
                    break
        value_start = colon + 1
        starts.append((chosen.group("label"), value_start, chosen.start()))
    out = []
    for j, (label, value_start, _) in enumerate(starts):
        value_end = starts[j + 1][2] if j + 1 < len(starts) else len(line)
        s, e = _trimmed(line, value_start, value_end)
        if s < e:
            out.append((label, s, e))
    return out


def labeled_values(
    documents: Iterable[Document], names: Iterable[str], accepts: Accepts = lambda *_: True
) -> list[LabeledValue]:
    """Every (field, raw value) pair found in ``documents`` for the fields ``names``.

    ``accepts(name, label, raw)`` says whether a raw value reads as that field; it settles
    ambiguous splits of lines holding several fields.
    """
    wanted = frozenset(names)
    at_start, alone = _regexes(wanted)
    found: list[LabeledValue] = []
    for doc in documents:
        for page in doc.pages:
            lines = list(_lines(page.text))
            i = 0
            while i < len(lines):
                offset, line = lines[i]
                i += 1
                first: tuple[str, int] | None = None
                lone = alone.match(line)
                if lone:
                    following = lines[i][1] if i < len(lines) else ""
                    if following.strip() and not at_start.match(following):
                        next_offset, next_line = lines[i]
                        s, e = _trimmed(next_line, 0, len(next_line))
                        label = lone.group("label")
                        found.append(
                            LabeledValue(
                                doc.doc_id,
                                field_of(label),
                                label,
                                next_line[s:e],
                                page.number,
                                next_offset + s,
                                next_offset + e,
                            )
                        )
                        i += 1
                        continue
                    first = _shorter_label(line, wanted)
                else:
                    m = at_start.match(line)
                    first = (m.group("label"), m.end()) if m else None
                for label, s, e in _line_values(line, wanted, first, accepts):
                    name = field_of(label)
                    found.append(
                        LabeledValue(doc.doc_id, name, label, line[s:e], page.number, offset + s, offset + e)
                    )
    return found
