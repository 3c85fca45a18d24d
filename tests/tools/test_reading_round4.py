"""Formats and layouts the fourth held-out round showed the reader lacked, on text written here.

Not copies of ``tests/corpus/heldout4``: each test builds its own small document.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from docx import Document as new_docx  # noqa: N813  (a factory function, not a class)
from docx.oxml import parse_xml
from reading_support import facts_of
from reportlab.pdfgen.canvas import Canvas

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.docx_text import docx_text
from underwrite.tools.intake.reader import read_document

_VML_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape type="#_x0000_t202">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</v:shape></w:pict></w:r>"
)
_MC_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><wps:txbx><w:txbxContent><w:p><w:r><w:t>{0}</w:t></w:r></w:p>'
    "</w:txbxContent></wps:txbx></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>{0}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def _docx_with_boxes_and_nested_table(path: Path) -> Path:
    document = new_docx()
    anchor = document.add_paragraph("Kreditantrag (Kopie für die Filiale)")
    anchor._p.append(parse_xml(_VML_BOX.format("Antragsteller: Mira Sommer")))
    anchor._p.append(parse_xml(_MC_BOX.format("Antragsdatum: 03.03.2025")))
    layout = document.add_table(rows=1, cols=2)
    left, right = layout.cell(0, 0), layout.cell(0, 1)
    inner = left.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Kreditbetrag", "6.400 EUR"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "Laufzeit", "36 Monate"
    other = right.add_table(rows=1, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "Nettoeinkommen monatlich", "2.480 EUR"
    document.save(str(path))
    return path


def test_docx_text_boxes_are_read_once_and_nested_tables_give_their_rows(tmp_path: Path) -> None:
    path = _docx_with_boxes_and_nested_table(tmp_path / "antrag.docx")
    text, hidden = docx_text(path.read_bytes())
    lines = text.split("\n")
    assert lines[:3] == [
        "Kreditantrag (Kopie für die Filiale)",
        "Antragsteller: Mira Sommer",
        "Antragsdatum: 03.03.2025",
    ]
    assert text.count("Antragsdatum") == 1  # the DrawingML box's VML fallback copy is not read again
    assert lines[3:] == [
        "\t",
        "Kreditbetrag\t6.400 EUR",
        "Laufzeit\t36 Monate",
        "Nettoeinkommen monatlich\t2.480 EUR",
    ]
    assert hidden == []
    facts = facts_of(path)
    assert facts["applicant_name"] == "Mira Sommer"
    assert facts["loan_amount"] == 6400
    assert facts["loan_term_months"] == 36
    assert facts["monthly_net_income"] == 2480


def _form_pdf(rows: list[tuple[str, str]]) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    canvas = Canvas(buffer)
    for i, (label, value) in enumerate(rows):
        canvas.drawString(72, 760 - 18 * i, f"{label}: {value}")
    canvas.save()
    return buffer.getvalue()


def _mail(attachments: list[tuple[str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Ruth Hale <ruth.hale@example.org>"
    message["To"] = "loans@example.com"
    message["Subject"] = "my application"
    message["Date"] = "Mon, 10 Mar 2025 09:30:00 +0000"
    message.set_content("Hello,\n\nmy filled-in form is attached.\n\nRuth\n")
    for name, subtype, data in attachments:
        message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
    return bytes(message)


def test_a_mime_email_reads_its_body_and_its_attached_form(tmp_path: Path) -> None:
    form = _form_pdf([("Applicant name", "Ruth Hale"), ("Loan amount", "EUR 4,200"), ("Term", "24 months")])
    path = tmp_path / "message.eml"
    path.write_bytes(_mail([("form.pdf", "pdf", form)]))
    assert detect_media_type(path.read_bytes()) == MediaType.email
    doc = read_document(path)
    assert doc.media_type == MediaType.email
    assert len(doc.pages) == 2
    assert doc.pages[0].text.startswith("From: Ruth Hale <ruth.hale@example.org>\nTo: loans@example.com")
    assert "my filled-in form is attached" in doc.pages[0].text
    assert "base64" not in doc.text and "Content-Type" not in doc.text
    assert "Loan amount: EUR 4,200" in doc.pages[1].text
    assert any("form.pdf" in note for note in doc.notes)
    facts = facts_of(path)
    assert facts["loan_amount"] == 4200
    assert facts["loan_term_months"] == 24


def test_a_damaged_attachment_is_a_note_and_the_message_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(
        _mail([("broken.pdf", "pdf", b"%PDF-1.4 truncated"), ("empty.docx", "octet-stream", b" ")])
    )
    doc = read_document(path)
    assert len(doc.pages) == 1 and "form is attached" in doc.text
    assert any("broken.pdf" in note and "could not be read" in note for note in doc.notes)
    assert any("empty.docx" in note and "empty" in note for note in doc.notes)


def test_a_pasted_email_without_mime_headers_stays_text() -> None:
    pasted = b"From: Ruth Hale\nTo: loans@example.com\nSubject: loan\n\nI would like to borrow 4,000 euros.\n"
    assert detect_media_type(pasted) == MediaType.text


_EXPORT = (
    "Export du 02/04/2025;;;\r\n"
    "Compte courant 0099 - MME LENOIR;;;\r\n"
    "Solde au 31/03/2025;;;3 789,60\r\n"
    ";;;\r\n"
    "Date;Libellé;Montant;Solde\r\n"
    "31/03/2025;VIR RECU ATELIERS DUVAL SALAIRE MARS;+2 310,00;3 789,60\r\n"
    "10/03/2025;PRLV CETELEM MENSUALITE 4/36;-145,20;1 479,60\r\n"
    "03/03/2025;PRLV AGENCE DU PARC LOYER MARS;-1 020,00;1 624,80\r\n"
    "28/02/2025;VIR RECU ATELIERS DUVAL SALAIRE FEVRIER;+2 310,00;2 644,80\r\n"
    "10/02/2025;PRLV CETELEM MENSUALITE 3/36;-145,20;334,80\r\n"
    "03/02/2025;PRLV AGENCE DU PARC LOYER FEVRIER;-1 020,00;480,00\r\n"
)


def test_a_windows_1252_export_with_a_preamble_newest_first_and_signed_amounts(tmp_path: Path) -> None:
    path = tmp_path / "releve.csv"
    path.write_bytes(_EXPORT.encode("cp1252"))
    doc = read_document(path)
    assert doc.media_type == MediaType.csv and doc.kind == "bank_statement"
    facts = facts_of(path)
    assert facts["statement_avg_monthly_deposits"] == 2310.0
    # month ends: 28/02 2 644,80 and 31/03 3 789,60 — the latest row of each month, whatever the order
    assert facts["statement_avg_closing_balance"] == 3217.2
    assert facts["statement_monthly_salary"] == 2310.0
    assert facts["statement_monthly_housing"] == 1020.0
    assert facts["statement_monthly_loan_repayments"] == 145.2
