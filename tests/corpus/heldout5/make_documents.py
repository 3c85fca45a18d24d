"""Write the binary documents of the fifth held-out corpus (PDFs here, DOCX and PNG in `docx_and_scan.py`).

Run from the repository root: `.venv/bin/python tests/corpus/heldout5/make_documents.py`.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

HERE = Path(__file__).resolve().parent
W, H = A4


def swedish_payslip(path: Path) -> None:
    """v02: Swedish *lönespecifikation*, text layer, earnings and deductions side by side."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Lönespecifikation 2025-10")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(20 * mm, H - 22 * mm, "Nordvik Mekaniska Verkstad AB")
    c.setFont("Helvetica", 8.5)
    c.drawString(
        20 * mm, H - 27 * mm, "Verkstadsgatan 12, 721 30 Västerås  ·  Org.nr 556714-3382  ·  021-44 18 00"
    )
    c.setFont("Helvetica-Bold", 16)
    c.drawRightString(W - 20 * mm, H - 22 * mm, "LÖNESPECIFIKATION")
    head = [
        ["Anställd", "Elin Sjöström", "Löneperiod", "2025-10-01 – 2025-10-31"],
        ["Personnummer", "890612-4482", "Utbetalningsdag", "2025-10-24"],
        ["Anst.nr", "1047", "Skattetabell", "32, kolumn 1"],
        ["Avdelning", "Montering / Kst 420", "Rörliga tillägg avser", "2025-09"],
    ]
    t = Table(head, colWidths=[30 * mm, 52 * mm, 38 * mm, 50 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5),
                ("FONT", (2, 0), (2, -1), "Helvetica-Bold", 8.5),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ]
        )
    )
    t.wrapOn(c, W, H)
    t.drawOn(c, 20 * mm, H - 60 * mm)
    rows = [
        ["Intjänat", "Antal", "À-pris", "Belopp", "Avdrag", "Belopp"],
        ["Månadslön", "", "", "38 500,00", "Karensavdrag 2025-09-16", "1 012,40"],
        ["OB-tillägg kväll", "30,00 tim", "41,35", "1 240,50", "Preliminärskatt", "11 322,00"],
        ["Övertid 50 %", "4,00 tim", "167,50", "670,00", "", ""],
        ["", "", "", "", "", ""],
        ["Summa intjänat", "", "", "40 410,50", "Summa avdrag", "12 334,40"],
    ]
    t = Table(rows, colWidths=[36 * mm, 20 * mm, 16 * mm, 22 * mm, 50 * mm, 26 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
                ("ALIGN", (1, 0), (3, -1), "RIGHT"),
                ("ALIGN", (5, 0), (5, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LINEAFTER", (3, 0), (3, -1), 1.2, colors.black),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9ef")),
            ]
        )
    )
    t.wrapOn(c, W, H)
    t.drawOn(c, 20 * mm, H - 118 * mm)
    c.setLineWidth(1.4)
    c.rect(W - 90 * mm, H - 142 * mm, 70 * mm, 16 * mm)
    c.setFont("Helvetica", 9)
    c.drawString(W - 87 * mm, H - 132 * mm, "Att utbetala")
    c.setFont("Helvetica-Bold", 14)
    c.drawRightString(W - 23 * mm, H - 138 * mm, "28 076,10 kr")
    c.setFont("Helvetica", 8)
    c.drawString(20 * mm, H - 131 * mm, "Skattepliktig bruttolön: 39 398,10")
    c.drawString(20 * mm, H - 136 * mm, "Insättning: Swedbank, clearingnr 8327-9, konto 994 213 556-1")
    acc = [
        ["Ackumulerat 2025", "Belopp", "Semester", "Dagar"],
        ["Bruttolön hittills i år", "389 214,60", "Betalda dagar", "25"],
        ["Preliminärskatt hittills i år", "108 904,00", "Uttagna dagar", "19"],
        ["Förmånsvärde hittills i år", "0,00", "Sparade dagar", "7"],
    ]
    t = Table(acc, colWidths=[50 * mm, 28 * mm, 40 * mm, 20 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ]
        )
    )
    t.wrapOn(c, W, H)
    t.drawOn(c, 20 * mm, H - 180 * mm)
    c.setFont("Helvetica-Oblique", 7.5)
    c.drawString(
        20 * mm, 30 * mm, "Arbetsgivaravgift 31,42 % redovisas till Skatteverket och ingår inte i din lön."
    )
    c.drawString(
        20 * mm,
        26 * mm,
        "Frågor om lönen? lon@nordvikmekaniska.se  ·  Kollektivavtal: Teknikavtalet IF Metall",
    )
    c.showPage()
    c.save()


def _label(c: canvas.Canvas, x: float, y: float, text: str) -> None:
    c.setFont("Helvetica", 7.5)
    c.drawString(x, y + 7.5 * mm, text)


