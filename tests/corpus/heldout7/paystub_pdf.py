# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""v04: a US biweekly pay stub (earnings statement with Current and YTD columns, USD).
Called by `make_documents.py`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas
from sa302_pdf import pdf_table

EARN = [  # description, rate, hours, current, YTD
    ("Regular", "31.2500", "80.00", "2500.00", "52100.00"),
    ("Overtime 1.5x", "46.8750", "3.50", "164.06", "2847.19"),
    ("Shift Differential", "2.0000", "24.00", "48.00", "1056.00"),
    ("Holiday", "", "", "0.00", "1750.00"),
    ("PTO", "", "", "0.00", "1875.00"),
]
PRETAX = [
    ("401(k) 6%", "162.72", "3577.69"),
    ("Medical Sec 125", "118.42", "2723.66"),
    ("Dental Sec 125", "14.80", "340.40"),
    ("Vision Sec 125", "4.12", "94.76"),
]
TAXES = [
    ("Federal Income Tax", "221.09", "4861.37"),
    ("Social Security", "159.63", "3501.10"),
    ("Medicare", "37.33", "818.81"),
    ("OR State Income Tax", "187.54", "4126.92"),
    ("OR Statewide Transit Tax", "2.71", "59.63"),
    ("Paid Leave Oregon", "16.27", "357.77"),
]
POSTTAX = [("AFSCME Local 328 Dues", "28.50", "655.50"), ("United Way Pledge", "5.00", "115.00")]


def usd(v: Decimal | str) -> str:
    return f"{Decimal(v):,.2f}"


def total(rows: list, col: int) -> Decimal:
    return sum((Decimal(r[col]) for r in rows), Decimal("0"))


