# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""The Swedish CSV export (w07) and the Czech e-mail (w05) of the sixth held-out corpus."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path


def sweden_csv(path: Path) -> None:
    """w07: Swedish *kontoutdrag* CSV: a one-line preamble, semicolons, decimal comma, oldest booking first."""
    rows = [
        # (date, text, amount)
        ("2025-08-01", "HYRA BOSTADSBOLAGET MIMER", "-8420,00"),
        ("2025-08-02", "ICA KVANTUM VÄSTERÅS", "-1186,45"),
        ("2025-08-04", "AUTOGIRO SANTANDER CONSUMER LÅN", "-1386,00"),
        ("2025-08-05", "SWISH FRÅN ANNA BERGGREN", "350,00"),
        ("2025-08-07", "TELIA SVERIGE AB", "-449,00"),
        ("2025-08-11", "MÄLARENERGI ELNÄT", "-612,30"),
        ("2025-08-14", "WILLYS HEMMA", "-934,18"),
        ("2025-08-18", "SL/VL MÅNADSKORT", "-890,00"),
        ("2025-08-20", "BARNBIDRAG FÖRSÄKRINGSKASSAN", "1250,00"),
        ("2025-08-22", "KORTKÖP CIRCLE K", "-687,40"),
        ("2025-08-25", "LÖN VÄSTMANLANDS TRAFIK AB", "27845,00"),
        ("2025-08-26", "ÖVERFÖRING SPARKONTO", "-3000,00"),
        ("2025-08-28", "IF SKADEFÖRSÄKRING", "-318,00"),
        ("2025-08-29", "COOP VÄSTERÅS CITY", "-1412,66"),
        ("2025-09-01", "HYRA BOSTADSBOLAGET MIMER", "-8420,00"),
        ("2025-09-03", "AUTOGIRO SANTANDER CONSUMER LÅN", "-1386,00"),
        ("2025-09-04", "ICA KVANTUM VÄSTERÅS", "-1023,90"),
        ("2025-09-08", "TELIA SVERIGE AB", "-449,00"),
        ("2025-09-10", "MÄLARENERGI ELNÄT", "-587,75"),
        ("2025-09-12", "APOTEK HJÄRTAT", "-214,50"),
        ("2025-09-15", "SWISH TILL ERIK LUNDGREN", "-500,00"),
        ("2025-09-18", "SL/VL MÅNADSKORT", "-890,00"),
        ("2025-09-19", "BARNBIDRAG FÖRSÄKRINGSKASSAN", "1250,00"),
        ("2025-09-22", "SKATTEÅTERBÄRING SKATTEVERKET", "2184,00"),
        ("2025-09-25", "LÖN VÄSTMANLANDS TRAFIK AB", "27845,00"),
        ("2025-09-26", "ÖVERFÖRING SPARKONTO", "-3000,00"),
        ("2025-09-27", "IKEA VÄSTERÅS", "-2349,00"),
        ("2025-09-29", "IF SKADEFÖRSÄKRING", "-318,00"),
        ("2025-09-30", "WILLYS HEMMA", "-1102,37"),
    ]
    balance = 14812.40  # booked balance before 2025-08-01

    def num(s: str) -> float:
        return float(s.replace(",", "."))

    def fmt(v: float) -> str:
        return f"{v:.2f}".replace(".", ",")

    out = [
        "* Transaktioner Period 2025-08-01 – 2025-09-30 Skapad 2025-10-02 08:14 CEST",
        "Radnummer;Clearingnummer;Kontonummer;Produkt;Valuta;Bokföringsdag;Transaktionsdag;Valutadag;Referens;Beskrivning;Belopp;Bokfört saldo",
    ]
    for i, (d, text, amount) in enumerate(rows, start=1):
        balance = round(balance + num(amount), 2)
        out.append(
            f'{i};8214-7;924 553 118-6;"Privatkonto";SEK;{d};{d};{d};"{text[:20].rstrip()}";"{text}";{amount};{fmt(balance)}'
        )
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")


def czech_email(path: Path) -> None:
    """w05: the applicant's cover e-mail (quoted-printable UTF-8, as a mail client saves it)."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Martin Horák <martin.horak86@seznam.example>"
    msg["To"] = "uvery@polabska-sporitelna.example"
    msg["Subject"] = "Žádost o úvěr na ojeté auto – Martin Horák"
    msg["Date"] = "Tue, 09 Sep 2025 19:42:17 +0200"
    msg["Message-ID"] = "<a81f0c2e-5b1d-4e0a-9c4d-7f31e2b9d602@seznam.example>"
    body = """Dobrý den,

obracím se na Vás s žádostí o spotřebitelský úvěr ve výši 250 000 Kč na koupi
ojetého osobního automobilu (Škoda Octavia Combi, r. v. 2020, 78 000 km, cena
podle smlouvy s prodejcem 389 000 Kč, zbytek doplatíme z úspor). Splácet bych
chtěl 6 let, tedy 72 měsíců.

Jmenuji se Martin Horák, nar. 14. 2. 1986, bydliště Havlíčkova 612, 280 02 Kolín.
Od dubna 2017 pracuji jako seřizovač CNC strojů ve společnosti
Strojírny Polabí a.s. v Kolíně, mám pracovní smlouvu na dobu neurčitou. Moje
čistá mzda je
38 238 Kč měsíčně – přikládám výplatní pásku za srpen. Manželka pracuje jako
zdravotní sestra, její čistý příjem je asi 29 000 Kč, ale úvěr chci jen na sebe.

Bydlíme v pronajatém bytě 3+1, nájem včetně záloh na služby je 15 800 Kč
měsíčně. Máme jednu dceru (8 let).

Z jiných závazků splácím jen spotřebitelský úvěr u Home Creditu, splátka je
2 350 Kč měsíčně (zbývá asi 14 splátek). Kreditní kartu ani kontokorent nemám.

Na Vašem webu jsem viděl příklad: 200 000 Kč na 72 měsíců, splátka 3 612 Kč,
RPSN 9,9 %. Budu rád, když mi pošlete nabídku nebo napíšete, jaké další
doklady potřebujete. Jsem k zastižení na čísle 731 448 209 po 16. hodině.

Děkuji a přeji hezký den

Martin Horák
"""
    msg.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    path.write_bytes(msg.as_bytes())
