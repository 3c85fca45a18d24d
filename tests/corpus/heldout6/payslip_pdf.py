# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""w05's Czech pay slip PDF (the sixth held-out corpus; called by `make_documents.py`)."""

from __future__ import annotations

from pathlib import Path

from make_documents import H, W
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle


def czech_payslip(path: Path) -> None:
    """w05: Czech *výplatní páska* for August 2025 (text layer)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Výplatní páska 08/2025")
    c.setFont("Sans-Bold", 12)
    c.drawString(18 * mm, H - 20 * mm, "Strojírny Polabí a.s.")
    c.setFont("Sans", 7.5)
    c.drawString(
        18 * mm,
        H - 25 * mm,
        "Tovární 1183, 280 02 Kolín · IČO 26184711 · DIČ CZ26184711 · spisová značka B 8842 MS v Praze",
    )
    c.setFont("Sans-Bold", 14)
    c.drawRightString(W - 18 * mm, H - 20 * mm, "VÝPLATNÍ PÁSKA")
    c.setFont("Sans", 9)
    c.drawRightString(W - 18 * mm, H - 26 * mm, "Období: srpen 2025")

    def grid(rows, top, widths, bold_last=False):
        t = Table(rows, colWidths=widths)
        style = [
            ("FONT", (0, 0), (-1, -1), "Sans", 8.3),
            ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ]
        if bold_last:
            style.append(("FONT", (0, -1), (-1, -1), "Sans-Bold", 8.6))
        t.setStyle(TableStyle(style))
        _tw, th = t.wrapOn(c, W, H)
        t.drawOn(c, 18 * mm, top - th)
        return top - th - 5 * mm

    y = H - 34 * mm
    head = [
        ["Zaměstnanec", "Martin Horák", "Osobní číslo", "04127"],
        ["Rodné číslo", "860214/2291", "Středisko", "310 – Obrobna"],
        ["Pracovní poměr", "HPP, doba neurčitá", "Nástup", "03.04.2017"],
        ["Zdravotní pojišťovna", "111 – VZP ČR", "Účet pro výplatu", "2748113057/0800"],
    ]
    t = Table(head, colWidths=[36 * mm, 50 * mm, 36 * mm, 52 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Sans", 8.3),
                ("FONT", (0, 0), (0, -1), "Sans-Bold", 8.3),
                ("FONT", (2, 0), (2, -1), "Sans-Bold", 8.3),
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ]
        )
    )
    _tw, th = t.wrapOn(c, W, H)
    t.drawOn(c, 18 * mm, y - th)
    y -= th + 6 * mm
    y = grid(
        [
            ["Kód", "Mzdová složka", "Dny", "Hodiny", "Sazba", "Částka Kč"],
            ["100", "Základní mzda (měsíční)", "21", "168,0", "", "42 500,00"],
            ["210", "Příplatek za odpolední směnu", "", "84,0", "10,00", "840,00"],
            ["220", "Přesčas 25 %", "", "6,0", "316,22", "1 897,32"],
            ["310", "Prémie měsíční", "", "", "", "1 632,68"],
            ["", "HRUBÁ MZDA", "", "", "", "46 870,00"],
        ],
        y,
        [14 * mm, 66 * mm, 14 * mm, 18 * mm, 22 * mm, 40 * mm],
        bold_last=True,
    )
    y = grid(
        [
            ["Kód", "Odvody a daň", "Základ", "Sazba", "", "Částka Kč"],
            ["510", "Sociální pojištění zaměstnanec", "46 870", "7,1 %", "", "3 328,00"],
            ["520", "Zdravotní pojištění zaměstnanec", "46 870", "4,5 %", "", "2 110,00"],
            ["530", "Záloha na daň před slevami", "46 870", "15 %", "", "7 031,00"],
            ["531", "Sleva na poplatníka", "", "", "", "−2 570,00"],
            ["532", "Daňové zvýhodnění na dítě (1)", "", "", "", "−1 267,00"],
            ["", "Záloha na daň po slevách", "", "", "", "3 194,00"],
        ],
        y,
        [14 * mm, 66 * mm, 22 * mm, 18 * mm, 14 * mm, 40 * mm],
        bold_last=True,
    )
    y = grid(
        [
            ["Čistá mzda", "38 238,00"],
            ["Srážky ze mzdy", "0,00"],
            ["K výplatě (převodem na účet 15. 9. 2025)", "38 238,00"],
        ],
        y,
        [134 * mm, 40 * mm],
        bold_last=True,
    )
    y = grid(
        [
            ["Od začátku roku", "Hrubá mzda", "Záloha na daň", "Čistá mzda"],
            ["01–08/2025", "371 604,00", "25 102,00", "303 410,00"],
        ],
        y,
        [44 * mm, 44 * mm, 44 * mm, 42 * mm],
    )
    y = grid(
        [
            ["Dovolená", "nárok 25 dní", "čerpáno 14 dní", "zbývá 11 dní"],
            ["Průměrný výdělek pro PPV", "283,16 Kč/h", "Fond pracovní doby 08/2025", "168 h"],
        ],
        y,
        [44 * mm, 44 * mm, 50 * mm, 36 * mm],
    )
    c.setFont("Sans", 7)
    c.drawString(
        18 * mm,
        y,
        "Vyhotoveno 12. 9. 2025 mzdovou účtárnou. Reklamace do 15 dnů od doručení na mzdy@strojirny-polabi.cz.",
    )
    c.showPage()
    c.save()
