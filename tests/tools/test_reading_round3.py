"""Formats and layouts the third held-out round showed the reader lacked, on text written here.

Not copies of ``tests/corpus/heldout3``: each test builds its own small document.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.errors import CorruptDocumentError
from underwrite.tools.intake.office_text import odt_text, xlsx_pages
from underwrite.tools.intake.reader import read_document
from underwrite.tools.intake.rtf_text import rtf_text

_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def _odt(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {_ODT_NS}><office:body><office:text>'
            f"{body}</office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


def test_odt_paragraphs_tabs_spaces_and_table_rows() -> None:
    data = _odt(
        '<text:h text:outline-level="1">Antrag <text:span>Nr. 7</text:span></text:h>'
        '<text:p>Kunde:<text:s text:c="2"/>Jonas<text:tab/>Ort: Graz</text:p>'
        "<table:table><table:table-row><table:table-cell><text:p>Wohnkosten</text:p></table:table-cell>"
        "<table:table-cell><text:p>640 EUR</text:p><text:p>monatlich</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    assert detect_media_type(data) == MediaType.odt
    assert odt_text(data).split("\n") == [
        "Antrag Nr. 7",
        "Kunde:  Jonas\tOrt: Graz",
        "Wohnkosten\t640 EUR monatlich",
    ]


def test_odt_without_content_is_damaged() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<not closed")
    with pytest.raises(CorruptDocumentError, match="damaged ODT"):
        odt_text(buffer.getvalue())


def test_xlsx_cells_dates_numbers_and_uncomputed_formulas(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Haushalt"
    ws.append(["Kunde", "Mira Osei"])
    ws.append(["Signed", dt.date(2024, 11, 3)])
    ws["B2"].number_format = "d mmm yyyy"
    ws.append(["Net pay", 1875.5, None, "per month"])
    ws.append(["Total", "=SUM(B3:B3)"])
    second = wb.create_sheet("Notes")
    second.append([True, 12])
    wb.save(tmp_path / "book.xlsx")
    doc = read_document(tmp_path / "book.xlsx")
    assert doc.media_type == MediaType.xlsx
    assert [p.text for p in doc.pages] == [
        "Kunde\tMira Osei\nSigned\t2024-11-03\nNet pay\t1875.5\tper month\nTotal",
        "TRUE\t12",
    ]


def test_xlsx_without_worksheets_is_reported(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/'
                         'spreadsheetml/2006/main"><sheets/></workbook>')  # fmt: skip
    with pytest.raises(CorruptDocumentError, match="no readable worksheet"):
        xlsx_pages(buffer.getvalue())


def test_rtf_code_page_unicode_tables_and_skipped_groups() -> None:
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}"
        rb"{\*\generator Writer 9;}\pard Ma\'eetre d\'e9j\'e0 pay\'e9 \'80 12\par"
        rb"\uc1\u8364? 40 \line B\tab C\par"
        rb"\trowd Loyer\cell 500\cell\row}"
    )
    assert detect_media_type(rtf) == MediaType.rtf
    assert rtf_text(rtf) == "Maître déjà payé € 12\n€ 40\nB\tC\nLoyer\t500"


def test_rtf_that_is_not_rtf_is_damaged() -> None:
    with pytest.raises(CorruptDocumentError, match="RTF"):
        rtf_text(b"hello")


@pytest.mark.parametrize(
    ("text", "media"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?><loan><amount>5</amount></loan>', MediaType.xml),
        ("<application><applicant>A. Berg</applicant></application>", MediaType.xml),
        ("<alice@example.org> wrote:\nhello", MediaType.text),  # an e-mail quoting an address
        ("<html><body><p>x</p></body></html>", MediaType.html),
    ],
)
def test_xml_is_told_from_html_and_text(text: str, media: MediaType) -> None:
    assert detect_media_type(text.encode()) == media
