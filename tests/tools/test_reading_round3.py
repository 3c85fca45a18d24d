"""Formats and layouts the third held-out round showed the reader lacked, on text written here.

Not copies of ``tests/corpus/heldout3``: each test builds its own small document.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from reading_support import facts_of

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.errors import CorruptDocumentError
from underwrite.tools.intake.extraction.data_xml import xml_leaves
from underwrite.tools.intake.extraction.field_values import typed_value
from underwrite.tools.intake.extraction.fixed_width import fixed_width_pairs
from underwrite.tools.intake.extraction.kv import Pair
from underwrite.tools.intake.extraction.name_parts import composed_name
from underwrite.tools.intake.extraction.normalize import parse_date
from underwrite.tools.intake.extraction.prose_names import find_applicant
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


# --- layouts --------------------------------------------------------------------------------------


def test_fixed_width_export_reads_its_columns_by_the_ruler(tmp_path: Path) -> None:
    (tmp_path / "export.txt").write_text(
        "HARBOUR LENDING - DAILY CASES\n"
        "REF     GIVEN NAME  FAMILY NAME   AMOUNT    MONTHS EMPLOYER\n"
        "------- ----------- ------------- --------- ------ ------------------\n"
        "A-17    Ines        Cardoso        4800.50      30 Porto Tiles Ltd\n"
        "------- ----------- ------------- --------- ------ ------------------\n"
        "B-02    Other       Person         9999.00      12 Elsewhere\n",
        encoding="utf-8",
    )
    facts = facts_of(tmp_path / "export.txt")
    assert facts["applicant_name"] == "Ines Cardoso"
    assert facts["loan_amount"] == 4800.5  # the first record below the ruler, not the second table
    assert facts["loan_term_months"] == 30
    assert facts["employer_name"] == "Porto Tiles Ltd"


def test_fixed_width_needs_a_ruler_of_three_columns() -> None:
    assert list(fixed_width_pairs("A   B\n--- ---\n1   2\n")) == []
    assert list(fixed_width_pairs("Name   Amount  Term\nAnn    5000    12\n")) == []  # no ruler: no guess


def test_forename_and_surname_fields_make_the_name(tmp_path: Path) -> None:
    (tmp_path / "form.txt").write_text(
        "Kreditantrag\nAntragsdatum: 02.02.2025\nName: HOFMANN\nVorname: Lea-Marie\n"
        "Darlehensbetrag: 7.000 EUR\nLaufzeit: 48 Monate\n",
        encoding="utf-8",
    )
    assert facts_of(tmp_path / "form.txt")["applicant_name"] == "Lea-Marie Hofmann"


def test_a_plain_name_field_without_a_forename_field_stays_the_full_name() -> None:
    pairs = [
        Pair("d", "Name", "Ann Smith", 1, 0, 9, "colon"),
        Pair("d", "Surname", "Smith", 1, 10, 15, "colon"),
    ]
    assert composed_name(pairs) is None


def test_party_header_without_a_label_cell_reads_the_first_party(tmp_path: Path) -> None:
    (tmp_path / "joint.txt").write_text(
        "Joint loan application\nLoan amount: 12,000\n"
        "APPLICANT 1\tAPPLICANT 2\nName\tOwen Price\tCara Price\nEmployer\tDale Motors\tRiver School\n",
        encoding="utf-8",
    )
    facts = facts_of(tmp_path / "joint.txt")
    assert (facts["applicant_name"], facts["employer_name"]) == ("Owen Price", "Dale Motors")


@pytest.mark.parametrize(
    ("text", "iso"),
    [("07/15/2025", "2025-07-15"), ("15/07/2025", "2025-07-15"), ("03/04/2025", "2025-04-03")],
)
def test_slash_dates_are_day_first_unless_only_month_first_is_a_date(text: str, iso: str) -> None:
    day = parse_date(text)
    assert day is not None and day.isoformat() == iso


# --- XML payloads ---------------------------------------------------------------------------------

_PAYLOAD = """<?xml version="1.0"?>
<lo:Application xmlns:lo="urn:example:los">
  <lo:Applicant><lo:FirstName>Tomas</lo:FirstName><lo:LastName>Novak</lo:LastName>
    <lo:BirthDate>1990-01-31</lo:BirthDate></lo:Applicant>
  <lo:Request Amount="6400.00" TermMonths="36"><lo:LoanPurpose>Other</lo:LoanPurpose>
    <lo:LoanPurposeDescription>new kitchen appliances</lo:LoanPurposeDescription></lo:Request>
  <lo:Debts><lo:Debt><lo:MonthlyPayment>120.00</lo:MonthlyPayment></lo:Debt>
    <lo:Debt><lo:MonthlyPayment>35.50</lo:MonthlyPayment></lo:Debt></lo:Debts>
  <!-- <lo:Note>never read</lo:Note> -->
