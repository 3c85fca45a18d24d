"""Fixed-width exports: a header row of column names, a ruler of dashes, records below.

Broker and mainframe systems print a case as columns padded with spaces, no separator at all:

    CASE-REF  SURNAME     LOAN-AMT  TERM
    --------- ----------- --------- ----
    NG-1      Okafor       12000.00   72

The ruler's dash runs give each column's extent exactly (values may be left- or right-aligned
inside it); a column reaches up to where the next one starts, so a value one character wider
than its dashes still reads whole. The header cell names the column and the first record below
the ruler is the application (a further record would be another case). Without a ruler the
layout is not guessed: aligned prose would read as columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_RULER = re.compile(r"^[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*$")


def _columns(ruler: str) -> list[tuple[int, int]]:
    runs = [(m.start(), m.end()) for m in re.finditer(r"-+", ruler)]
    return [(start, runs[i + 1][0] if i + 1 < len(runs) else 10**6) for i, (start, _) in enumerate(runs)]


def _cell(line: str, start: int, end: int) -> tuple[int, int] | None:
    part = line[start:end]
    text = part.strip()
    if not text:
        return None
    left = start + len(part) - len(part.lstrip())
    return left, left + len(text)


def _tables(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    """(header, ruler, record) line indexes of every table; a closing ruler under a record is none."""
    records: set[int] = set()
    for i in range(1, len(lines) - 1):
        header, record = lines[i - 1], lines[i + 1]
        if not _RULER.match(lines[i]) or i - 1 in records or not header.strip() or _RULER.match(header):
            continue
        if not record.strip() or _RULER.match(record) or len(_columns(lines[i])) < 3:
            continue
        records.add(i + 1)
        yield i - 1, i, i + 1


def fixed_width_pairs(text: str) -> Iterator[tuple[str, int, int]]:
    """(column name, value start, value end) with offsets into ``text``, per table's first record."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for h, r, v in _tables(lines):
        for start, end in _columns(lines[r]):
            name, value = _cell(lines[h], start, end), _cell(lines[v], start, end)
            if name is not None and value is not None:
                yield lines[h][name[0] : name[1]], offsets[v] + value[0], offsets[v] + value[1]
