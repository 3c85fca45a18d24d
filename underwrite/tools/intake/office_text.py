"""Text of OpenDocument text files (ODT) and Excel workbooks (XLSX), read with the standard library.

Both are ZIP archives of XML. Like :mod:`docx_text`, a table row (or a spreadsheet row) becomes its
cells separated by tabs, so the label/value readers see cell boundaries; paragraphs are lines.
ODT: ``text:p`` / ``text:h`` in document order, ``text:tab`` a tab, ``text:s`` its spaces.
XLSX: one page per sheet; shared and inline strings, numbers as written (``7500``, ``2480.5``),
cells whose number format is a date as ISO dates, booleans as TRUE/FALSE; a formula without a
cached value (as openpyxl and other generators write them) is empty, never its formula text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree as ET

from underwrite.tools.intake.errors import CorruptDocumentError

CELL_SEPARATOR = "\t"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that show a date (ECMA-376 §18.8.30).
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _open(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptDocumentError(f"is a damaged {what} file ({exc})") from exc


def _xml(archive: zipfile.ZipFile, name: str, what: str) -> ET.Element:
    try:
        return ET.fromstring(archive.read(name))
    except (KeyError, ET.ParseError) as exc:
        raise CorruptDocumentError(f"is a damaged {what} file ({name}: {exc})") from exc


def _odf_inline(element: ET.Element) -> str:
    """The text of one ODT paragraph: spans flattened, tabs and repeated spaces kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1")))
        elif child.tag == f"{_TEXT}line-break":
            parts.append(" ")
        else:
            parts.append(_odf_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_lines(element: ET.Element) -> list[str]:
    lines: list[str] = []
    for child in element:
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            lines.append(_odf_inline(child))
        elif child.tag == f"{_TABLE}table-row":
            cells = [" ".join(" ".join(_odf_lines(cell)).split()) for cell in child]
            lines.append(CELL_SEPARATOR.join(c for c in cells if c))
        else:  # lists, sections, table bodies, frames: their paragraphs in order
            lines += _odf_lines(child)
    return lines


def odt_text(data: bytes) -> str:
    archive = _open(data, "ODT")
    root = _xml(archive, "content.xml", "ODT")
    body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    return "\n".join(_odf_lines(body if body is not None else root))


def _date_styles(archive: zipfile.ZipFile) -> list[bool]:
    """Per cell style index: whether its number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return []
    styles = _xml(archive, "xl/styles.xml", "XLSX")
    custom = {}
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt.get("formatCode", "")).lower()
        custom[int(fmt.get("numFmtId", "0"))] = bool(re.search(r"[dy]", code))
    xfs = styles.find(f"{_MAIN}cellXfs")
    out = []
    for xf in xfs if xfs is not None else []:
        fmt_id = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fmt_id, fmt_id in _DATE_FORMAT_IDS))
    return out


def _number(raw: str, is_date: bool) -> str:
    value = float(raw)
    if is_date:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    return str(int(value)) if value.is_integer() else repr(value)


def _cell_text(cell: ET.Element, shared: list[str], dates: list[bool]) -> str:
    kind = cell.get("t", "n")
    value = cell.find(f"{_MAIN}v")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    if value is None or value.text is None:
        return ""  # empty, or a formula nobody computed
    if kind == "s":
        index = int(value.text)
        return shared[index] if index < len(shared) else ""
    if kind == "b":
        return "TRUE" if value.text == "1" else "FALSE"
    if kind in ("str", "e"):
        return value.text
    style = int(cell.get("s", "0"))
    try:
        return _number(value.text, style < len(dates) and dates[style])
    except (ValueError, OverflowError):
        return value.text


def xlsx_pages(data: bytes) -> list[str]:
    """One text per worksheet, in workbook order: each row its non-empty cells joined by tabs."""
    archive = _open(data, "XLSX")
    names = set(archive.namelist())
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        for item in _xml(archive, "xl/sharedStrings.xml", "XLSX").iter(f"{_MAIN}si"):
            shared.append("".join(t.text or "" for t in item.iter(f"{_MAIN}t")))
    dates = _date_styles(archive)
    workbook = _xml(archive, "xl/workbook.xml", "XLSX")
    targets = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _xml(archive, "xl/_rels/workbook.xml.rels", "XLSX").iter(f"{_PKG_REL}Relationship"):
            targets[rel.get("Id")] = rel.get("Target", "").lstrip("/").removeprefix("xl/")
    pages = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if f"xl/{target}" not in names:
            continue
        rows = []
        for row in _xml(archive, f"xl/{target}", "XLSX").iter(f"{_MAIN}row"):
            cells = [_cell_text(c, shared, dates).strip() for c in row.iter(f"{_MAIN}c")]
            if any(cells):
                rows.append(CELL_SEPARATOR.join(" ".join(c.split()) for c in cells if c))
        pages.append("\n".join(rows))
    if not pages:
        raise CorruptDocumentError("is an Excel workbook with no readable worksheet")
    return pages
