"""Write the corpus PDFs. The text is written here by hand; the PDF files it makes are committed.

    python tests/corpus/unseen/make_pdfs.py

Not the packet generator: each document has its own layout, labels and wording.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

HERE = Path(__file__).parent
rl_config.invariant = 1  # same bytes on every run: no timestamp or random document id
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]
)


def statement(path: Path, heading: list[str], header: list[str], rows: list[list[str]], footer: str) -> None:
    styles = getSampleStyleSheet()
    story: list = [Paragraph(heading[0], styles["Title"])]
    story += [Paragraph(line, styles["Normal"]) for line in heading[1:]]
    story.append(Spacer(1, 12))
    table = Table([header, *rows], colWidths=[70, 200, 70, 70, 80])
    table.setStyle(GRID)
    story += [table, Spacer(1, 12), Paragraph(footer, styles["Normal"])]
    SimpleDocTemplate(str(path), pagesize=A4, title=heading[0]).build(story)


def u01_statement() -> None:
    statement(
        HERE / "u01_en_docx_table" / "statement.pdf",
        [
            "Northfield Credit Union - Current Account Statement",
            "Account holder: Margaret O'Connell",
            "IBAN: IE29 NWBK 6016 1331 9268 19",
            "Statement period: 01/01/2025 to 28/02/2025",
        ],
        ["Date", "Description", "Debit", "Credit", "Balance"],
        [
            ["01/01/2025", "Opening balance", "", "", "1,850.00"],
            ["02/01/2025", "Rent - Parkview Lettings", "900.00", "", "950.00"],
            ["05/01/2025", "Autofin loan repayment", "240.00", "", "710.00"],
            ["12/01/2025", "Card payment Tesco", "86.40", "", "623.60"],
            ["28/01/2025", "Salary HALDEN LOGISTICS LTD", "", "2,850.00", "3,473.60"],
            ["30/01/2025", "Transfer from savings", "", "150.00", "3,623.60"],
            ["03/02/2025", "Rent - Parkview Lettings", "900.00", "", "2,723.60"],
            ["05/02/2025", "Autofin loan repayment", "240.00", "", "2,483.60"],
            ["14/02/2025", "Electricity Flogas", "112.30", "", "2,371.30"],
            ["27/02/2025", "Salary HALDEN LOGISTICS LTD", "", "2,850.00", "5,221.30"],
        ],
        "Closing balance 28/02/2025: 5,221.30 EUR",
    )


def u02_kontoauszug() -> None:
    statement(
        HERE / "u02_de_docx_grid" / "kontoauszug.pdf",
        [
            "Stadtsparkasse Musterhausen - Kontoauszug",
            "Kontoinhaber: Jonas Weber",
            "IBAN: DE89 3704 0044 0532 0130 00",
            "Zeitraum: 01.12.2024 bis 31.01.2025",
        ],
        ["Datum", "Buchungstext", "Soll", "Haben", "Saldo"],
        [
            ["01.12.2024", "Anfangssaldo", "", "", "2.410,00"],
            ["01.12.2024", "Miete Dezember Hausverwaltung Kern", "780,00", "", "1.630,00"],
            ["15.12.2024", "Lastschrift Stadtwerke", "95,20", "", "1.534,80"],
            ["27.12.2024", "Gehalt Brandt Maschinenbau GmbH", "", "3.120,50", "4.655,30"],
            ["02.01.2025", "Miete Januar Hausverwaltung Kern", "780,00", "", "3.875,30"],
            ["18.01.2025", "Kartenzahlung REWE", "64,30", "", "3.811,00"],
            ["28.01.2025", "Gehalt Brandt Maschinenbau GmbH", "", "3.120,50", "6.931,50"],
        ],
        "Endsaldo am 31.01.2025: 6.931,50 EUR",
    )


def u05_statement() -> None:
    statement(
        HERE / "u05_en_pipe_export" / "statement.pdf",
        [
            "Banco Norte - Statement of your account",
            "Customer: Tomás Herrera",
            "Account number 0049 1500 05 2910187654",
            "From 01/10/2024 to 31/12/2024",
        ],
        ["Date", "Details", "Paid out", "Paid in", "Balance"],
        [
            ["01/10/2024", "Balance brought forward", "", "", "5,000.00"],
            ["01/10/2024", "Mortgage payment Banco Norte", "1,020.00", "", "3,980.00"],
            ["15/10/2024", "Phone bill Movistar", "45.00", "", "3,935.00"],
            ["25/10/2024", "Salary VIREO SOFTWARE", "", "3,400.00", "7,335.00"],
            ["01/11/2024", "Mortgage payment Banco Norte", "1,020.00", "", "6,315.00"],
            ["20/11/2024", "Refund Amazon", "", "35.50", "6,350.50"],
            ["25/11/2024", "Salary VIREO SOFTWARE", "", "3,400.00", "9,750.50"],
            ["02/12/2024", "Mortgage payment Banco Norte", "1,020.00", "", "8,730.50"],
            ["24/12/2024", "Salary VIREO SOFTWARE", "", "3,400.00", "12,130.50"],
        ],
        "Balance carried forward: 12,130.50",
    )


def u09_statement() -> None:
    statement(
        HERE / "u09_en_html_form" / "statement.pdf",
        [
            "Nordbank - Account statement",
            "Account holder: Hannah Lindqvist",
            "IBAN SE45 5000 0000 0583 9825 7466",
            "Statement period 01/03/2025 - 30/04/2025",
        ],
        ["Date", "Description", "Debit", "Credit", "Balance"],
        [
            ["01/03/2025", "Opening balance", "", "", "940.00"],
            ["01/03/2025", "Rent - Vasastan Bostader", "700.00", "", "240.00"],
            ["05/03/2025", "Klarna loan repayment", "125.00", "", "115.00"],
            ["25/03/2025", "Salary NORDIC RAIL AB", "", "2,960.00", "3,075.00"],
            ["01/04/2025", "Rent - Vasastan Bostader", "700.00", "", "2,375.00"],
            ["05/04/2025", "Klarna loan repayment", "125.00", "", "2,250.00"],
            ["11/04/2025", "ATM withdrawal", "200.00", "", "2,050.00"],
            ["25/04/2025", "Salary NORDIC RAIL AB", "", "2,960.00", "5,010.00"],
        ],
        "Closing balance: 5,010.00",
    )


def u03_form() -> None:
    """A one-page form drawn field by field: labels on the left, typed answers in a column on the right."""
    path = HERE / "u03_en_pdf_form" / "application_form.pdf"
    canvas = Canvas(str(path), pagesize=LETTER)
    canvas.setTitle("Consumer credit request")
    height = LETTER[1]
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(60, height - 70, "ACME SAVINGS BANK")
    canvas.setFont("Helvetica", 11)
    canvas.drawString(60, height - 90, "Consumer credit request - please complete all sections")
    rows = [
        ("Borrower name", "Daniel Okafor"),
        ("Date signed", "2025-04-22"),
        ("Credit amount sought", "USD 8,500"),
        ("Number of monthly instalments", "24"),
        ("Reason for borrowing", "Home repairs"),
        ("Employment type", "Self-employed"),
        ("Monthly take-home income", "$4,200"),
        ("Gross yearly income", "$61,000"),
        ("Other monthly credit obligations", "$310"),
        ("Housing payment (monthly)", "$1,150"),
        ("Homeowner / tenant", "Owner"),
        ("Time at present address", "4 years"),
    ]
    y = height - 130
    for label, value in rows:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, y, label)
        canvas.setFont("Courier", 10)
        canvas.drawString(300, y, value)
        canvas.line(295, y - 3, 540, y - 3)
        y -= 26
    canvas.setFont("Helvetica", 9)
    canvas.drawString(60, y - 20, "I confirm the information above is true and complete.")
    canvas.drawString(60, y - 50, "Signature of applicant: ______________________")
    canvas.save()


if __name__ == "__main__":
    u01_statement()
    u02_kontoauszug()
    u03_form()
    u05_statement()
    u09_statement()
