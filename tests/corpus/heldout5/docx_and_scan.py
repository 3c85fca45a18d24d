"""The Czech DOCX form (v03) and the scanned German bank statement (v06) of the fifth held-out corpus."""

from __future__ import annotations

import random
from pathlib import Path

from docx import Document
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
ON, OFF = "☒", "☐"


def _boxes(options: list[tuple[str, bool]]) -> str:
    return "   ".join(f"{ON if checked else OFF} {text}" for text, checked in options)


def czech_docx(path: Path) -> None:
    """v03: Czech *žádost o spotřebitelský úvěr*, label/value tables with ☒/☐ check boxes."""
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_paragraph("Jihomoravská úvěrová banka a.s. · Husova 5, 602 00 Brno · IČO 45318702 · www.jmub.cz")
    doc.add_heading("ŽÁDOST O SPOTŘEBITELSKÝ ÚVĚR", level=1)
    doc.add_paragraph("Číslo žádosti: SU-2025-061877    Pobočka: Brno – Joštova    Vyplňte hůlkovým písmem.")
    sections = [
        (
            "1. Údaje o žadateli",
            [
                ("Titul", "Ing."),
                ("Jméno", "Tereza"),
                ("Příjmení", "Dvořáková"),
                ("Rodné číslo", "905722/3318"),
                ("Datum narození", "22. 7. 1990"),
                (
                    "Rodinný stav",
                    _boxes(
                        [
                            ("svobodný/á", False),
                            ("ženatý/vdaná", True),
                            ("rozvedený/á", False),
                            ("vdovec/vdova", False),
                        ]
                    ),
                ),
                ("Počet vyživovaných dětí", "1"),
                ("Adresa trvalého bydliště", "Kotlářská 51, 602 00 Brno"),
            ],
        ),
        (
            "2. Požadovaný úvěr",
            [
                ("Výše úvěru", "180 000 Kč"),
                ("Doba splácení (měsíce)", _boxes([(str(n), n == 60) for n in (24, 36, 48, 60, 72, 84)])),
                (
                    "Účel úvěru",
                    _boxes(
                        [
                            ("nákup vozidla", False),
                            ("rekonstrukce / opravy bydlení", False),
                            ("vybavení domácnosti (nábytek, kuchyně)", True),
                            ("vzdělání", False),
                            ("konsolidace úvěrů", False),
                            ("jiný", False),
                        ]
                    ),
                ),
                ("Upřesnění účelu", "nová kuchyňská linka a sedací souprava do obývacího pokoje"),
            ],
        ),
        (
            "3. Bydlení",
            [
                (
                    "Typ bydlení",
                    _boxes(
                        [
                            ("vlastní byt / dům", False),
                            ("nájemní byt", True),
                            ("družstevní byt", False),
                            ("u rodičů / bez nákladů", False),
                        ]
                    ),
                ),
                ("Měsíční náklady na bydlení (nájemné + zálohy na služby a energie)", "14 500 Kč"),
            ],
        ),
        (
            "4. Zaměstnání a příjmy",
            [
                ("Zaměstnavatel", "Hvězda Brno Logistika s.r.o."),
                ("IČO zaměstnavatele", "27654321"),
                ("Pracovní pozice", "vedoucí skladu"),
                (
                    "Pracovní poměr",
                    _boxes(
                        [
                            ("na dobu neurčitou", True),
                            ("na dobu určitou", False),
                            ("OSVČ", False),
                            ("jiný", False),
                        ]
                    ),
                ),
                ("Zaměstnán(a) od (měsíc/rok)", "03/2018"),
                ("Čistý měsíční příjem žadatele", "38 700 Kč"),
                ("Čistý měsíční příjem manžela/manželky", "41 200 Kč"),
                ("Ostatní příjmy", "0 Kč"),
            ],
        ),
    ]
    for title, rows in sections:
        doc.add_heading(title, level=2)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    doc.add_heading("5. Stávající úvěry a závazky", level=2)
    debts = [
        ("Druh závazku", "Věřitel", "Výše úvěru / limitu", "Měsíční splátka"),
        ("Leasing vozidla", "ČSOB Leasing, a.s.", "420 000 Kč", "4 250 Kč"),
        ("Kreditní karta", "Air Bank a.s.", "30 000 Kč", "1 500 Kč"),
        ("Celkem", "", "", "5 750 Kč"),
    ]
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in debts:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_heading("6. Prohlášení žadatele", level=2)
    doc.add_paragraph(
        "Prohlašuji, že všechny uvedené údaje jsou pravdivé a úplné. Souhlasím s ověřením údajů v registrech "
        "SOLUS, BRKI a NRKI. " + _boxes([("souhlasím se zasíláním obchodních sdělení", False)])
    )
    doc.add_paragraph(
        "V Brně dne 9. 6. 2025                         Podpis žadatele: .................................."
    )
    doc.add_paragraph(
        "Reprezentativní příklad: úvěr 100 000 Kč na 60 měsíců, úroková sazba 7,9 % p. a., RPSN 8,45 %, "
        "měsíční splátka 2 023 Kč, celková splatná částka 121 380 Kč. "
        "Jihomoravská úvěrová banka a.s. podléhá dohledu České národní banky."
    )
    doc.save(str(path))


