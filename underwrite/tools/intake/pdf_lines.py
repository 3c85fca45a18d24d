"""PDF page text with table columns kept apart: words on one line joined by a space, cells by a tab.

pdfplumber's own ``extract_text`` joins every word on a line with one space, so a form's label and
the answer typed in a column to its right ("Borrower name      Daniel Okafor") read as one run of
words and a table row loses its cell boundaries. Here a horizontal gap wider than
``CELL_GAP_EM`` times the font size is written as a tab, which the key-value extractor reads as a
cell boundary; every other character is the same text ``extract_text`` would give.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

CELL_GAP_EM = 0.8
"""A word space is about 0.25-0.3 em; table padding and form columns leave a gap of 1 em or more."""
LINE_TOLERANCE = 3.0
"""Words whose tops differ by at most this many points are on one line (baseline jitter, sub-fonts)."""


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        if lines and abs(float(word["top"]) - float(lines[-1][0]["top"])) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: float(w["x0"])) for line in lines]


def layout_text(page: Any) -> str:
    """The text of a pdfplumber page (or filtered page), one line per text line, cells split by tabs."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    out: list[str] = []
    for line in _lines(words):
        parts = [str(line[0]["text"])]
        for previous, word in pairwise(line):
            gap = float(word["x0"]) - float(previous["x1"])
            size = max(float(previous.get("height", 10.0)), 1.0)
            parts.append("\t" if gap > CELL_GAP_EM * size else " ")
            parts.append(str(word["text"]))
        out.append("".join(parts))
    return "\n".join(out)