def us_paystub(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    c.setTitle("Earnings Statement 11/14/2025")
    pw, ph = letter
    x0 = 0.5 * inch
    c.setFont("Helvetica-Bold", 12)
    c.drawString(x0, ph - 0.6 * inch, "Cascade Ridge Medical Group, LLC")
    c.setFont("Helvetica", 8.5)
    for i, line in enumerate(
        ("1200 NW Naito Pkwy, Suite 400", "Portland, OR 97209", "Payroll: (503) 555-0142 · FEIN 93-1184471")
    ):
        c.drawString(x0, ph - (0.78 + 0.15 * i) * inch, line)
    c.setFont("Helvetica-Bold", 14)
    c.drawRightString(pw - x0, ph - 0.6 * inch, "EARNINGS STATEMENT")
    head = [
        ["Check No.", "Pay Date", "Period Beginning", "Period Ending", "Pay Frequency"],
        ["0048213", "11/14/2025", "10/26/2025", "11/08/2025", "Biweekly"],
    ]
    pdf_table(
        c,
        head,
        pw - x0 - 4.6 * inch,
        ph - 0.75 * inch,
        [0.8 * inch, 0.85 * inch, 1.05 * inch, 0.95 * inch, 0.95 * inch],
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
            ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe7ef")),
        ],
    )
    y = ph - 1.45 * inch
    c.setFont("Helvetica-Bold", 9)
    c.drawString(x0, y, "Marisol T. Vega")
    c.setFont("Helvetica", 8.5)
    c.drawString(x0, y - 12, "4417 SE Division St, Apt 12")
    c.drawString(x0, y - 24, "Portland, OR 97206")
    info = [
        ["Employee ID", "20931", "Federal Filing Status", "Married filing jointly"],
        ["SSN", "XXX-XX-4471", "OR Filing Status / Allow.", "Married / 2"],
        ["Department", "0410 Diagnostic Imaging", "Hire Date", "03/11/2019"],
        ["Job Title", "CT Technologist II", "Base Rate", "$31.2500 / hr"],
    ]
    pdf_table(
        c,
        info,
        3.0 * inch,
        y + 10,
        [0.8 * inch, 1.4 * inch, 1.5 * inch, 1.3 * inch],
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 7.8),
            ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 7.8),
            ("FONT", (2, 0), (2, -1), "Helvetica-Bold", 7.8),
        ],
    )
    y -= 0.85 * inch
    grid = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe7ef")),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8),
        ("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.black),
    ]
    gross_c, gross_y = total(EARN, 3), total(EARN, 4)
    earn = [["Earnings", "Rate", "Hours", "Current", "YTD"]] + [
        [d, r, h, usd(cu), usd(yt)] for d, r, h, cu, yt in EARN
    ]
    earn.append(["Gross Pay", "", "83.50", usd(gross_c), usd(gross_y)])
    bottom_l = pdf_table(
        c, earn, x0, y, [1.35 * inch, 0.65 * inch, 0.55 * inch, 0.75 * inch, 0.8 * inch], grid
    )
    tax_rows = [["Taxes", "Current", "YTD"]] + [[d, usd(cu), usd(yt)] for d, cu, yt in TAXES]
    tax_rows.append(["Total Taxes", usd(total(TAXES, 1)), usd(total(TAXES, 2))])
    bottom_r = pdf_table(c, tax_rows, 4.75 * inch, y, [1.55 * inch, 0.7 * inch, 0.8 * inch], grid)
    y = min(bottom_l, bottom_r) - 0.2 * inch
    ded = [["Pre-Tax Deductions", "Current", "YTD"]] + [[d, usd(cu), usd(yt)] for d, cu, yt in PRETAX]
    ded.append(["Total Pre-Tax", usd(total(PRETAX, 1)), usd(total(PRETAX, 2))])
    bl = pdf_table(c, ded, x0, y, [1.9 * inch, 0.75 * inch, 0.8 * inch], grid)
    post = [["Post-Tax Deductions", "Current", "YTD"]] + [[d, usd(cu), usd(yt)] for d, cu, yt in POSTTAX]
    post.append(["Total Post-Tax", usd(total(POSTTAX, 1)), usd(total(POSTTAX, 2))])
    br = pdf_table(c, post, 4.75 * inch, y, [1.55 * inch, 0.7 * inch, 0.8 * inch], grid)
    y = min(bl, br) - 0.2 * inch
    net_c = gross_c - total(PRETAX, 1) - total(TAXES, 1) - total(POSTTAX, 1)
    net_y = gross_y - total(PRETAX, 2) - total(TAXES, 2) - total(POSTTAX, 2)
    fed_c = gross_c - total(PRETAX, 1)
    fed_y = gross_y - total(PRETAX, 2)
    summary = [
        ["Summary", "Gross Pay", "Pre-Tax Ded.", "Fed Taxable Wages", "Taxes", "Post-Tax Ded.", "Net Pay"],
        [
            "Current",
            usd(gross_c),
            usd(total(PRETAX, 1)),
            usd(fed_c),
            usd(total(TAXES, 1)),
            usd(total(POSTTAX, 1)),
            usd(net_c),
        ],
        [
            "YTD",
            usd(gross_y),
            usd(total(PRETAX, 2)),
            usd(fed_y),
            usd(total(TAXES, 2)),
            usd(total(POSTTAX, 2)),
            usd(net_y),
        ],
    ]
    y = (
        pdf_table(
            c,
            summary,
            x0,
            y,
            [0.8 * inch, 1.05 * inch, 1.05 * inch, 1.25 * inch, 1.0 * inch, 1.05 * inch, 1.3 * inch],
            [
                *grid[:5],
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8),
                ("FONT", (-1, 1), (-1, 1), "Helvetica-Bold", 9),
            ],
        )
        - 0.2 * inch
    )
    save = Decimal("150.00")
    dist = [
        ["Net Pay Distribution", "Account", "Amount"],
        ["Direct Deposit - Checking", "Umpqua Bank XXXXXX4471", usd(net_c - save)],
        ["Direct Deposit - Savings", "OnPoint CCU XXXXXX9023", usd(save)],
        ["Total Net Pay", "", usd(net_c)],
    ]
    dl = pdf_table(c, dist, x0, y, [1.6 * inch, 1.55 * inch, 0.75 * inch], grid)
    other = [
        ["Employer Paid Benefits", "Current", "YTD"],
        ["401(k) Match 4%", "108.48", "2,385.13"],
        ["Medical Employer Share", "642.10", "14,768.30"],
        ["Time Off (hours)", "Accrued 6.15", "Available 61.40"],
    ]
    dr = pdf_table(c, other, 4.75 * inch, y, [1.55 * inch, 0.7 * inch, 0.8 * inch], grid[:5])
    y = min(dl, dr) - 0.35 * inch
    c.setFont("Helvetica", 7)
    c.drawString(
        x0,
        y,
        "Employer contributions are shown for information only and are not included in your gross pay. Paid Leave Oregon: employee share 60% of 1.0%.",
    )
    c.drawString(
        x0,
        y - 10,
        "Questions about this statement? payroll@cascaderidgemed.example · Retain for your records. Your 2025 Form W-2 will be available by 01/31/2026.",
    )
    y -= 0.45 * inch
    c.setDash(3, 3)
    c.line(x0, y, pw - x0, y)
    c.setDash()
    y -= 0.35 * inch
    c.setFont("Helvetica-Bold", 9)
    c.drawString(x0, y, "Cascade Ridge Medical Group, LLC")
    c.drawRightString(pw - x0, y, "Advice No. 0048213     Date 11/14/2025")
    c.setFont("Helvetica", 8.5)
    c.drawString(x0, y - 16, "Deposited to the account of: Marisol T. Vega")
    c.drawRightString(pw - x0, y - 16, f"Amount ${usd(net_c)}")
    c.drawString(x0, y - 30, "ONE THOUSAND SEVEN HUNDRED FIFTY-THREE AND 93/100 DOLLARS")
    c.setFont("Helvetica-Bold", 10)
    c.drawCentredString(pw / 2, y - 52, "NON-NEGOTIABLE  ·  THIS IS NOT A CHECK")
    c.showPage()
    c.save()
