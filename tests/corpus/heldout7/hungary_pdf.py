# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""v06: a Hungarian bank's personal-loan application (text-layer PDF, HUF) in two-column
label/value grids. Called by `make_documents.py`."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

HU = [
    (
        "1. AZ IGÉNYLŐ ADATAI",
        [
            ("Név", "Tóth Gergely"),
            ("Születési név", "Tóth Gergely"),
            ("Anyja születési neve", "Varga Erzsébet"),
            ("Születési hely, idő", "Szombathely, 1988. 03. 27."),
            ("Állampolgárság", "magyar"),
            ("Személyazonosító igazolvány száma", "447188AE"),
            ("Adóazonosító jel", "8441172093"),
            ("Állandó lakcím", "9024 Győr, Szabadsághegy u. 41. 2/7."),
            ("Ezen a lakcímen lakik", "2021. május óta"),
            ("Családi állapot", "házas"),
            ("Eltartott gyermekek száma", "2"),
            ("Mobiltelefonszám", "+36 30 447 1882"),
        ],
    ),
    (
        "2. AZ IGÉNYELT KÖLCSÖN",
        [
            ("Igényelt kölcsönösszeg", "1 800 000 Ft"),
            ("Futamidő", "36 hónap"),
            ("A kölcsön célja", "háztartási gépek vásárlása (hűtő, mosógép, mosogatógép)"),
            ("Törlesztőrészlet esedékessége", "minden hónap 10. napja"),
            ("Folyósítási bankszámlaszám", "11773016-01447188-00000000"),
        ],
    ),
    (
        "3. MUNKAHELY ÉS JÖVEDELEM",
        [
            ("Foglalkoztatás jellege", "alkalmazott – határozatlan idejű munkaviszony, teljes munkaidő"),
            ("Munkáltató neve", "Rábaparti Csomagolástechnika Kft."),
            ("Munkáltató címe, adószáma", "9027 Győr, Kandó Kálmán u. 9. · 12447188-2-08"),
            ("Beosztás", "minőségellenőr"),
            ("Munkaviszony kezdete", "2017.09.01."),
            ("Havi bruttó munkabér", "770 500 Ft"),
            ("Havi nettó jövedelem", "512 400 Ft"),
            ("Házastárs havi nettó jövedelme (tájékoztató adat)", "398 000 Ft"),
            ("Családi pótlék", "26 600 Ft / hó"),
        ],
    ),
    (
        "4. LAKHATÁS",
        [
            ("Lakhatás jellege", "bérlakás (magánszemélytől bérelt)"),
            ("Havi lakbér", "185 000 Ft"),
            ("Havi rezsiköltség (közüzemi díjak)", "48 500 Ft"),
        ],
    ),
    (
        "5. MEGLÉVŐ HITELEK ÉS KÖTELEZETTSÉGEK",
        [
            ("Áruhitel – Magyar Cetelem Bank Zrt., havi törlesztő", "27 850 Ft"),
            ("Részletvásárlás – mobiltelefon (Yettel), havi részlet", "14 500 Ft"),
            ("Hitelkártya-keret (nem igénybe vett)", "300 000 Ft"),
            ("Meglévő havi törlesztőrészletek összesen", "42 350 Ft"),
        ],
    ),
]


def hungarian_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Személyi kölcsön igénylőlap SZK-2025-0088417")
    pw, ph = A4
    c.setFont("Sans-Bold", 13)
    c.drawString(18 * mm, ph - 18 * mm, "Kisalföldi Takarék Zrt.")
    c.setFont("Sans", 7)
    c.drawString(
        18 * mm,
        ph - 23 * mm,
        "9021 Győr, Baross Gábor út 18. · Cg. 08-10-001447 · Adószám: 14471882-2-08 · MNB engedély: H-EN-I-447/2014 · www.kisalfoldi-takarek.example",
    )
    c.setFont("Sans-Bold", 12)
    c.drawRightString(pw - 18 * mm, ph - 31 * mm, "SZEMÉLYI KÖLCSÖN IGÉNYLŐLAP")
    c.setFont("Sans", 8)
    c.drawRightString(
        pw - 18 * mm, ph - 36 * mm, "Igénylés azonosító: SZK-2025-0088417 · Fiók: Győr-Belváros"
    )
    rows, style = (
        [],
        [
            ("FONT", (0, 0), (-1, -1), "Cond", 8.2),
            ("FONT", (1, 0), (1, -1), "Cond-Bold", 8.2),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#7a8a99")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ],
    )
    for title, pairs in HU:
        style += [
            ("SPAN", (0, len(rows)), (1, len(rows))),
            ("BACKGROUND", (0, len(rows)), (1, len(rows)), colors.HexColor("#0b4f6c")),
            ("TEXTCOLOR", (0, len(rows)), (1, len(rows)), colors.white),
            ("FONT", (0, len(rows)), (1, len(rows)), "Cond-Bold", 8.6),
        ]
        rows.append([title, ""])
        rows += [[a, b] for a, b in pairs]
    t = Table(rows, colWidths=[72 * mm, 102 * mm])
    t.setStyle(TableStyle(style))
    _w, h = t.wrapOn(c, pw, ph)
    t.drawOn(c, 18 * mm, ph - 42 * mm - h)
    y = ph - 48 * mm - h
    small = ParagraphStyle("s", fontName="Sans", fontSize=6.8, leading=8.4)
    for txt in (
        "Reprezentatív példa: hitelösszeg 1 000 000 Ft, futamidő 36 hónap, ügyleti kamat 13,49% (a futamidő végéig fix), "
        "THM 14,38%, havi törlesztőrészlet 33 924 Ft, a fogyasztó által fizetendő teljes összeg 1 221 264 Ft. A THM meghatározása a "
        "2025. szeptember 1-jén hatályos feltételek alapján történt. Igényelhető összeg 300 000 Ft – 10 000 000 Ft, futamidő 12–96 hónap.",
        "Kijelentem, hogy a fenti adatok a valóságnak megfelelnek. Hozzájárulok, hogy a Takarék a Központi Hitelinformációs Rendszerből "
        "(KHR) adatot kérjen le. Az adatkezelési tájékoztatót (hatályos: 2025. május 25.) megismertem.",
    ):
        p = Paragraph(txt, small)
        _par_w, par_h = p.wrap(174 * mm, 40 * mm)
        p.drawOn(c, 18 * mm, y - par_h)
        y -= par_h + 2.5 * mm
    y -= 8 * mm
    c.setFont("Sans", 9)
    c.drawString(18 * mm, y, "Kelt: Győr, 2025. október 14.")
    c.line(120 * mm, y, pw - 18 * mm, y)
    c.setFont("Sans", 7.5)
    c.drawString(120 * mm, y - 4 * mm, "Igénylő aláírása")
    y -= 14 * mm
    c.setFillColor(colors.HexColor("#eeeeee"))
    c.rect(18 * mm, y - 4 * mm, pw - 36 * mm, 9 * mm, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.setFont("Sans", 7.5)
    c.drawString(
        20 * mm,
        y,
        "A bank tölti ki:  Átvétel dátuma: 2025.10.15.   Ügyintéző: Kiss Anna (0447)   KHR lekérdezés: 2025.10.15. 09:12",
    )
    c.drawString(18 * mm, 8 * mm, "Nyomtatvány: SZK-01 (2025/09) · 1/1. oldal")
    c.showPage()
    c.save()
