"""CSV and JSON documents parsed as data: label/value pairs with the value's span in the file text.

CSV: a header row with one data row (a loan-origination export: ``APP_LOAN_AMT,...`` over values)
pairs header and value per column; two-column files (``field,value`` per row) pair each row.
JSON: every leaf under a key becomes (path, value); the label is the key humanised together with
its parents (``creditSummary.hardInquiries.last6Months`` → "credit summary hard inquiries last 6
months"). A list is its count (a bureau's list of public records); money in minor units, the
applicants as a list and lists of commitments are read as :mod:`data_json` says.
Spans point at the value's characters in the page text, found in document order.
"""

from __future__ import annotations

import csv
import json
import re

from underwrite.core.schemas import Document, MediaType
from underwrite.tools.intake.detect import csv_delimiter
from underwrite.tools.intake.extraction.data_json import json_leaves
from underwrite.tools.intake.extraction.kv import Pair


def _csv_cells(line: str, start: int, delimiter: str = ",") -> list[tuple[str, int, int]]:
    """(text, start, end) per cell of one CSV line; quotes stripped from the span."""
    out: list[tuple[str, int, int]] = []
    cells = next(csv.reader([line], delimiter=delimiter), [])
    pos = 0
    for cell in cells:
        at = line.find(cell, pos) if cell else pos
        if at < 0:
            at = pos
        out.append((cell, start + at, start + at + len(cell)))
        pos = at + len(cell) + 1
    return out


def csv_pairs(doc: Document) -> list[Pair]:
    page = doc.pages[0]
    rows, offset = [], 0
    delimiter = csv_delimiter(page.text)  # ";" in continental exports (decimal commas)
    for line in page.text.split("\n"):
        if line.strip():
            rows.append(_csv_cells(line.rstrip("\r"), offset, delimiter))
        offset += len(line) + 1
    if len(rows) < 2:
        return []
    pairs: list[Pair] = []
    if all(len(r) == 2 for r in rows):
        body = rows[1:] if rows[0][0][0].strip().lower() in ("field", "feld", "key", "name", "字段") else rows
        for (label, _, _), (value, s, e) in body:
            pairs.append(Pair(doc.doc_id, label, value, page.number, s, e, "data"))
        return pairs
    header = rows[0]
    for row in rows[1:2]:  # one application per export row; further rows would be other applicants
        for (label, _, _), (value, s, e) in zip(header, row, strict=False):
            if value.strip():
                pairs.append(Pair(doc.doc_id, label, value, page.number, s, e, "data"))
    return pairs


def humanise(key: str) -> str:
    key = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])", " ", key)
    return " ".join(re.sub(r"[_\-.]+", " ", key).split())


def json_pairs(doc: Document) -> list[Pair]:
    page = doc.pages[0]
    text = page.text
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return []
    pairs: list[Pair] = []
    pos = 0
    lists: dict[tuple[str, ...], tuple[int, int]] = {}  # a list's span, for the totals over it
    for path, value, span_key in json_leaves(data):
        if span_key is not None and path[:-1] in lists:
            start, end = lists[path[:-1]]
        else:
            found = re.compile(rf'"{re.escape(path[-1])}"\s*:\s*').search(text, pos)
            if found is None:
                continue
            start = found.end()
            end = _value_end(text, start)
            # A list's count spans the whole list; the leaves inside it are searched inside it.
            if text[start : start + 1] == "[":
                lists[path] = (start, end)
                pos = start
            else:
                pos = end
        label = " ".join(humanise(p) for p in path[-3:])
        pairs.append(Pair(doc.doc_id, label, value, page.number, start, end, "data"))
    return pairs


def _value_end(text: str, start: int) -> int:
    """End of the JSON value starting at ``start`` (string, number, literal, list or object)."""
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
        return int(end)
    except json.JSONDecodeError:
        return start


def data_pairs(doc: Document) -> list[Pair]:
    if doc.media_type == MediaType.csv:
        return csv_pairs(doc)
    if doc.media_type == MediaType.json:
        return json_pairs(doc)
    return []