def swiss_acroform(path: Path) -> None:
    """v08: Swiss *Kreditantrag*, a PDF form filled in on screen: the answers live in form fields only."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Antrag Privatkredit")
    form = c.acroForm
    c.setFont("Helvetica-Bold", 14)
    c.drawString(20 * mm, H - 20 * mm, "Kreditbank Seeland AG")
    c.setFont("Helvetica", 8)
    c.drawString(
        20 * mm,
        H - 25 * mm,
        "Zentralstrasse 63 · 2502 Biel/Bienne · Tel. 032 328 44 00 · www.kreditbank-seeland.ch",
    )
    c.setFont("Helvetica-Bold", 12)
    c.drawString(20 * mm, H - 36 * mm, "Antrag auf Privatkredit  (Kreditbetrag CHF 3'000.– bis CHF 80'000.–)")
    fields = [
        ("Persönliche Angaben", None, None, None),
        ("Name", "name", "Bühler-Frei", 80),
        ("Vorname", "vorname", "Nadia", 70),
        ("Geburtsdatum", "geburtsdatum", "08.12.1987", 40),
        ("AHV-Nr.", "ahv", "756.4821.3377.09", 50),
        ("Zivilstand", "zivilstand", "verheiratet", 40),
        ("Anzahl unterhaltsberechtigte Kinder", "kinder", "1", 20),
        ("Strasse, PLZ, Ort", "adresse", "Bahnhofstrasse 41, 2502 Biel/Bienne", 110),
        ("Gewünschter Kredit", None, None, None),
        ("Kreditbetrag CHF", "betrag", "24'000.00", 40),
        ("Laufzeit (Monate)", "laufzeit", "48", 20),
        ("Verwendungszweck", "zweck", "Kauf Occasionsfahrzeug (VW Touran, Jg. 2019)", 110),
        ("Beruf und Einkommen", None, None, None),
        ("Arbeitgeber", "arbeitgeber", "Feinmechanik Jura SA", 80),
        ("Ort Arbeitgeber", "ort_ag", "Moutier", 50),
        ("Angestellt seit", "seit", "01.11.2019", 40),
        ("Nettolohn monatlich CHF", "nettolohn", "6'480.35", 40),
        ("Nebeneinkommen monatlich CHF", "neben", "keine", 40),
        ("Wohnen und Verpflichtungen", None, None, None),
        ("Mietzins inkl. Nebenkosten monatlich CHF", "miete", "1'950.-", 40),
        ("Leasing monatlich CHF (Leasinggeber)", "leasing", "389.- (AMAG Leasing AG)", 80),
        ("Andere Kredite monatlich CHF", "kredite", "0.00", 40),
        ("Unterhaltszahlungen (Alimente) monatlich CHF", "alimente", "0.00", 40),
    ]
    y = H - 44 * mm
    for label, name, value, width in fields:
        if name is None:
            y -= 4 * mm
            c.setFont("Helvetica-Bold", 9.5)
            c.drawString(20 * mm, y, label)
            c.line(20 * mm, y - 1.5 * mm, W - 20 * mm, y - 1.5 * mm)
            y -= 9 * mm
            continue
        c.setFont("Helvetica", 8.5)
        c.drawString(20 * mm, y + 1.8 * mm, label)
        form.textfield(
            name=name,
            value=value,
            x=88 * mm,
            y=y,
            width=width * mm,
            height=6 * mm,
            fontName="Helvetica",
            fontSize=9,
            borderWidth=0.5,
            fillColor=colors.HexColor("#eef3fb"),
            forceBorder=True,
        )
        y -= 8 * mm
    for row, (label, options) in enumerate(
        [
            ("Wohnsituation", [("Eigentum", False), ("Miete", True), ("bei Eltern / gratis", False)]),
            ("13. Monatslohn", [("ja", True), ("nein", False)]),
        ]
    ):
        c.setFont("Helvetica", 8.5)
        c.drawString(20 * mm, y + 1.5 * mm, label)
        x = 88 * mm
        for i, (text, checked) in enumerate(options):
            form.checkbox(name=f"cb{row}_{i}", x=x, y=y, size=4.5 * mm, checked=checked, buttonStyle="cross")
            c.drawString(x + 6 * mm, y + 1.5 * mm, text)
            x += 38 * mm
        y -= 8 * mm
    y -= 4 * mm
    c.setFont("Helvetica", 8.5)
    c.drawString(20 * mm, y + 1.8 * mm, "Ort, Datum")
    form.textfield(
        name="ort_datum", value="Biel/Bienne, 15.04.2025", x=88 * mm, y=y, width=60 * mm, height=6 * mm
    )
    c.drawString(
        20 * mm, y - 8 * mm, "Unterschrift Antragstellerin/Antragsteller: ________________________________"
    )
    c.setFont("Helvetica", 7)
    notes = [
        "Beispiel: Kreditbetrag CHF 10'000.–, Laufzeit 12 Monate, effektiver Jahreszins 9.95 %,",
        "Gesamtzinskosten CHF 517.40. Effektive Jahreszinsen zwischen 5.95 % und 11.95 %.",
        "Die Kreditvergabe ist verboten, falls sie zur Überschuldung der Konsumentin oder des",
        "Konsumenten führt (Art. 3 UWG). Meldung an die ZEK und die IKO.",
    ]
    for i, line in enumerate(notes):
        c.drawString(20 * mm, 24 * mm - i * 3.5 * mm, line)
    c.showPage()
    c.save()


def main() -> None:
    from docx_and_scan import czech_docx, german_statement_scan

    swedish_payslip(HERE / "v02_sv_payslip_pdf_two_column" / "lonespecifikation_2025-10.pdf")
    czech_docx(HERE / "v03_cs_zadost_docx_checkboxes" / "zadost_o_uver.docx")
    german_statement_scan(HERE / "v06_de_statement_scan_png" / "kontoauszug_10_2025.png")
    swiss_acroform(HERE / "v08_ch_acroform_pdf_chf" / "antrag_privatkredit.pdf")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
