"""DOCX text: paragraphs, then each table row as its cells separated by tabs.

A tab keeps cell boundaries in the page text (so "Label | value" never becomes one value with the
separator in it) while offsets stay plain character offsets for the fact's span. A merged cell
appears once per row, not once per grid column it spans. A table nested in a cell (a layout table
whose cells hold label/value tables) gives its own rows, right after the row that holds it: its
text is not in the outer cell's. A text box (a floating frame, ``w:txbxContent``) gives its
paragraphs as lines after the paragraph it is anchored to; python-docx's run text leaves them out.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx  # noqa: N813  (a factory function, not a class)
from docx.shared import RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

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
        lines.append(_visible(paragraph, hidden))
        for box in _text_box_paragraphs(paragraph):
            lines.append(_visible(box, hidden))
    for table in doc.tables:
        _table_lines(table, lines)
    return "\n".join(lines), [h for h in hidden if h.strip()]


def _visible(paragraph: Paragraph, hidden: list[str]) -> str:
    visible: list[str] = []
    for run in paragraph.runs:
        color = run.font.color.rgb if run.font.color is not None and run.font.color.type else None
        (hidden if run.font.hidden or color == _WHITE else visible).append(run.text)
    return "".join(visible) if paragraph.runs else paragraph.text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_paragraphs(paragraph: Paragraph) -> list[Paragraph]:
    """Paragraphs of the text boxes anchored in ``paragraph``. Word writes a DrawingML box with a
    VML copy under ``mc:Fallback``; the copy is skipped so a box is read once."""
    found = []
    for content in paragraph._p.iter(f"{_W}txbxContent"):
        if any(parent.tag == _FALLBACK for parent in content.iterancestors()):
            continue
        found += [Paragraph(p, paragraph._parent) for p in content.iter(f"{_W}p")]
    return found


def _table_lines(table: Table, lines: list[str]) -> None:
    for row in table.rows:
        cells, seen, nested = [], set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated for every column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(_clean(cell.text))
            nested += cell.tables
        lines.append(CELL_SEPARATOR.join(cells))
        for inner in nested:
            _table_lines(inner, lines)
