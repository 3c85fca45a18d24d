"""v01: a German savings bank's SWIFT MT940 export (.sta, three monthly statements, August to
October 2025, ASCII, CRLF). Called by `make_documents.py`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from make_documents import write_text

OWN = ("BYLADEM1SWU", "DE54620512300012847391")
RENT = ("117", "NSTO", "DAUERAUFTRAG", "GENODES1SHA", "DE31620632630087124400", "WOHNBAU KOCHERTAL EG")
LOAN = ("105", "NDDT", "FOLGELASTSCHRIFT", "CMCIDEDDXXX", "DE17300209000442281173", "TARGOBANK AG")
PAY = (
    "153",
    "NTRF",
    "LOHN/GEHALT",
    "SOLADES1HDB",
    "DE88620500000004471920",
    "HOHENLOHER ANTRIEBSTECHNIK GMBH",
)
KIGE = (
    "166",
    "NTRF",
    "GUTSCHR. UEBERWEISUNG",
    "MARKDEF1760",
    "DE40760000000076001617",
    "BUNDESAGENTUR FUER ARBEIT - FAMILIENKASSE",
)
SWST = ("105", "NDDT", "LASTSCHRIFT", "SOLADES1KUN", "DE12620512300000418822", "STADTWERKE KUENZELSAU GMBH")
ALLI = ("105", "NDDT", "LASTSCHRIFT", "HYVEDEMMXXX", "DE77700202700015902044", "ALLIANZ VERSICHERUNGS-AG")
TELE = ("105", "NDDT", "LASTSCHRIFT", "DEUTDEDBXXX", "DE42700700100211133300", "TELEKOM DEUTSCHLAND GMBH")
AMZN = (
    "105",
    "NDDT",
    "LASTSCHRIFT",
    "DEUTDEFFXXX",
    "DE87300308800013302026",
    "AMAZON PAYMENTS EUROPE S.C.A.",
)
PYPL = (
    "105",
    "NDDT",
    "LASTSCHRIFT",
    "DEUTDEFFXXX",
    "DE88500700100175526303",
    "PAYPAL EUROPE S.A.R.L. ET CIE S.C.A",
)
RUND = ("105", "NDDT", "LASTSCHRIFT", "WELADEDDXXX", "DE35300500000001302024", "RUNDFUNK ARD, ZDF, DRADIO")
SAVE = ("116", "NTRF", "ONLINE-UEBERWEISUNG", "INGDDEFFXXX", "DE62500105175419033812", "KELLER, SANDRA")
PAUL = ("166", "NTRF", "GUTSCHR. UEBERWEISUNG", "GENODEF1HN1", "DE15620901000210044718", "KELLER, PAUL")
CASH = ("083", "NMSC", "BARGELDAUSZAHLUNG", "", "", "")
FEE = ("805", "NCHG", "ENTGELTABSCHLUSS", "", "", "")


def card(shop: str, bic: str, iban: str) -> tuple[str, ...]:
    return ("106", "NMSC", "KARTENZAHLUNG", bic, iban, shop)


REWE = card("REWE MARKT GMBH//KUENZELSAU/DE", "COBADEFFXXX", "DE62370400440532013000")
ARAL = card("ARAL STATION 4471//KUENZELSAU/DE", "DEUTDEDBESS", "DE97360700500113407000")
DM = card("DM-DROGERIE MARKT//KUENZELSAU/DE", "SOLADEST600", "DE07600501010002118822")
EDEKA = card("EDEKA FRISCHEMARKT HERMANN//INGELFINGEN/DE", "GENODES1VHL", "DE26620632630004471900")
LIDL = card("LIDL DIENSTLEISTUNG//KUENZELSAU/DE", "PBNKDEFFXXX", "DE32600100700021122702")
MEDIA = card("MEDIAMARKT 1143//HEILBRONN/DE", "COBADEFFXXX", "DE75370400440588017700")


def month(m: int, sal: str, rent: str, extra: list) -> list:
    """One month's bookings: (day, kind, amount, purpose lines)."""
    mm = f"{m:02d}/2025"
    rows = [
        (1, RENT, "-985.00", ["EREF+NOTPROVIDED", f"SVWZ+MIETE {mm} INKL. NK", rent]),
        (
            1,
            LOAN,
            "-246.18",
            [
                f"EREF+KR4471208833-25{m:02d}",
                "MREF+KR4471208833",
                "CRED+DE69ZZZ00000000539",
                f"SVWZ+RATE {mm} RATENKREDIT",
                " NR. 4471208833 RESTSCHULD",
                " LT. KONTOAUSZUG TARGOBANK",
            ],
        ),
        (
            4,
            SWST,
            "-118.00",
            [
                f"EREF+SWK-25{m:02d}-200184476",
                "MREF+SWK-200184476",
                "CRED+DE41ZZZ00000118822",
                f"SVWZ+ABSCHLAG {mm} STROM/GA",
                "S VERTRAGSKONTO 200184476",
            ],
        ),
        (
            5,
            ALLI,
            "-46.20",
            [
                "EREF+AZ-AS4471123-8",
                "MREF+AS-4471123/8-01",
                "CRED+DE83ZZZ00000017015",
                "SVWZ+KFZ-VERSICHERUNG VS-NR",
                f" AS-4471123/8 BEITRAG {mm}",
            ],
        ),
        (
            8,
            TELE,
            "-39.95",
            [
                f"EREF+TK{m:02d}25-55712884",
                "MREF+T-55712884-0001",
                "CRED+DE93ZZZ00000078611",
                f"SVWZ+RECHNUNG {m:02d}/25 KD-NR 55",
                "712884 FESTNETZ+INTERNET",
            ],
        ),
        (15, KIGE, "255.00", ["EREF+FK115FK447120", f"SVWZ+KINDERGELD {mm} KG-N", "R 115FK447120"]),
        (22, SAVE, "-200.00", ["EREF+NOTPROVIDED", "SVWZ+SPARPLAN TAGESGELD"]),
        (
            int(sal[:2]),
            PAY,
            "2946.70",
            [
                f"EREF+LOHN{m:02d}2025-20417",
                f"SVWZ+LOHN/GEHALT {m:02d}.2025 P",
                "ERS-NR 20417 HOHENLOHER AN",
                "TRIEBSTECHNIK",
            ],
        ),
        (
            29,
            PYPL,
            "-12.99",
            [
                "EREF+1040071128 PP.4471.PP",
                "MREF+5VWJ224QBVJ4S",
                "CRED+LU96ZZZ0000000000000000058",
                "SVWZ+PP.4471.PP . SPOTIFY,",
                " IHR EINKAUF BEI SPOTIFY",
            ],
        ),
        (
            int(sal[3:]),
            FEE,
            "-6.90",
            [f"ENTGELT KONTOFUEHRUNG {mm}", "GIROKONTO KOMFORT 6,90 EUR", "SOLLZINS DISPO 11,25 % P.A."],
        ),
    ]
    return sorted(rows + extra, key=lambda r: r[0])


