# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""v03: an HMRC SA302 tax calculation (two tax years, GBP) as printed from the taxpayer's online
account. Called by `make_documents.py`; `pdf_table` is shared with `paystub_pdf.py`."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle


def pdf_table(c: canvas.Canvas, rows: list, x: float, top: float, widths: list, style: list) -> float:
    t = Table(rows, colWidths=widths)
    t.setStyle(TableStyle(style))
    _w, h = t.wrapOn(c, 600, 800)
    t.drawOn(c, x, top - h)
    return top - h


YEARS = [
    {
        "sa": "SA302 2025",
        "year": "6 April 2024 to 5 April 2025",
        "issued": "16/10/2025",
        "filed": "03/10/2025",
        "income": [
            ("Profit from self-employment", "46,850.00"),
            ("Total income received", "46,850.00"),
            ("minus Personal Allowance", "12,570.00"),
            ("Total income on which tax is due", "34,280.00"),
        ],
        "tax": [
            ("Pay, pensions, profit etc. (Welsh rate)", "", "", ""),
            ("Basic rate", "34,280.00", "x 20%", "6,856.00"),
            ("Total income on which tax has been charged", "34,280.00", "", ""),
            ("Income Tax due", "", "", "6,856.00"),
            ("Class 4 National Insurance contributions", "34,280.00", "x 6%", "2,056.80"),
            ("Class 2 National Insurance contributions (treated as paid)", "", "", "0.00"),
            ("Income Tax and Class 4 National Insurance contributions due", "", "", "8,912.80"),
        ],
        "overview": [
            ("Total tax due for 2024-25", "8,912.80"),
            ("Payments on account made 31/01/2025 and 31/07/2025", "8,311.40"),
            ("Balancing payment due by 31/01/2026", "601.40"),
            ("First payment on account for 2025-26 due by 31/01/2026", "4,456.40"),
            ("Second payment on account for 2025-26 due by 31/07/2026", "4,456.40"),
        ],
    },
    {
        "sa": "SA302 2024",
        "year": "6 April 2023 to 5 April 2024",
        "issued": "29/01/2025",
        "filed": "22/01/2025",
        "income": [
            ("Profit from self-employment", "41,230.00"),
            ("Total income received", "41,230.00"),
            ("minus Personal Allowance", "12,570.00"),
            ("Total income on which tax is due", "28,660.00"),
        ],
        "tax": [
            ("Pay, pensions, profit etc. (Welsh rate)", "", "", ""),
            ("Basic rate", "28,660.00", "x 20%", "5,732.00"),
            ("Total income on which tax has been charged", "28,660.00", "", ""),
            ("Income Tax due", "", "", "5,732.00"),
            ("Class 4 National Insurance contributions", "28,660.00", "x 9%", "2,579.40"),
            ("Class 2 National Insurance contributions 52 weeks at £3.45", "", "", "179.40"),
            ("Income Tax and Class 2 and 4 National Insurance contributions due", "", "", "8,490.80"),
        ],
        "overview": [
            ("Total tax due for 2023-24", "8,490.80"),
            ("Payments on account made 31/01/2024 and 31/07/2024", "7,420.00"),
            ("Balancing payment paid 24/01/2025", "1,070.80"),
            ("Payments on account for 2024-25 (2 x 4,155.70)", "8,311.40"),
        ],
    },
]


def sa302(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("SA302 Tax calculation")
    c.setAuthor("HM Revenue and Customs")
    pw, ph = A4
    for page, yr in enumerate(YEARS, start=1):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(20 * mm, ph - 20 * mm, "HM Revenue & Customs")
        c.setFont("Helvetica-Bold", 11)
        c.drawRightString(pw - 20 * mm, ph - 20 * mm, yr["sa"])
        c.setFont("Helvetica", 10)
        c.drawRightString(pw - 20 * mm, ph - 26 * mm, "Tax calculation")
        y = ph - 40 * mm
        c.setFont("Helvetica", 10)
        for line in ("Mr Gareth Hollis", "27 Heol y Nant", "Caerphilly", "CF83 2QT"):
            c.drawString(20 * mm, y, line)
            y -= 4.6 * mm
        ry = ph - 40 * mm
        for label, value in (
            ("Tax reference (UTR)", "58213 44107"),
            ("National Insurance number", "JT 41 88 20 C"),
            ("Issue date", yr["issued"]),
            ("Employer reference", "Not applicable"),
        ):
            c.setFont("Helvetica", 8.5)
            c.drawString(118 * mm, ry, label)
            c.setFont("Helvetica-Bold", 8.5)
            c.drawRightString(pw - 20 * mm, ry, value)
            ry -= 4.6 * mm
        y -= 8 * mm
        c.setFont("Helvetica-Bold", 12)
        c.drawString(20 * mm, y, f"Tax year {yr['year']}")
        y -= 6 * mm
        c.setFont("Helvetica", 8.5)
        c.drawString(
            20 * mm,
            y,
            f"This calculation is based on the Self Assessment tax return you sent us online on {yr['filed']}.",
        )
        y -= 9 * mm
        base = [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
        ]
        c.setFont("Helvetica-Bold", 10)
        c.drawString(20 * mm, y, "Income")
        y = pdf_table(
            c,
            [["", "£"], *[list(r) for r in yr["income"]]],
            20 * mm,
            y - 2 * mm,
            [130 * mm, 40 * mm],
            [
                *base,
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ],
        )
        y -= 9 * mm
        c.setFont("Helvetica-Bold", 10)
        c.drawString(20 * mm, y, "How we have worked out your Income Tax")
        y = pdf_table(
            c,
            [["", "£", "", "£"], *[list(r) for r in yr["tax"]]],
            20 * mm,
            y - 2 * mm,
            [100 * mm, 28 * mm, 14 * mm, 28 * mm],
            [
                *base,
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ],
        )
        y -= 9 * mm
        c.setFont("Helvetica-Bold", 10)
        c.drawString(20 * mm, y, "Tax year overview")
        y = pdf_table(c, [list(r) for r in yr["overview"]], 20 * mm, y - 2 * mm, [130 * mm, 40 * mm], base)
        y -= 10 * mm
        c.setFont("Helvetica", 7.5)
        for txt in (
            "This is a copy of your tax calculation. Lenders may ask to see it with your Tax Year Overview for the same year.",
            "Any payments you make after the issue date, and any amendments to your return, are not shown. If you think",
            "something is wrong, contact us: www.gov.uk/self-assessment-tax-returns or 0300 200 3310.",
        ):
            c.drawString(20 * mm, y, txt)
            y -= 3.8 * mm
        c.drawString(20 * mm, 12 * mm, f"SA302 (Online) · {yr['sa'][-4:]} · Page {page} of 2")
        c.drawRightString(pw - 20 * mm, 12 * mm, "HMRC 10/25")
        c.showPage()
    c.save()
