"""Write the binary documents of the third held-out round (ODT, RTF, XLSX, two PDFs).

    python tests/corpus/heldout3/make_documents.py

The text of every document is here; the outputs are committed. The ODT is zipped by hand the way
LibreOffice lays it out (mimetype first, stored), the RTF is what WordPad writes for a Windows-1252
letter, the XLSX comes from openpyxl (its formula cell has no cached value, as openpyxl writes it),
and the PDFs from reportlab.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent

ODT_PARAGRAPHS = [
    ("h", "Demande de prêt personnel"),
    ("p", "Date de la demande : 14/03/2025"),
    ("h", "1. L'emprunteur"),
    ("p", "Nom : LEFÈVRE\tPrénom : Camille"),
    ("p", "Date de naissance : 05/11/1988 à Rennes"),
    ("p", "Situation familiale : mariée — 2 enfants à charge"),
    ("p", "Logement : locataire depuis 2019, loyer de 780,00 € par mois"),
    ("h", "2. Situation professionnelle"),
    ("p", "Employeur : Boulangeries Martin SARL"),
    ("p", "Contrat : CDI, en poste depuis 2016"),
]
ODT_TABLE = [
    ("Revenus nets mensuels", "2 350,00 €"),
    ("Crédits en cours (mensualités)", "145,00 € / mois (crédit auto)"),
    ("Objet du prêt", "Achat d'une voiture d'occasion"),
    ("Montant demandé", "9 500 €"),
    ("Durée souhaitée", "60 mois"),
]
ODT_AFTER = ["Fait à Rennes, le 14/03/2025", "Signature : C. Lefèvre"]


def _odt_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


def write_odt(path: Path) -> None:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"'
    )
    body = []
    for kind, line in ODT_PARAGRAPHS:
        inner = "<text:tab/>".join(escape(part) for part in line.split("\t"))
        if kind == "h":
            body.append(f'<text:h text:outline-level="2">{inner}</text:h>')
        else:
            body.append(f"<text:p>{inner}</text:p>")
    body.append('<text:h text:outline-level="2">3. Budget et projet</text:h>')
    body.append('<table:table table:name="Budget"><table:table-column table:number-columns-repeated="2"/>')
    for label, value in ODT_TABLE:
        body.append(f"<table:table-row>{_odt_cell(label)}{_odt_cell(value)}</table:table-row>")
    body.append("</table:table>")
    body += [f"<text:p>{escape(line)}</text:p>" for line in ODT_AFTER]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


RTF_LETTER = [
    "Javier Moreno Ruiz",
    "C/ Embajadores 112, 3.º B",
    "28045 Madrid",
    "",
    "Madrid, 3 de febrero de 2025",
    "",
    "Asunto: solicitud de préstamo personal",
    "",
    "Estimados señores:",
    "",
    "Me dirijo a ustedes para solicitar un préstamo personal de 6.000 € a devolver en 36 meses, "
    "que destinaría a reformar la cocina y el baño de mi vivienda, que tienen humedades desde el "
    "invierno pasado.",
    "",
    "Trabajo como técnico de mantenimiento en Talleres Hidalgo S.L. desde hace siete años, con "
    "contrato indefinido, y mi nómina es de 1.920,50 € netos al mes. Vivo de alquiler y pago 650 € "
    "mensuales por el piso. Además tengo un préstamo del coche con una cuota de 210 € al mes, que "
    "termina en 2027.",
    "",
    "Adjunto mis tres últimas nóminas y el contrato de alquiler. Quedo a su disposición para "
    "cualquier aclaración.",
    "",
    "Atentamente,",
    "",
    "Javier Moreno Ruiz",
]


def rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
    return "".join(out)


def write_rtf(path: Path) -> None:
    head = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat\\deflang3082"
        "{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}\n"
        "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \n"
        "\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang10 "
    )
    body = "\\par\n".join(rtf_escape(line) for line in RTF_LETTER)
    path.write_bytes((head + body + "\\par\n}\n").encode("ascii"))


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    bold = Font(bold=True)
    gbp = '"£"#,##0.00'
    ws["A1"] = "Household budget for loan application"
    ws["A1"].font = Font(bold=True, size=14)
    rows: list[tuple[object, object]] = [
        ("Applicant", "Priya Raman"),
        ("Date", dt.date(2025, 5, 20)),
        ("Loan requested", 7500),
        ("Term (months)", 42),
        ("What it is for", "New sofa, beds and a dining table for the new flat"),
        ("Employer", "Hallam Logistics Ltd"),
        ("Years with employer", 4),
    ]
    for i, (label, value) in enumerate(rows, start=3):
        ws.cell(row=i, column=1, value=label)
        cell = ws.cell(row=i, column=2, value=value)
        if label == "Loan requested":
            cell.number_format = gbp
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    ws["A11"], ws["B11"] = "Monthly income", "£ per month"
    ws["A11"].font = ws["B11"].font = bold
    ws["A12"], ws["B12"] = "Take-home pay", 2480
    ws["A14"], ws["B14"] = "Monthly outgoings", "£ per month"
    ws["A14"].font = ws["B14"].font = bold
    outgoings = [("Rent", 895), ("Council tax", 142), ("Car finance", 189), ("Credit card (minimum)", 45),
                 ("Food and household", 380)]  # fmt: skip
    for i, (label, value) in enumerate(outgoings, start=15):
        ws.cell(row=i, column=1, value=label)
        ws.cell(row=i, column=2, value=value).number_format = gbp
    ws["A20"], ws["B20"] = "Total outgoings", "=SUM(B15:B19)"
    ws["B12"].number_format = gbp
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 48
    wb.save(path)


US_ROWS = [
    ("", "BORROWER", "CO-BORROWER"),
    ("Name", "Marcus J. Bell", "Tanya Bell"),
    ("Date of birth", "03/22/1987", "11/04/1989"),
    ("Employer", "Ridgeline Freight Inc.", "Mercy General Hospital"),
    ("Years on this job", "6 yrs", "3 yrs"),
    ("Net monthly income", "$3,920/mo", "$2,850/mo"),
    ("Other monthly debt payments", "$310/mo (auto loan)", "$95/mo (student loan)"),
]


def write_us_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [
        Paragraph("Lakeshore Community Credit Union", styles["Title"]),
        Paragraph("Consumer Loan Application (Joint)", styles["Heading2"]),
        Paragraph("Application date: 07/15/2025 &nbsp;&nbsp; Branch: Evanston #14", styles["Normal"]),
        Spacer(1, 10),
        Paragraph("<b>Section A - Loan request</b>", styles["Normal"]),
        Paragraph(
            "Amount requested: $18,500.00 &nbsp;&nbsp; Term: 5 years &nbsp;&nbsp; "
            "Purpose: purchase of a used vehicle (2021 Honda CR-V)",
            styles["Normal"],
        ),
        Spacer(1, 10),
        Paragraph("<b>Section B - Applicants</b>", styles["Normal"]),
    ]
    table = Table(US_ROWS, colWidths=[170, 160, 160])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))  # fmt: skip
    story += [table, Spacer(1, 10), Paragraph("<b>Section C - Household</b>", styles["Normal"])]
    story.append(Paragraph("Housing: Own (mortgage) - monthly payment $1,640/mo incl. taxes and "
                           "insurance &nbsp;&nbsp; Dependents: 2", styles["Normal"]))  # fmt: skip
    story.append(Spacer(1, 14))
    story.append(Paragraph("By signing below, each applicant certifies that the information above is "
                           "true and complete.", styles["Normal"]))  # fmt: skip
    SimpleDocTemplate(str(path), pagesize=letter, title="Loan application").build(story)


NL_MONTHS = [
    ("april", 4, [
        ("01-04", "Huur april Woonstichting De Linie", 925.00, None),
        ("03-04", "Albert Heijn 1402 Zwolle", 84.12, None),
        ("05-04", "Aflossing lening Frisia Krediet", 240.00, None),
        ("10-04", "Jumbo Zwolle Stadshagen", 62.40, None),
        ("15-04", "Vattenfall termijn energie", 118.00, None),
        ("22-04", "Zorgverzekering Zilveren Kruis", 142.35, None),
        ("25-04", "Salaris april Dijkstra Installatietechniek B.V.", None, 2780.45),
        ("28-04", "Tikkie M. de Vries etentje", None, 35.00),
    ]),
    ("mei", 5, [
        ("01-05", "Huur mei Woonstichting De Linie", 925.00, None),
        ("05-05", "Aflossing lening Frisia Krediet", 240.00, None),
        ("07-05", "Albert Heijn 1402 Zwolle", 97.80, None),
        ("15-05", "Vattenfall termijn energie", 118.00, None),
        ("22-05", "Zorgverzekering Zilveren Kruis", 142.35, None),
        ("23-05", "Bol.com bestelling", 49.99, None),
        ("26-05", "Salaris mei Dijkstra Installatietechniek B.V.", None, 2780.45),
        ("30-05", "Tikkie J. Bakker", None, 20.00),
    ]),
]  # fmt: skip
NL_OPENING = 1245.30


def nl(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents}"


def write_nl_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph, Spacer, Table

    styles = getSampleStyleSheet()
    small = styles["Normal"].clone("small", fontSize=7.5, leading=9)
    width, height = A4
    margin, gap = 36, 18
    col = (width - 2 * margin - gap) / 2
    frames = [Frame(margin + i * (col + gap), margin, col, height - 2 * margin, id=f"c{i}") for i in (0, 1)]
    doc = BaseDocTemplate(str(path), pagesize=A4, title="Rekeningafschrift")
    doc.addPageTemplates([PageTemplate(id="twee", frames=frames)])
    story = [
        Paragraph("<b>Noordelijke Spaarbank</b> - Rekeningafschrift", styles["Normal"]),
        Paragraph("Rekeninghouder: H.J. Visser, Thorbeckegracht 9, 8011 VM Zwolle", small),
        Paragraph("IBAN: NL91 NOSB 0417 1643 00 &nbsp; Periode: 01-04-2025 t/m 31-05-2025", small),
        Spacer(1, 6),
    ]
    balance = NL_OPENING
    for name, month, rows in NL_MONTHS:
        data = [["Datum", "Omschrijving", "Af", "Bij"], [f"01-{month:02d}", "Beginsaldo", "", nl(balance)]]
        for day, text, debit, credit in rows:
            balance += (credit or 0) - (debit or 0)
            data.append(
                [day, Paragraph(text, small), nl(debit) if debit else "", nl(credit) if credit else ""]
            )
        data.append(["", f"Eindsaldo {name} 2025", "", nl(balance)])
        story += [Paragraph(f"<b>Maand {name} 2025</b>", small),
                  Table(data, colWidths=[30, col - 30 - 2 * 48, 48, 48], style=[
                      ("FONTSIZE", (0, 0), (-1, -1), 7.5), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                      ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]),
                  Spacer(1, 8)]  # fmt: skip
        if month == 4:
            story.append(FrameBreak())  # May goes into the right-hand column
    story.append(Paragraph("Bedragen in euro. Af = afschrijving, Bij = bijschrijving.", small))
    doc.build(story)


if __name__ == "__main__":
    write_odt(HERE / "s01_fr_odt_demande" / "demande_de_pret.odt")
    write_rtf(HERE / "s02_es_rtf_carta" / "carta_solicitud.rtf")
    write_xlsx(HERE / "s03_en_xlsx_budget" / "budget.xlsx")
    write_us_pdf(HERE / "s06_us_pdf_coborrower" / "application.pdf")
    write_nl_pdf(HERE / "s08_nl_statement_pdf_two_column" / "rekeningafschrift.pdf")
