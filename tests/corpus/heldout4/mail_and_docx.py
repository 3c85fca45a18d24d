"""The fourth held-out round's e-mail (t06: a MIME .eml whose form is a base64 PDF attachment) and
DOCX (t07: text boxes and nested tables); written by ``make_documents.py``."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


IE_FORM = [
    ("Member name", "Tomás Kavanagh"),
    ("Member number", "40127"),
    ("Date of birth", "02 Nov 1984"),
    ("Address", "17 Ard na Gréine, Tralee, Co. Kerry V92 K7P2"),
    ("Loan amount requested", "€15,000"),
    ("Repayment period", "5 years"),
    ("Purpose of loan", "Home renovation - new roof and gutters"),
    ("Employer", "Kerry Dairy Ingredients Ltd"),
    ("Years in current employment", "12"),
    ("Net monthly income", "€3,410"),
    ("Accommodation", "Mortgage holder"),
    ("Monthly mortgage repayment", "€1,150"),
    ("Other loan repayments (monthly)", "€260 (car loan, Bank of Ireland)"),
    ("Number of dependent children", "3"),
    ("Signed", "T. Kavanagh"),
    ("Date", "19/08/2025"),
]


def _ie_form_pdf() -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONT_BOLD))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=14)
    head = ParagraphStyle("head", fontName="DejaVu-Bold", fontSize=13, leading=18)
    buffer = io.BytesIO()
    table = Table([[Paragraph(k, body), Paragraph(v, body)] for k, v in IE_FORM], colWidths=[200, 280])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
    story = [Paragraph("St. Brendan's Credit Union Ltd — Loan Application", head), Spacer(1, 10), table]
    SimpleDocTemplate(buffer, pagesize=A4, title="Loan application").build(story)
    return buffer.getvalue()


def write_eml(path: Path) -> None:
    import datetime as dt

    message = EmailMessage()
    message["From"] = "Tomás Kavanagh <tkavanagh84@eircom.net>"
    message["To"] = "loans@stbrendanscu.ie"
    message["Subject"] = "Loan application - member 40127"
    sent = dt.datetime(2025, 8, 19, 21, 47, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = "<CAF3x9q2-7711@mail.eircom.net>"
    message.set_content(
        "Hi Niamh,\n\nAs discussed at the counter on Saturday, please find my completed loan application"
        " form attached. I can drop in the last 3 payslips and 6 months of statements on Friday.\n\n"
        "Thanks a million,\nTomás\n\n--\nTomás Kavanagh\nMob: 087 123 4567\n"
    )
    message.add_alternative(
        "<html><body><p>Hi Niamh,</p><p>As discussed at the counter on Saturday, please find my completed"
        " loan application form attached. I can drop in the last 3 payslips and 6 months of statements"
        " on Friday.</p><p>Thanks a million,<br>Tomás</p><p>--<br>Tomás Kavanagh<br>Mob: 087 123 4567</p>"
        "</body></html>",
        subtype="html",
    )
    message.add_attachment(
        _ie_form_pdf(),
        maintype="application",
        subtype="pdf",
        filename="Loan Application Form - T Kavanagh.pdf",
    )
    message.set_boundary("===============1748829930124457061==")  # fixed: reproducible output
    message.get_payload()[0].set_boundary("===============5208817733914467702==")
    path.write_bytes(bytes(message))


# --- t07: DOCX with text boxes and nested tables ---------------------------------------------------

MT_TEXTBOXES = [
    "Applicant: Daniel Camilleri",
    "Date received: 22 Sep 2025",
    "Born: 30.01.1993",
]
MT_SECTIONS = [
    (
        "A. The loan",
        [("Amount requested", "€12,000"), ("Term", "72 months"), ("Purpose", "Furniture for new flat")],
    ),
    (
        "B. Employment",
        [
            ("Employer", "Medserv Engineering Ltd"),
            ("Employed since", "March 2020"),
            ("Net monthly salary", "€2,150"),
        ],
    ),
    (
        "C. Household",
        [("Residence", "Living with parents"), ("Monthly rent / mortgage", "€0.00"), ("Dependants", "0")],
    ),
    (
        "D. Commitments",
        [
            ("Car loan (APS Bank)", "€185 / month"),
            ("Credit card", "€40 / month"),
            ("Total monthly commitments", "€225"),
        ],
    ),
]


def _textbox_xml(text: str, top_pt: int) -> str:
    from xml.sax.saxutils import escape

    return (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        f'<v:shape id="tb{top_pt}" type="#_x0000_t202" style="position:absolute;margin-left:300pt;'
        f'margin-top:{top_pt}pt;width:180pt;height:20pt;z-index:1" stroked="t">'
        "<v:textbox><w:txbxContent><w:p><w:r>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t>'
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def write_docx(path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    document.add_heading("Valletta Home Credit plc", level=1)
    anchor = document.add_paragraph("Personal Loan Application — office copy")
    for i, text in enumerate(MT_TEXTBOXES):
        anchor._p.append(parse_xml(_textbox_xml(text, 24 * i)))
    document.add_paragraph("")
    outer = document.add_table(rows=2, cols=2)
    outer.style = "Table Grid"
    for index, (title, rows) in enumerate(MT_SECTIONS):
        cell = outer.cell(index // 2, index % 2)
        cell.paragraphs[0].add_run(title).bold = True
        inner = cell.add_table(rows=len(rows), cols=2)
        for r, (label, value) in enumerate(rows):
            inner.cell(r, 0).text = label
            inner.cell(r, 1).text = value
        cell.add_paragraph("")
    document.add_paragraph("I confirm the information given is true and complete.")
    document.add_paragraph("Received by: J. Borg, Branch 04 (Birkirkara), tel. 2144 0000")
    document.save(str(path))
