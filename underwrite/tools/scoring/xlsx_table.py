"""A training workbook (.xlsx) as CSV text, so it is read exactly as an exported CSV would be.

Lenders keep loan books in Excel more often than in CSV. The first worksheet with cells becomes
CSV text (every cell in its column, empty cells kept, so columns never shift) and then goes
through the same reading as any CSV: title lines, decimal mark, dates, outcome. Excel's date
cells are written as ISO dates, its numbers as numbers; formulas are read as the value Excel
last computed (a workbook saved by a program that never computed them has empty cells there).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time

MAX_UNPACKED_BYTES = 2_000_000_000
"""Declared unpacked size a loan-book workbook may have (a million rows is well under it)."""


class WorkbookError(ValueError):
    """The workbook cannot be read as a table; the message says why."""


def is_workbook(raw: bytes) -> bool:
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_csv(raw: bytes) -> tuple[str, str]:
    """(CSV text of the first worksheet with cells, that sheet's name)."""
    from openpyxl import load_workbook  # imported here: only a workbook upload needs it

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            f"workbook unpacks to {unpacked / 1e9:.1f} GB (at most {MAX_UNPACKED_BYTES / 1e9:.0f} GB; "
            "refused before unpacking)"
        )
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise WorkbookError(f"not a readable workbook ({exc.__class__.__name__}: {exc})") from exc
    try:
        for sheet in book.worksheets:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            rows = 0
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell(v) for v in row]
                writer.writerow(cells)
                rows += any(cells)
            if rows:
                return out.getvalue(), str(sheet.title)
    finally:
        book.close()
    raise WorkbookError("the workbook has no worksheet with cells")
