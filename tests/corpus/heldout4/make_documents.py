"""Write the binary documents of the fourth held-out round.

    /work/main/.venv/bin/python tests/corpus/heldout4/make_documents.py

The text of every document is here; the outputs are committed. t02 is a phone photo of a pay slip
saved as an image-only PDF (PIL draws the slip, turns it 2.2 degrees, adds shading and noise, and
writes the PDF: no text layer); t03 is a Polish form PDF (reportlab, DejaVu for the diacritics);
t05 is a French bank's CSV export in Windows-1252; t06 is a MIME e-mail (.eml) whose application
form is a base64 PDF attachment; t07 is a DOCX whose header values sit in floating text boxes and
whose figures sit in tables nested inside an outer layout table (python-docx, the text boxes as
VML ``w:pict`` XML, the way Word writes them in compatibility mode).
"""

from __future__ import annotations

import io
import random
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

# --- t02: Irish pay slip, photographed ------------------------------------------------------------

PAYSLIP_HEADER = [
    "CORRIB VALLEY FOODS LTD",
    "Unit 4, Ballybrit Business Park, Galway H91 X2Y3",
    "",
    "PAYSLIP",
    "Employee: Ciaran Doyle            Employee No: 00417",
    "PPSN: 1234567TA                   Tax Basis: Cumulative",
    "Pay Date: 28/02/2025              Period: Month 2",
    "Department: Dispatch              Pay Method: EFT",
]
PAYSLIP_PAYMENTS = [("Basic Salary", "3,750.00"), ("Overtime 8h @ 26.55", "212.40")]
PAYSLIP_DEDUCTIONS = [
    ("PAYE", "512.18"),
    ("USC", "142.66"),
    ("PRSI Class A1", "158.50"),
    ("Pension 5%", "187.50"),
]
PAYSLIP_FOOTER = [
    ("Gross Pay", "3,962.40", "Total Deductions", "1,000.84"),
    ("Gross YTD", "7,924.80", "Tax YTD", "1,024.36"),
]
PAYSLIP_NET = ("NET PAY", "2,961.56")


def write_payslip_photo_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = 1700, 1500
    slip = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(slip)
    regular = ImageFont.truetype(MONO, 34)
    bold = ImageFont.truetype(FONT_BOLD, 40)
    y = 60
    for line in PAYSLIP_HEADER:
        draw.text((80, y), line, font=bold if line.isupper() and line else regular, fill=25)
        y += 52
    y += 20
    draw.line((80, y, width - 80, y), fill=60, width=3)
    y += 20
    draw.text((80, y), "PAYMENTS", font=bold, fill=25)
    draw.text((880, y), "DEDUCTIONS", font=bold, fill=25)
    y += 60
    rows = max(len(PAYSLIP_PAYMENTS), len(PAYSLIP_DEDUCTIONS))
    for i in range(rows):
        if i < len(PAYSLIP_PAYMENTS):
            label, amount = PAYSLIP_PAYMENTS[i]
            draw.text((80, y), label, font=regular, fill=25)
            draw.text((800 - regular.getlength(amount), y), amount, font=regular, fill=25)
        if i < len(PAYSLIP_DEDUCTIONS):
            label, amount = PAYSLIP_DEDUCTIONS[i]
            draw.text((880, y), label, font=regular, fill=25)
            draw.text((1620 - regular.getlength(amount), y), amount, font=regular, fill=25)
        y += 50
    y += 20
    draw.line((80, y, width - 80, y), fill=60, width=3)
    y += 25
    for left, left_amount, right, right_amount in PAYSLIP_FOOTER:
        draw.text((80, y), left, font=regular, fill=25)
        draw.text((800 - regular.getlength(left_amount), y), left_amount, font=regular, fill=25)
        draw.text((880, y), right, font=regular, fill=25)
        draw.text((1620 - regular.getlength(right_amount), y), right_amount, font=regular, fill=25)
        y += 50
    y += 30
    draw.rectangle((860, y - 10, 1640, y + 70), outline=40, width=3)
    draw.text((890, y + 5), PAYSLIP_NET[0], font=bold, fill=15)
    draw.text((1610 - bold.getlength(PAYSLIP_NET[1]), y + 5), PAYSLIP_NET[1], font=bold, fill=15)

    # The photo: the slip on a darker table, turned, unevenly lit, soft and grainy.
    photo = Image.new("L", (width + 240, height + 240), 120)
    photo.paste(slip, (120, 120))
    photo = photo.rotate(2.2, resample=Image.Resampling.BICUBIC, fillcolor=120)
    shade = Image.linear_gradient("L").resize(photo.size).point(lambda v: 255 - v // 6)
    photo = Image.composite(photo, Image.new("L", photo.size, 0), shade)
    photo = photo.filter(ImageFilter.GaussianBlur(0.9))
    rng = random.Random(402)
    pixels = photo.load()
    for _ in range(60000):
        x, yy = rng.randrange(photo.width), rng.randrange(photo.height)
        pixels[x, yy] = max(0, min(255, pixels[x, yy] + rng.randint(-60, 60)))
    photo.convert("RGB").save(path, "PDF", resolution=200.0)


# --- t03: Polish application form ------------------------------------------------------------------

PL_SECTIONS = [
    ("WNIOSEK O KREDYT GOTÓWKOWY", None),
    ("Bank Spółdzielczy w Pruszkowie · Oddział nr 3", None),
    ("Data złożenia wniosku: 12.05.2025 r.        Nr wniosku: KG/2025/05/0871", None),
    (
        "I. Parametry kredytu",
        [
            ("Wnioskowana kwota kredytu", "25 000,00 zł"),
            ("Okres kredytowania", "48 mies."),
            ("Cel kredytu", "zakup samochodu używanego"),
            ("Preferowany dzień spłaty raty", "10. dzień miesiąca"),
        ],
    ),
    (
        "II. Dane osobowe Wnioskodawcy",
        [
            ("Imię i nazwisko", "Katarzyna Wójcik"),
            ("PESEL", "86020312345"),
            ("Data urodzenia", "03.02.1986"),
            ("Stan cywilny", "zamężna"),
            ("Liczba osób na utrzymaniu", "2"),
            ("Status mieszkaniowy", "najem"),
            ("Czynsz najmu (miesięcznie)", "2 100,00 zł"),
        ],
    ),
    (
        "III. Zatrudnienie i dochody",
        [
            ("Pracodawca", "Polmarket Dystrybucja Sp. z o.o."),
            ("Forma zatrudnienia", "umowa o pracę na czas nieokreślony"),
            ("Zatrudniony(a) od", "01.09.2017"),
            ("Średni miesięczny dochód netto (3 ost. miesiące)", "6 480,00 zł"),
        ],
    ),
    (
        "IV. Obecne zobowiązania finansowe",
        [
            ("Kredyt ratalny (Santander Consumer) — rata miesięczna", "420,00 zł"),
            ("Karta kredytowa (limit 5 000 zł) — minimalna spłata", "150,00 zł"),
            ("Razem miesięczne obciążenia", "570,00 zł"),
        ],
    ),
    ("Oświadczam, że dane podane we wniosku są zgodne z prawdą.", None),
    ("Warszawa, dnia 12.05.2025 r.                 ............................ podpis Wnioskodawcy", None),
]


def write_polish_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONT_BOLD))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=9.5, leading=13)
    head = ParagraphStyle("head", fontName="DejaVu-Bold", fontSize=11, leading=16, spaceBefore=8)
    story: list[object] = []
    for title, rows in PL_SECTIONS:
        if rows is None:
            story.append(Paragraph(title, head if title.isupper() else body))
            continue
        story.append(Paragraph(title, head))
        table = Table([[Paragraph(k, body), Paragraph(v, body)] for k, v in rows], colWidths=[260, 220])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ]
            )
        )
        story += [table, Spacer(1, 6)]
    SimpleDocTemplate(str(path), pagesize=A4, title="Wniosek kredytowy").build(story)