TRANSACTIONS = [
    ("01.10.", "01.10.", "Dauerauftrag", "Wohnbau Hansa eG, Miete Okt. Whg. 3.2", -89000),
    ("01.10.", "01.10.", "Lastschrift", "Santander Consumer Bank AG, Rate Kfz-Kredit 4711/2023", -22740),
    ("02.10.", "02.10.", "Kartenzahlung", "REWE Markt Bremen-Findorff", -6483),
    ("06.10.", "06.10.", "Lastschrift", "swb Vertrieb Bremen, Abschlag Strom", -7800),
    ("10.10.", "10.10.", "Gutschrift", "Jonas Becker, Anteil Ferienwohnung", 15000),
    ("14.10.", "13.10.", "Kartenzahlung", "ARAL Station 2841 Bremen", -5820),
    ("17.10.", "17.10.", "Lastschrift", "Telekom Deutschland GmbH, Mobilfunk", -3995),
    ("22.10.", "22.10.", "Auszahlung", "Geldautomat Sparkasse Weserland", -10000),
    ("29.10.", "29.10.", "Lohn/Gehalt", "Weser-Klinikum gGmbH, Gehalt 10/2025", 261438),
    ("30.10.", "30.10.", "Lastschrift", "Allianz Versicherungs-AG, Hausrat/Haftpflicht", -4217),
    ("31.10.", "31.10.", "Abschluss", "Entgelt Kontoführung 10/2025", -695),
]
OPENING = 128417


def _euro(cents: int, sign: bool = True) -> str:
    text = f"{abs(cents) / 100:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return (("-" if cents < 0 else "+") if sign else "") + text


def german_statement_scan(path: Path) -> None:
    """v06: a German account statement printed, scanned (image only, turned 0.8°, grain)."""
    img = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(img)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 27)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 29)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 22)
    draw.text(
        (110, 110), "Sparkasse Weserland", font=ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 44)
    )
    draw.text((110, 170), "Am Brill 1-3 · 28195 Bremen · BIC WELADEB1WSL", font=small)
    draw.text((110, 300), "Frau", font=regular)
    draw.text((110, 340), "Lena Hoffmann", font=regular)
    draw.text((110, 380), "Hemmstraße 212", font=regular)
    draw.text((110, 420), "28215 Bremen", font=regular)
    draw.text((1000, 300), "Kontoauszug 10/2025", font=bold)
    draw.text((1000, 345), "Blatt 1 von 1", font=regular)
    draw.text((1000, 385), "Girokonto 1204 5577 83", font=regular)
    draw.text((1000, 425), "IBAN DE41 2905 0101 1204 5577 83", font=small)
    draw.text((110, 540), "Buchungstag  Wert    Vorgang / Verwendungszweck", font=bold)
    draw.text((1310, 540), "Betrag EUR", font=bold)
    draw.line((110, 585, 1545, 585), fill=0, width=3)
    y = 605
    draw.text((110, y), "Alter Saldo per 30.09.2025", font=regular)
    draw.text((1310, y), _euro(OPENING), font=regular)
    y += 60
    balance = OPENING
    for booked, value, kind, text, cents in TRANSACTIONS:
        balance += cents
        draw.text((110, y), booked, font=regular)
        draw.text((290, y), value, font=regular)
        draw.text((430, y), kind, font=regular)
        draw.text((430, y + 36), text, font=small)
        amount = _euro(cents)
        draw.text((1545 - draw.textlength(amount, font=regular), y), amount, font=regular)
        y += 88
    draw.line((110, y, 1545, y), fill=0, width=3)
    closing = f"Neuer Saldo per 31.10.2025   {_euro(balance)}"
    draw.text((1545 - draw.textlength(closing, font=bold), y + 20), closing, font=bold)
    y += 120
    for line in [
        "Eingeräumter Dispositionskredit 1.500,00 EUR, Sollzinssatz 11,25 % p. a., Überziehung 15,25 % p. a.",
        "Bitte prüfen Sie Ihren Kontoauszug. Einwendungen sind innerhalb von sechs Wochen zu erheben.",
        "Guthaben sind als Einlagen nach Maßgabe des Einlagensicherungsgesetzes entschädigungsfähig.",
    ]:
        draw.text((110, y), line, font=small)
        y += 38
    rng = random.Random(5)
    pixels = img.load()
    for _ in range(60000):
        x, yy = rng.randrange(img.width), rng.randrange(img.height)
        pixels[x, yy] = rng.randrange(120, 230)
    img = img.rotate(0.8, resample=Image.BICUBIC, expand=True, fillcolor=248)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    img.save(str(path), dpi=(200, 200))
    print(f"statement closing balance {balance / 100:.2f}")
