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

import random
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

from mail_and_docx import write_docx, write_eml  # noqa: E402  (a sibling when run as a script)


def main() -> None:
    write_payslip_photo_pdf(HERE / "t02_ie_payslip_photo_pdf" / "payslip_photo.pdf")
    write_polish_pdf(HERE / "t03_pl_wniosek_pdf" / "wniosek_kredytowy.pdf")
    write_french_csv(HERE / "t05_fr_releve_csv" / "releve_00012345678.csv")
    write_eml(HERE / "t06_en_eml_attachment" / "Loan application - member 40127.eml")
    write_docx(HERE / "t07_mt_docx_textbox_nested" / "application.docx")


if __name__ == "__main__":
    main()
