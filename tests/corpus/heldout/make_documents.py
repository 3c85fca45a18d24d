"""Write this corpus's PDF, DOCX and scanned documents. The text is written here by hand; the files
it makes are committed.

    python tests/corpus/heldout/make_documents.py

Held out: written on 2026-12-01 after the extraction lexicon, the label list and the prose rules
were frozen for the `unseen` corpus, and measured before any change made because of it. The scan
reuses the `unseen` corpus's page renderer (Vera font, grey paper, speckle), turned a little more,
as a phone photo of a letter would be.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt
from PIL import Image
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "unseen"))
from make_scans import page_image  # noqa: E402  (the sibling corpus's renderer, one home)

rl_config.invariant = 1  # same bytes on every run

FACTFIND_ROWS = [
    ("Client name", "Priya Raman", "Date of birth", "03/11/1990"),
    ("Amount requested", "£9,750", "Repayment period", "4 years"),
    ("Reason for borrowing", "Used car purchase", "Fact-find date", "19 Feb 2025"),
    ("Occupation", "Pharmacist", "Employer", "Ashgrove Pharmacy Ltd"),
    ("Time with employer", "3 yrs 6 mths", "Employment type", "Full-time, permanent"),
    ("Take-home pay (monthly)", "£2,640", "Other income", "None"),
    ("Rent / mortgage (monthly)", "£875", "Residential status", "Tenant"),
    ("Existing credit commitments", "£120 per month (credit card)", "Dependants", "1"),
]

SELBSTAUSKUNFT = [
    ("Name, Vorname", "Brandt, Matthias"),
    ("Geburtsdatum", "22.05.1979"),
    ("Gewünschter Kreditbetrag", "18.000,00 EUR"),
    ("Laufzeit", "60 Monate"),
    ("Verwendungszweck", "Kauf eines Neuwagens"),
    ("Arbeitgeber", "Stadtwerke Lüneburg GmbH"),
    ("Betriebszugehörigkeit", "12 Jahre"),
    ("Monatliches Nettoeinkommen", "3.420,00 EUR"),
    ("Wohnverhältnis", "Wohneigentum"),
    ("Monatliche Rate Baufinanzierung", "1.100,00 EUR"),
    ("Sonstige Ratenverpflichtungen", "0,00 EUR"),
    ("Unterhaltsberechtigte Kinder", "2"),
    ("An dieser Anschrift wohnhaft seit", "9 Jahren"),
    ("Ort, Datum", "Lüneburg, 10.03.2025"),
]

PLEDGE = "Ich versichere die Richtigkeit und Vollständigkeit meiner Angaben."
PAYSLIP_PAYMENTS = [("Basic pay", "2,950.00"), ("Overtime 6.0 hrs @ 24.58", "147.48"), ("", "")]
PAYSLIP_DEDUCTIONS = [("PAYE tax", "402.60"), ("National Insurance", "226.46"), ("Pension 5%", "150.00")]

LETTER_SCAN = """\
Connor Walsh
14 Mill Lane, Galway
3 March 2025

#To the lending team,

I would like to ask for a personal loan of 4,200 EUR to buy a new
television and sound system, and to pay it back over 12 months.

I have worked as a night porter at the Quayside Hotel Group for
2 years. My wage after tax comes to 1,890 EUR each month. I rent a
flat for 600 EUR a month and I have no other loans.

Yours faithfully,
Connor Walsh
"""


def factfind_docx(path: Path) -> None:
    doc = Document()
    doc.add_heading("Personal loan fact-find", level=1)
    doc.add_paragraph("Prepared by: Harbour Financial Planning (adviser ref. HFP-2291)")
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in FACTFIND_ROWS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    doc.add_paragraph("Adviser notes: client wants to replace a 2011 hatchback before her MOT.")
    doc.core_properties.created = datetime(2025, 2, 19, tzinfo=UTC)  # fixed: reproducible bytes
    doc.save(str(path))


def selbstauskunft_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    table = Table([["Angabe", "Antragsteller/in"], *SELBSTAUSKUNFT], colWidths=[220, 250])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))  # fmt: skip
    story = [Paragraph("Selbstauskunft zum Ratenkredit", styles["Title"]),
             Paragraph("Sparkasse Heide-Elbe, Privatkundenberatung", styles["Normal"]), Spacer(1, 12),
             table, Spacer(1, 12),
             Paragraph(PLEDGE, styles["Normal"])]  # fmt: skip
    SimpleDocTemplate(str(path), pagesize=A4, title="Selbstauskunft").build(story)


def payslip_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    rows = [["Payments", "Amount", "Deductions", "Amount"]]
    rows += [[p[0], p[1], d[0], d[1]] for p, d in zip(PAYSLIP_PAYMENTS, PAYSLIP_DEDUCTIONS, strict=True)]
    rows += [["Total payments", "3,097.48", "Total deductions", "779.06"]]
    table = Table(rows, colWidths=[150, 80, 150, 80])
    right = [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT")]
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), *right]))
    net = Table([["NET PAY", "£2,318.42"]], colWidths=[150, 80])
    net.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black)]))
    story = [Paragraph("Marlow &amp; Finch Accountants LLP", styles["Title"]),
             Paragraph("Employee: Hannah Osei &nbsp; Works no. 0192 &nbsp; Tax period: Month 12 (March 2025)",
                       styles["Normal"]), Spacer(1, 10), table, Spacer(1, 10), net]  # fmt: skip
    SimpleDocTemplate(str(path), pagesize=A4, title="Payslip").build(story)


def letter_scan(path: Path) -> None:
    image = page_image(LETTER_SCAN, seed=21, width=1500)
    image = image.rotate(1.6, resample=Image.Resampling.BICUBIC, fillcolor=225, expand=True)
    image.convert("RGB").save(path, quality=70)


def main() -> None:
    factfind_docx(HERE / "h01_en_factfind_docx" / "factfind.docx")
    selbstauskunft_pdf(HERE / "h03_de_selbstauskunft_pdf" / "selbstauskunft.pdf")
    payslip_pdf(HERE / "h07_en_payslip_pdf" / "payslip.pdf")
    letter_scan(HERE / "h09_en_scanletter_jpg" / "letter_photo.jpg")


if __name__ == "__main__":
    main()