</lo:Application>
"""


def test_xml_leaves_and_attributes_keep_their_spans() -> None:
    leaves = xml_leaves(_PAYLOAD)
    for _, value, start, end in leaves:
        assert _PAYLOAD[start:end] == value
    labels = [label for label, *_ in leaves]
    assert "Applicant First Name" in labels and "Request Term Months" in labels  # the root left out
    assert not any("Note" in label for label in labels)  # a comment is no data


def test_xml_payload_is_an_application_whose_debts_add_up(tmp_path: Path) -> None:
    (tmp_path / "payload.xml").write_text(_PAYLOAD, encoding="utf-8")
    doc = read_document(tmp_path / "payload.xml")
    assert (doc.media_type, doc.kind) == (MediaType.xml, "application_form")
    facts = facts_of(tmp_path / "payload.xml")
    assert facts["applicant_name"] == "Tomas Novak"
    assert facts["loan_amount"] == 6400.0
    assert facts["loan_purpose"] == "domestic appliances"  # "Other" yields to the description
    assert facts["monthly_debt_payments"] == 155.5


# --- French, Spanish, Italian, Dutch labels ------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "field", "value"),
    [
        (["Demande de crédit", "Montant demandé : 4 250,00 €", "Durée : 24 mois"], "loan_amount", 4250.0),
        (["Solicitud de préstamo", "Importe solicitado: 3.000 €", "Plazo: 18 meses"], "loan_amount", 3000.0),
        (["Richiesta di prestito", "Importo richiesto: 9.000 €", "Finalità: mobili"], "loan_purpose",
         "furniture/equipment"),
        (["Kredietaanvraag", "Leenbedrag: 2.500 €", "Woonsituatie: huurwoning"], "housing_status", "rent"),
    ],
)  # fmt: skip
def test_romance_and_dutch_form_labels(tmp_path: Path, lines: list[str], field: str, value: object) -> None:
    (tmp_path / "form.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert facts_of(tmp_path / "form.txt")[field] == value


def test_a_term_longer_than_fifty_years_is_no_term() -> None:
    assert typed_value("loan_term_months", "3150.00", "NET-MTH", None) is None
    typed = typed_value("loan_term_months", "72", "TERM", None)
    assert typed is not None and typed.value == 72


def test_years_field_stated_in_months_is_converted() -> None:
    typed = typed_value("residence_years", "30", "Residence duration months", None)
    assert typed is not None and typed.value == 2.5


# --- prose ----------------------------------------------------------------------------------------


def test_a_forwarded_e_mail_is_the_forwarded_authors_application(tmp_path: Path) -> None:
    (tmp_path / "fwd.txt").write_text(
        "From: Dana Reyes <dana@brokerage.example>\nSubject: FW: car loan\n\nPlease see below.\n\n"
        "Kind regards,\nDana Reyes\n\n-----Original Message-----\n"
        "From: Piotr Wojcik <piotr.w@mail.example>\nSubject: car loan\n\n"
        "Dear Dana, I would like to borrow £7,000 over 36 months for a used car. I bring home "
        "£1,940 a month from my job.\n",
        encoding="utf-8",
    )
    facts = facts_of(tmp_path / "fwd.txt")
    assert facts["applicant_name"] == "Piotr Wojcik"
    assert facts["monthly_net_income"] == 1940.0


def test_without_a_forwarded_message_the_sender_is_the_applicant() -> None:
    found = find_applicant("From: Lena Brooks <l@b.example>\n\nI would like to borrow 3,000.\n")
    assert found is not None and found[0] == "Lena Brooks"
