"""Make the scanned and DOCX documents of this corpus from the hand-written text below.

    python tests/corpus/unseen/make_scans.py

Each page is drawn with the Vera font that ships with reportlab, at about 200 dpi, then made to look
scanned: a grey paper tone, a slight skew, a little blur and speckle noise (fixed seed, so the
files are reproducible). The generated files are committed; rerun this script after editing a text.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from pathlib import Path

import reportlab
from docx import Document
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).parent
FONT = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
FONT_BOLD = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "VeraBd.ttf")

PAYSLIP_EN = """\
#Fenwick Pharmacy Group plc
12 Market Row, Leeds LS1 6DT
#PAY SLIP                         January 2026
Employee: Grace Whitfield         Personnel no: 88213
Tax code: 1257L                   Pay date: 28.01.2026

Basic salary                                3,250.00 EUR
Shift allowance                               180.00 EUR
Gross pay                                   3,430.00 EUR
Income tax                                   -498.60 EUR
Social security contributions                -332.15 EUR
Pension                                      -102.90 EUR
Net pay                                     2,496.35 EUR
"""

PAYSLIP_DE = """\
#Bäckerei Hoffmann GmbH & Co. KG
Hauptstraße 3, 37073 Göttingen
#Entgeltabrechnung                     Februar 2026
Mitarbeiterin: Selin Aksoy             Personalnummer: 0417
Steuerklasse: I                        Eintritt: 01.08.2021

Grundgehalt                                 2.310,00 EUR
Zuschlag Nachtarbeit                          145,00 EUR
Gesamtbrutto                                2.455,00 EUR
Lohnsteuer                                   -221,50 EUR
Sozialversicherungsbeiträge                  -506,95 EUR
Auszahlungsbetrag                           1.726,55 EUR
"""

FORM_EN = """\
#LOAN APPLICATION
Harbour Credit Ltd - personal loans

Applicant name: Marek Kowalczyk
Date of birth: 14.06.1986
Employment status: employed
Employer: Tidewater Shipping Services
Years with employer: 7
Net monthly income: 3,180.00 EUR
Monthly payments on other debts: 210.00 EUR
Housing: rent
Monthly rent / mortgage: 890.00 EUR
Loan amount: 9,000.00 EUR
Loan term: 36 months
Purpose: used car
Application date: 05.02.2026

Signature: M. Kowalczyk
"""

FORM_EN_2 = """\
#CREDIT APPLICATION
Northbank - application for a consumer loan

Full name: Hannah Lindqvist
Date of birth: 02.11.1991
Employment status: employed
Name of employer: Alder Valley Schools Trust
Time with current employer: 4 years
Monthly net income: 2,655.00 EUR
Existing loan repayments per month: 0.00 EUR
Housing: own
Housing cost per month: 640.00 EUR
Amount requested: 5,400.00 EUR
Repayment period: 24 months
Loan purpose: furniture
Date of application: 21.01.2026

Signature: H. Lindqvist
"""

LETTER_SCAN_EN = """\
Oliver Brandt
27 Cresswell Road, Sheffield S10 2NU
26 February 2026

Dear Sir or Madam,

I am writing to apply for a loan of £4,800 to pay for a vocational
retraining course as a wind turbine technician, which starts in April.

I would like to repay the loan over 24 months. I have worked at
Morton Steel for twelve years and my net monthly income is 2,390 EUR.
I currently repay 120 EUR a month on a credit card balance.

Thank you for considering my application.

Yours faithfully,
Oliver Brandt
"""

LETTER_DOCX_EN = [
    "Sophie Marchetti",
    "Flat 4, 18 Albion Street, Bristol BS1 4QR",
    "14 January 2026",
    "Dear lending team,",
    "I would like to apply for a loan of EUR 3,200 to buy a new television and a home cinema system "
    "for our living room. I would like to spread the repayments over 18 months.",
    "I work as a graphic designer and have been with Bluefin Studio for three years. I earn 2,150 EUR "
    "net per month. My share of the rent is 600 euros per month and I have no other debts.",
    "Thank you for considering my application. I look forward to hearing from you.",
    "Yours sincerely,",
    "Sophie Marchetti",
]


def page_image(text: str, seed: int, width: int = 1654) -> Image.Image:
    """A text page (lines starting with # are headings) made to look like a 200 dpi scan."""
    rng = random.Random(seed)
    lines = text.splitlines()
    body, heading = ImageFont.truetype(FONT, 30), ImageFont.truetype(FONT_BOLD, 40)
    image = Image.new("L", (width, 160 + 54 * len(lines) + 160), 238)
    draw = ImageDraw.Draw(image)
    y = 140
    for line in lines:
        font = heading if line.startswith("#") else body
        draw.text((130, y), line.lstrip("#"), font=font, fill=25)
        y += 62 if line.startswith("#") else 50
    image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=238)
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    pixels = image.load()
    for _ in range(image.width * image.height // 400):  # speckle
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = rng.choice((60, 200))  # type: ignore[index]
    return image


def image_only_pdf(image: Image.Image, path: Path) -> None:
    png = path.with_suffix(".tmp.png")
    image.save(png)
    canvas = Canvas(str(path), pagesize=(595, 842))
    height = 595 * image.height / image.width
    canvas.drawImage(str(png), 0, 842 - height, width=595, height=height)
    canvas.save()
    png.unlink()


def main() -> None:
    page_image(PAYSLIP_EN, 4).save(HERE / "en-scan-04" / "payslip_scan.png")
    image_only_pdf(page_image(FORM_EN, 5), HERE / "en-scanform-05" / "application_form_scan.pdf")
    page_image(PAYSLIP_DE, 7).save(HERE / "de-scan-07" / "gehaltsabrechnung_scan.png")
    page_image(LETTER_SCAN_EN, 9).convert("RGB").save(
        HERE / "en-scanletter-09" / "cover_letter_scan.jpg", quality=80
    )
    tiff = HERE / "en-scanform-11" / "application_form_scan.tiff"
    page_image(FORM_EN_2, 11).save(tiff, compression="tiff_lzw")
    docx = Document()
    for paragraph in LETTER_DOCX_EN:
        docx.add_paragraph(paragraph)
    docx.core_properties.created = datetime(2026, 1, 14, tzinfo=UTC)  # fixed: reproducible bytes
    docx.save(str(HERE / "en-letter-02" / "cover_letter.docx"))


if __name__ == "__main__":
    main()