def cardrow(day: int, kind, amount: str, stamp: str) -> tuple:
    return (day, kind, amount, [f"SVWZ+{stamp} KFN 1 VJ 2712", " GIROCARD"])


MONTHS = {
    8: month(
        8,
        "27-29",
        " WHG 3.OG LINKS KELLER",
        [
            cardrow(2, REWE, "-63.47", "2025-08-01T17.41"),
            cardrow(6, ARAL, "-71.90", "2025-08-05T07.12"),
            (
                11,
                AMZN,
                "-28.99",
                [
                    "EREF+305-4471128-2265110",
                    "MREF+1WG4YBS7EK8JXHHF",
                    "CRED+DE94ZZZ00000561653",
                    "SVWZ+305-4471128-2265110 A",
                    "MZN MKTP DE",
                ],
            ),
            cardrow(12, DM, "-24.15", "2025-08-11T18.03"),
            (18, CASH, "-150.00", ["GA NR00004471 BLZ62051230 0", "18.08/10.22UHR KUENZELSAU"]),
            cardrow(19, EDEKA, "-87.32", "2025-08-18T16.55"),
            cardrow(28, LIDL, "-54.81", "2025-08-27T19.20"),
        ],
    ),
    9: month(
        9,
        "26-30",
        " WHG 3.OG LINKS KELLER",
        [
            cardrow(2, REWE, "-58.12", "2025-09-01T18.02"),
            cardrow(9, ARAL, "-68.40", "2025-09-08T07.31"),
            (
                10,
                AMZN,
                "28.99",
                ["EREF+305-4471128-2265110", "SVWZ+ERSTATTUNG 305-4471128", "-2265110 AMZN MKTP DE"],
            ),
            cardrow(12, DM, "-19.80", "2025-09-11T17.47"),
            (
                15,
                RUND,
                "-55.08",
                [
                    "EREF+RBS447112883-2509",
                    "MREF+447112883",
                    "CRED+DE61ZZZ00000004001",
                    "SVWZ+RUNDFUNK 07.2025 - 09.",
                    "2025 BEITRAGSNR. 447112883",
                ],
            ),
            cardrow(17, EDEKA, "-92.64", "2025-09-16T17.09"),
            (19, CASH, "-100.00", ["GA NR00004471 BLZ62051230 0", "19.09/12.04UHR KUENZELSAU"]),
            cardrow(29, LIDL, "-61.07", "2025-09-27T10.36"),
        ],
    ),
    10: month(
        10,
        "28-31",
        " WHG 3.OG LINKS KELLER",
        [
            cardrow(3, REWE, "-71.38", "2025-10-02T18.12"),
            cardrow(7, ARAL, "-74.15", "2025-10-06T07.05"),
            (13, PAUL, "340.00", ["EREF+NOTPROVIDED", "SVWZ+ANTEIL FERIENWOHNUNG S", "YLT SEPT. 2025 DANKE"]),
            cardrow(14, DM, "-27.45", "2025-10-13T17.58"),
            cardrow(16, MEDIA, "-149.00", "2025-10-15T14.27"),
            (20, CASH, "-150.00", ["GA NR00004471 BLZ62051230 0", "20.10/09.51UHR KUENZELSAU"]),
            cardrow(29, LIDL, "-49.93", "2025-10-28T19.02"),
        ],
    ),
}
OPENING = Decimal("1426.83")  # booked balance at 31 July 2025


