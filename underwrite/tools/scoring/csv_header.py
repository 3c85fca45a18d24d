"""Where the table starts in an exported CSV: report titles above the header are not the header.

Core-banking and spreadsheet exports often open with a title block ("Kreditbestand Filiale Nord",
"Export vom 01.12.2026", a blank line) before the column names. Read as the header, a title makes
every real column vanish ("target column not in file; columns are: Kreditbestand, Filiale, Nord").
The delimiter is judged on the body of the file, where every line is a record, and the header is
the first line that fills at least half as many fields as most records have.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

_DELIMITERS = ",;\t|"
_SAMPLE_LINES = 200
_HEADER_LINES = 30  # a title block longer than this is not a title block
_NUMBER = re.compile(r"[-+]?[\d.,' \u00a0]+%?")


def _cells(line: str, delimiter: str) -> list[str]:
    return [c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=delimiter), [])]


def _fills(cells: list[str], width: int, names_only: bool) -> bool:
    """At least half the table's width filled (mostly with names, not figures, when ``names_only``)."""
    filled = [c for c in cells if c]
    if len(filled) < max(2, -(-width // 2)):
        return False
    # A header may name a column "2024"; a record is mostly figures.
    return not names_only or sum(1 for c in filled if _NUMBER.fullmatch(c)) * 4 <= len(filled)


def header_line(text: str) -> int:
    """Index of the header line (0 when the file starts with it or nothing can tell).

    The header is the first line that fills at least half of the body's width with names. A title
    line has one cell, even when a spreadsheet pads it with delimiters to the table's width
    ("Title;;;;"), and a body row with a trailing delimiter does not push the real header out.
    """
    lines = text.splitlines()[:_SAMPLE_LINES]
    # The body: past any title block (quoted multi-line cells are rare enough in a head sample).
    body = [line for line in lines[min(10, len(lines) // 2) :] if line.strip()]
    if len(body) < 3:
        return 0
    # The delimiter under which a header of names exists and the body splits most consistently
    # ("1;2,5" splits evenly on ',' too; csv.Sniffer picks ',' in a decimal-comma file).
    shapes: dict[str, tuple[bool, float, int]] = {}
    for delimiter in _DELIMITERS:
        width, rows = Counter(len(_cells(line, delimiter)) for line in body).most_common(1)[0]
        if width >= 2:
            named = any(_fills(_cells(line, delimiter), width, True) for line in lines[:_HEADER_LINES])
            shapes[delimiter] = (named, rows / len(body), width)
    if not shapes:
        return 0
    delimiter = max(shapes, key=lambda d: shapes[d])
    named, _share, width = shapes[delimiter]
    for index, line in enumerate(lines):
        if _fills(_cells(line, delimiter), width, named):
            return index
    return 0


def skipped_note(text: str, skipped: int) -> str:
    """What the skipped title lines said, for the training source line."""
    titles = [line.strip() for line in text.splitlines()[:skipped] if line.strip()]
    shown = " / ".join(titles)[:80]
    return f"{skipped} line(s) above the header skipped" + (f": {shown!r}" if shown else "")
