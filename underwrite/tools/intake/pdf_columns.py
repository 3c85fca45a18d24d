"""Pages set in two text columns: find the gutter and read each column as its own text.

A PDF's text layer has no notion of columns. A page laid out in two frames (a statement with one
month per column, a two-column letter) comes out of line-by-line extraction with the left and the
right column's lines interleaved, and where two rows of the columns sit within a few points of each
other their characters are merged into one word ("S In a s l t a a r l ..."). Here the page's
characters are looked at first: a vertical band near the middle that no character crosses on most
lines is a gutter *when each side is a column of its own* — each side either holds the same table
layout as the other (the same cell stops, shifted by the column offset) or is prose whose lines run
across the side. The second condition keeps an ordinary table or a label/value form single: their
middle can be empty on every line too, but their left half (labels) and right half (answers) are
not two copies of one layout and neither is filled like prose.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Any

GUTTER_MIN_EM = 1.5
"""A gutter is at least this wide (in font sizes): wider than a word space, like a column gap."""
GUTTER_BAND = (0.3, 0.7)
"""The gutter's middle lies in this share of the page width (two columns, not a margin note)."""
CROSSING_SHARE = 0.15
"""At most this share of lines may cross the gutter (a title or footer across both columns)."""
MIN_SIDE_LINES = 4
MAX_CANDIDATES = 4
STOP_GRID = 3.0
"""Cell stops are compared on a grid of this many points (right-aligned figures end on one stop)."""


def _line_tops(chars: list[dict[str, Any]]) -> list[float]:
    """The distinct line positions of the page (tops within 1.5 pt are one line)."""
    tops: list[float] = []
    for top in sorted(float(c["top"]) for c in chars):
        if not tops or top - tops[-1] > 1.5:
            tops.append(top)
    return tops


def _line_of(top: float, tops: list[float]) -> int:
    return max(bisect_right(tops, top + 1.5) - 1, 0)


def _gutters(chars: list[dict[str, Any]], width: float) -> list[tuple[float, float]]:
    """Least-crossed bands in the middle of the page, widest first, if few lines cross them.

    A table inside one column has wide empty bands too (between its text and its figures), so every
    band is a candidate and :func:`_own_columns` decides which, if any, parts two columns."""
    tops = _line_tops(chars)
    if len(tops) < MIN_SIDE_LINES:
        return []
    covered: dict[int, set[int]] = {}
    for c in chars:
        line = _line_of(float(c["top"]), tops)
        for x in range(int(float(c["x0"])), int(float(c["x1"])) + 1):
            covered.setdefault(x, set()).add(line)
    lo, hi = int(width * GUTTER_BAND[0]), int(width * GUTTER_BAND[1])
    least = min(len(covered.get(x, ())) for x in range(lo, hi + 1))
    if least > CROSSING_SHARE * len(tops):
        return []
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x in range(int(width * 0.1), int(width * 0.9) + 2):
        free = len(covered.get(x, ())) <= least and x <= width * 0.9
        if free and start is None:
            start = x
        elif not free and start is not None:
            runs.append((start, x))
            start = None
    sizes = sorted(float(c.get("size", 10.0)) for c in chars)
    wide = GUTTER_MIN_EM * sizes[len(sizes) // 2]
    runs = [r for r in runs if r[1] > lo and r[0] < hi and r[1] - r[0] >= wide]
    return [(float(a), float(b)) for a, b in sorted(runs, key=lambda r: r[0] - r[1])[:MAX_CANDIDATES]]


def _cells(words: list[dict[str, Any]]) -> list[list[tuple[float, float]]]:
    """Per line, the (x0, x1) of each cell: words closer than one font size are one cell."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for w in words:
        lines.setdefault(round(float(w["top"]) / 3), []).append(w)
    out: list[list[tuple[float, float]]] = []
    for line in lines.values():
        line.sort(key=lambda w: float(w["x0"]))
        cells: list[tuple[float, float]] = []
        for w in line:
            x0, x1 = float(w["x0"]), float(w["x1"])
            if cells and x0 - cells[-1][1] <= 0.8 * max(float(w.get("height", 10.0)), 1.0):
                cells[-1] = (cells[-1][0], x1)
            else:
                cells.append((x0, x1))
        out.append(cells)
    return out


def _stops(lines: list[list[tuple[float, float]]], origin: float) -> set[int]:
    """Cell starts and ends (relative to the side's left edge) that recur on a fifth of the lines."""
    seen: Counter[int] = Counter()
    for cells in lines:
        here = {round((x - origin) / STOP_GRID) for cell in cells for x in cell}
        seen.update(here)
    return {stop for stop, n in seen.items() if n >= max(2, len(lines) / 5)}


def _is_prose(lines: list[list[tuple[float, float]]]) -> bool:
    left = min(c[0] for cells in lines for c in cells)
    right = max(c[1] for cells in lines for c in cells)
    full = sum(1 for cells in lines if cells[-1][1] - cells[0][0] >= 0.7 * (right - left))
    return all(len(cells) == 1 for cells in lines) and full >= 0.6 * len(lines)


def _modal_cells(lines: list[list[tuple[float, float]]]) -> int:
    """The number of cells most lines of a side have."""
    return Counter(len(cells) for cells in lines).most_common(1)[0][0]


def _own_columns(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> bool:
    """True when the two sides are two columns of text, not two halves of one table or form."""
    a, b = _cells(left), _cells(right)
    if len(a) < MIN_SIDE_LINES or len(b) < MIN_SIDE_LINES:
        return False
    if _is_prose(a) and _is_prose(b):
        return True
    tabular = [sum(1 for cells in side if len(cells) >= 2) >= 0.4 * len(side) for side in (a, b)]
    if not all(tabular):
        return False
    if _modal_cells(a) != _modal_cells(b):
        return False  # a statement's text columns beside its figure columns: one table, not two
    sa = _stops(a, min(float(w["x0"]) for w in left))
    sb = _stops(b, min(float(w["x0"]) for w in right))
    near = {s + d for s in sa for d in (-1, 0, 1)}
    # The same table layout on both sides: most stops of one side recur, shifted, on the other.
    return len(sa) >= 3 and len(sb) >= 3 and len(sb & near) >= 0.6 * max(len(sa), len(sb))


def _split(page: Any, chars: list[dict[str, Any]], band: tuple[float, float]) -> list[Any] | None:
    middle = (band[0] + band[1]) / 2
    tops = _line_tops(chars)
    inside = [c for c in chars if float(c["x1"]) > band[0] and float(c["x0"]) < band[1]]
    crossing = {_line_of(float(c["top"]), tops) for c in inside}

    def on_left(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        centre = (float(obj["x0"]) + float(obj["x1"])) / 2
        return centre < middle or _line_of(float(obj["top"]), tops) in crossing

    left_page = page.filter(on_left)
    right_page = page.filter(lambda obj: obj.get("object_type") == "char" and not on_left(obj))
    if not _own_columns(left_page.extract_words(), right_page.extract_words()):
        return None
    return [left_page, right_page]


def column_pages(page: Any) -> list[Any]:
    """The page itself, or its left and right columns (lines crossing the gutter stay on the left)."""
    chars = [c for c in page.chars if str(c.get("text", "")).strip()]
    for band in _gutters(chars, float(page.width)) if chars else []:
        if (parts := _split(page, chars, band)) is not None:
            return parts
    return [page]
