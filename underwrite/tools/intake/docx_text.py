"""DOCX text: paragraphs, then each table row as its cells separated by tabs.

A tab keeps cell boundaries in the page text (so "Label | value" never becomes one value with the
separator in it) while offsets stay plain character offsets for the fact's span. A merged cell
appears once per row, not once per grid column it spans.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx  # noqa: N813  (a factory function, not a class)
from docx.shared import RGBColor

from underwrite.tools.intake.errors import CorruptDocumentError
from underwrite.tools.intake.zip_limits import check_zip_bounds

_WHITE = RGBColor(0xFF, 0xFF, 0xFF)
CELL_SEPARATOR = "\t"


def _clean(text: str) -> str:
    # Tabs and line breaks inside one cell would read as further cells or rows.
    return " ".join(text.split())


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """(visible text, hidden runs): hidden or white runs are kept aside, never in the text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_bounds(archive)  # before python-docx reads every part into memory
        doc = open_docx(io.BytesIO(data))
    # SyntaxError: lxml's XMLSyntaxError (malformed XML inside the archive) subclasses it.
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise CorruptDocumentError(f"is a damaged DOCX file ({exc})") from exc
    lines: list[str] = []
    hidden: list[str] = []
    for paragraph in doc.paragraphs:
        visible: list[str] = []
        for run in paragraph.runs:
            color = run.font.color.rgb if run.font.color is not None and run.font.color.type else None
            (hidden if run.font.hidden or color == _WHITE else visible).append(run.text)
        lines.append("".join(visible) if paragraph.runs else paragraph.text)
    for table in doc.tables:
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is repeated for every column it spans
                    continue
                seen.add(id(cell._tc))
                cells.append(_clean(cell.text))
            lines.append(CELL_SEPARATOR.join(cells))
    return "\n".join(lines), [h for h in hidden if h.strip()]
