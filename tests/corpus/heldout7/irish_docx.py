# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""v05: an Irish credit union's member loan application (DOCX, EUR) whose existing borrowings are a
table of six columns with a total row and one row to be repaid from the new loan.
Called by `make_documents.py`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from make_documents import fixed_zip

DEBTS = [
    (
        "Creditor",
        "Type",
        "Balance outstanding",
        "Monthly payment",
        "Months left",
        "To be repaid from this loan?",
    ),
    ("Shannon Motor Finance DAC", "Hire purchase (2021 Toyota Corolla)", "€8,412.60", "€312.45", "27", "No"),
    (
        "Avanti Card Services",
        "Credit card (limit €5,000)",
        "€3,950.00",
        "€118.50 (minimum)",
        "–",
        "Yes – to be repaid from this loan",
    ),
    (
        "St. Brendan's Credit Union",
        "Member loan no. 2 (car repairs 2024)",
        "€2,180.00",
        "€145.00",
        "15",
        "No",
    ),
    ("Humm Ireland", "Buy now pay later (laptop)", "€420.00", "€70.00", "6", "No"),
    ("Total", "", "€14,962.60", "€645.95", "", ""),
]


def irish_docx(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    p = doc.add_paragraph()
    r = p.add_run("St. Brendan's Credit Union Limited")
    r.bold = True
    r.font.size = Pt(14)
    doc.add_paragraph(
        "Main Street, Tullamore, Co. Offaly R35 E4K1 · Tel 057 934 4710 · Registered by the Central Bank of Ireland, "
        "registration no. 447CU · Regulated by the Central Bank of Ireland"
    ).runs[0].font.size = Pt(7.5)
    h = doc.add_heading("MEMBER LOAN APPLICATION", level=1)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Member no. 004471 · Branch: Tullamore · Application ref. LN-25-12-0193 · Please complete in BLOCK CAPITALS or type"
    )

    def two_col(title: str, rows: list[tuple[str, str]]) -> None:
        doc.add_heading(title, level=2)
        t = doc.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text = label
            cells[1].text = value
            cells[0].paragraphs[0].runs[0].bold = True

    two_col(
        "1. About you",
        [
            ("Full name", "Declan Fitzgerald"),
            ("Date of birth", "19/06/1979"),
            ("PPS number", "4471882TA"),
            ("Address", "14 Arden Vale, Tullamore, Co. Offaly R35 X2K7"),
            ("Time at current address", "12 years"),
            ("Marital status", "Married"),
            ("Number of dependent children", "3"),
            ("Mobile / e-mail", "087 447 1882 · declan.fitz@eircom.example"),
        ],
    )
    two_col(
        "2. The loan you are applying for",
        [
            ("Amount requested", "€18,000.00"),
            ("Repayment term", "60 months"),
            ("Repayment frequency", "Monthly, from salary by standing order"),
            (
                "Purpose of loan",
                "Home improvements: replacement windows and front and back doors (quotation from Midland Windows & Doors, €14,050 incl. VAT); balance to clear my credit card (see section 5)",
            ),
        ],
    )
    two_col(
        "3. Employment and income",
        [
            ("Employment status", "Employed – permanent, full-time"),
            ("Employer", "Midlands Polymer Components Ltd"),
            ("Employer's address", "Unit 7, Cloncollig Industrial Estate, Tullamore, Co. Offaly"),
            ("Occupation", "Production supervisor"),
            ("Length of service with this employer", "7 years 4 months"),
            ("Gross annual salary", "€56,500.00"),
            ("Net monthly pay (after tax, PRSI and USC)", "€3,412.75"),
            ("Spouse / partner net monthly pay", "€1,960.00"),
            ("Child Benefit received per month", "€420.00"),
        ],
    )
    two_col(
        "4. Your home",
        [
            ("Residential status", "Home owner – with mortgage"),
            ("Mortgage lender", "EBS d.a.c."),
            ("Monthly mortgage repayment", "€1,284.30"),
            ("Mortgage balance outstanding", "€186,400.00"),
            ("Estimated value of property", "€345,000.00"),
        ],
    )
    doc.add_heading(
        "5. Existing borrowings (all loans, credit cards, hire purchase, BNPL – yours only)", level=2
    )
    t = doc.add_table(rows=0, cols=6)
    t.style = "Table Grid"
    for i, row in enumerate(DEBTS):
        cells = t.add_row().cells
        for j, text in enumerate(row):
            cells[j].text = text
            run = cells[j].paragraphs[0].runs[0] if text else None
            if run is not None:
                run.font.size = Pt(8.5)
                run.bold = i == 0 or i == len(DEBTS) - 1
            if j in (2, 3) and i > 0:
                cells[j].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(
        "The credit card balance of €3,950.00 will be cleared from this loan and the card limit reduced to €1,000. "
        "I have no other loans, overdrafts or guarantees. My wife's car loan (€265 a month, in her own name) is not included above."
    ).runs[0].font.size = Pt(8.5)
    two_col(
        "6. Savings with the credit union",
        [
            ("Shares balance", "€2,350.00"),
            ("Regular savings", "€50.00 per month"),
        ],
    )
    doc.add_heading("7. Loan quotation (office use)", level=2)
    doc.add_paragraph(
        "Amount €18,000.00 over 60 months at 8.50% APR (variable): 60 monthly repayments of €366.56; total amount repayable "
        "€21,993.60; total cost of credit €3,993.60. Representative example: €5,000 over 3 years at 10.90% APR, 36 monthly "
        "repayments of €162.48, total repayable €5,849.28."
    ).runs[0].font.size = Pt(8)
    warn = doc.add_paragraph().add_run(
        "Warning: If you do not meet the repayments on your credit agreement, your account will go into arrears. "
        "This may affect your credit rating, which may limit your ability to access credit in the future."
    )
    warn.bold = True
    warn.font.size = Pt(8)
    doc.add_heading("8. Declaration", level=2)
    doc.add_paragraph(
        "I declare that the information given is true and complete. I consent to the credit union checking my credit history "
        "with the Central Credit Register."
    ).runs[0].font.size = Pt(8.5)
    doc.add_paragraph("Signed: Declan Fitzgerald\t\tDate: 02/12/2025")
    doc.add_paragraph(
        "For office use: received by A. Kinsella 03/12/2025 · ID and proof of address seen · Payslips: 3 (Sep–Nov 2025)"
    ).runs[0].font.size = Pt(7.5)
    cp = doc.core_properties
    cp.author = "Declan Fitzgerald"
    cp.last_modified_by = "Declan Fitzgerald"
    cp.title = "Member Loan Application"
    cp.created = dt.datetime(2025, 12, 2, 20, 41, 0)
    cp.modified = dt.datetime(2025, 12, 2, 21, 3, 0)
    cp.last_printed = dt.datetime(2025, 12, 2, 21, 4, 0)
    cp.revision = 3
    buf = io.BytesIO()
    doc.save(buf)
    fixed_zip(buf.getvalue(), path)