def mt_amount(v: Decimal) -> str:
    return f"{abs(v):.2f}".replace(".", ",")


def field86(
    gvc: str, text: str, purposes: list[str], bic: str, iban: str, name: str, prima: str
) -> list[str]:
    """A German-style structured :86: (?00 booking text, ?10 prima nota, ?20-?29 and ?60-?63 purpose in
    pieces of 27 characters, ?30 BIC, ?31 IBAN, ?32/?33 name), wrapped at 65 characters a line."""
    parts = [p[i : i + 27] for p in purposes for i in range(0, len(p), 27)]
    s = f"{gvc}?00{text}?10{prima}" + "".join(
        f"?{20 + i if i < 10 else 50 + i}{p}" for i, p in enumerate(parts)
    )
    if bic:
        s += f"?30{bic}?31{iban}?32{name[:27]}" + (f"?33{name[27:54]}" if len(name) > 27 else "")
    s += "?34" + ("992" if gvc in ("105", "106") else "000")
    first, rest = ":86:" + s[:61], s[61:]
    return [first] + [rest[i : i + 65] for i in range(0, len(rest), 65)]


def mt940(path: Path) -> None:
    lines: list[str] = []
    balance = OPENING
    last = dt.date(2025, 7, 31)
    for no, (m, rows) in enumerate(MONTHS.items(), start=8):
        lines += [":20:STARTUMSE", ":25:62051230/0012847391", f":28C:{no:05d}/001"]
        lines.append(f":60F:{'C' if balance >= 0 else 'D'}{last:%y%m%d}EUR{mt_amount(balance)}")
        for i, (day, kind, amount, purposes) in enumerate(rows):
            gvc, swift, text, bic, iban, name = kind
            v = Decimal(amount)
            d = dt.date(2025, m, day)
            balance += v
            mark = "CR" if v > 0 else "DR"
            lines.append(
                f":61:{d:%y%m%d}{d:%m%d}{mark}{mt_amount(v)}{swift}NONREF//{m:02d}{day:02d}{i + 1:03d}4471"
            )
            lines += field86(gvc, text, purposes, bic, iban, name, f"{9100 + 7 * i + m:04d}")
            last = d
        lines.append(f":62F:C{last:%y%m%d}EUR{mt_amount(balance)}")
        if m == 10:
            lines.append(f":64:C{last:%y%m%d}EUR{mt_amount(balance - Decimal('42.50'))}")
            lines += [
                ":86:?00VORGEMERKTE KARTENUMSAETZE 42,50 EUR NICHT",
                "?20IM SALDO ENTHALTEN. EINGERAEUMTE UEBERZIEHUNG",
                "?212.000,00 EUR, SOLLZINS 11,25 % P.A., STAND 03.11.2025",
            ]
        else:
            lines.append(f":64:C{last:%y%m%d}EUR{mt_amount(balance)}")
        lines.append("-")
    write_text(path, "\n".join(lines) + "\n", newline="\r\n", encoding="ascii")
