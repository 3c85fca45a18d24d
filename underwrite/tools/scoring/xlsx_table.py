"""A training workbook (.xlsx) as CSV text, so it is read exactly as an exported CSV would be.

Lenders keep loan books in Excel more often than in CSV, often behind a cover or notes sheet. The
worksheet whose header rows hold the target column (else the first worksheet with cells) becomes
CSV text (every cell in its column, empty cells kept, so columns never shift) and then goes through
the same reading as any CSV: title lines, decimal mark, dates, outcome. Excel's date cells are
written as ISO dates, its numbers as numbers; formulas are read as the value Excel last computed
(a workbook saved by a program that never computed them has empty cells there).
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


HEADER_SCAN_ROWS = 20
"""Rows of a sheet searched for the target's name (title lines may stand above the header)."""


def _sheet_csv(sheet: object) -> tuple[str, int]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = 0
    for row in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        cells = [_cell(v) for v in row]
        writer.writerow(cells)
        rows += any(cells)
    return out.getvalue(), rows


def _names_target(sheet: object, target: str) -> bool:
    wanted = target.strip().casefold()
    for i, row in enumerate(sheet.iter_rows(values_only=True)):  # type: ignore[attr-defined]
        if i >= HEADER_SCAN_ROWS:
            return False
        if any(v is not None and str(v).strip().casefold() == wanted for v in row):
            return True
    return False


def workbook_csv(raw: bytes, target: str) -> tuple[str, str]:
    """(CSV text of the sheet that holds ``target`` in its header rows, else of the first sheet
    with cells; a description of which sheet was read and why)."""
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
        sheets = list(book.worksheets)
        of = f" of {len(sheets)}" if len(sheets) > 1 else ""
        holding = [s for s in sheets if _names_target(s, target)]
        if holding:
            # A data-dictionary sheet may name the column too: the longest such sheet is the table.
            read = [(_sheet_csv(s), str(s.title)) for s in holding]
            (text, _), title = max(read, key=lambda r: r[0][1])
            why = f", the one with column {target!r}" if len(sheets) > 1 else ""
            return text, f"sheet {title!r}{of}{why}"
        for sheet in sheets:
            text, rows = _sheet_csv(sheet)
            if rows:
                return text, f"sheet {str(sheet.title)!r}{of}"
    finally:
        book.close()
    raise WorkbookError("the workbook has no worksheet with cells")