# --- t05: French bank CSV export -------------------------------------------------------------------

FR_ROWS = [  # oldest first here; the export lists newest first
    ("01/09/2025", "PRLV SEPA FONCIA LYON LOYER SEPTEMBRE", -1090.00),
    ("02/09/2025", "CB CARREFOUR CITY 01/09", -86.42),
    ("05/09/2025", "PRLV SEPA COFIDIS ECHEANCE PRET 12/48", -212.35),
    ("10/09/2025", "CB SNCF INTERNET", -54.00),
    ("15/09/2025", "VIR SEPA RECU /DE CPAM DU RHONE /MOTIF REMBT SOINS", 23.10),
    ("26/09/2025", "VIR SEPA RECU /DE SOGETI FRANCE /MOTIF SALAIRE SEPTEMBRE 2025", 2846.12),
    ("29/09/2025", "CB FNAC BELLECOUR 28/09", -129.99),
    ("01/10/2025", "PRLV SEPA FONCIA LYON LOYER OCTOBRE", -1090.00),
    ("03/10/2025", "CB LIDL 02/10", -64.18),
    ("06/10/2025", "PRLV SEPA COFIDIS ECHEANCE PRET 13/48", -212.35),
    ("14/10/2025", "VIR INST RECU /DE GIRAUD MARIE /MOTIF ANNIV", 150.00),
    ("20/10/2025", "RETRAIT DAB LYON PART DIEU", -60.00),
    ("28/10/2025", "VIR SEPA RECU /DE SOGETI FRANCE /MOTIF SALAIRE OCTOBRE 2025", 2846.12),
    ("30/10/2025", "PRLV SEPA EDF CLIENTS PARTICULIERS", -78.50),
]
FR_OPENING = 1704.33  # balance on 31/08/2025


def fr(amount: float, sign: bool = True) -> str:
    text = f"{abs(amount):,.2f}".replace(",", " ").replace(".", ",")
    if not sign:
        return ("-" if amount < 0 else "") + text
    return ("-" if amount < 0 else "+") + text


def write_french_csv(path: Path) -> None:
    balance, rows = FR_OPENING, []
    for date, label, amount in FR_ROWS:
        balance = round(balance + amount, 2)
        rows.append(f"{date};{date};{label};{fr(amount)};{fr(balance, sign=False)}")
    lines = [
        "Téléchargement du 03/11/2025;;;;",
        "Compte de chèques n° 00012345678 - M. GIRAUD THOMAS;;;;",
        f"Solde au 31/10/2025;;;{fr(balance, sign=False)} €;",
        "Période du 01/09/2025 au 31/10/2025;;;;",
        ";;;;",
        "Date opération;Date valeur;Libellé;Montant;Solde",
        *reversed(rows),
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# --- t06: e-mail with the form as a PDF attachment -------------------------------------------------

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


def main() -> None:
    write_payslip_photo_pdf(HERE / "t02_ie_payslip_photo_pdf" / "payslip_photo.pdf")
    write_polish_pdf(HERE / "t03_pl_wniosek_pdf" / "wniosek_kredytowy.pdf")
    write_french_csv(HERE / "t05_fr_releve_csv" / "releve_00012345678.csv")
    write_eml(HERE / "t06_en_eml_attachment" / "Loan application - member 40127.eml")
    write_docx(HERE / "t07_mt_docx_textbox_nested" / "application.docx")


if __name__ == "__main__":
    main()
