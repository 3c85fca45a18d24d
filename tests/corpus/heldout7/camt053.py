# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""v02: a Dutch bank's ISO 20022 camt.053.001.02 export (two monthly statements, October and
November 2025). Called by `make_documents.py`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from make_documents import write_text

ME = ("M.J. de Vries", "NL27NRDB0551832074")
C_RENT = ("Woonstichting De Linge", "NL64RABO0301448820", "PMNT", "ICDT", "STDO")
C_LOAN = ("Veluwse Krediet Maatschappij B.V.", "NL10INGB0007718243", "PMNT", "IDDT", "ESDD")
C_SAL = ("Gelderse Installatietechniek B.V.", "NL91ABNA0417164300", "PMNT", "RCDT", "ESCT")


def pos(shop: str) -> tuple:
    return (shop, "", "PMNT", "CCRD", "POSD")


def dd(name: str, iban: str) -> tuple:
    return (name, iban, "PMNT", "IDDT", "ESDD")


def ct_in(name: str, iban: str) -> tuple:
    return (name, iban, "PMNT", "RCDT", "ESCT")


VATT = dd("Vattenfall Klantenservice N.V.", "NL21INGB0000111777")
ZK = dd("Zilveren Kruis Zorgverzekeringen N.V.", "NL42INGB0000004575")
NS = dd("NS Reizigers B.V.", "NL46INGB0000007210")
ODIDO = dd("Odido Netherlands B.V.", "NL09ABNA0469866066")
GEM = dd("Gemeente Overbetuwe", "NL33BNGH0285047322")
BD = ct_in("Belastingdienst Toeslagen", "NL86INGB0002445588")
OWN_SAVE = ("M.J. de Vries", "NL75NRDB0551832112", "PMNT", "ICDT", "ESCT")
FEES = ("", "", "ACMT", "MDOP", "CHRG")

CAMT = {
    10: [
        ("01", C_RENT, "-1124.50", "Huur oktober 2025 Kerkstraat 14-B Elst huurcontract 20817-4"),
        ("01", VATT, "-138.00", "Termijnbedrag oktober 2025 klantnummer 400172288 energie"),
        ("02", ZK, "-143.65", "Premie zorgverzekering oktober 2025 relatienummer 118234419"),
        (
            "03",
            pos("Albert Heijn 1432 ARNHEM"),
            "-38.42",
            "Pasvolgnr 003 03-10-2025 18:22 Transactie 7H9K41 Term 4471AB",
        ),
        (
            "03",
            ct_in("Sociale Verzekeringsbank", "NL39ABNA0404044117"),
            "298.48",
            "Kinderbijslag 3e kwartaal 2025 kenmerk 01-4471-882",
        ),
        ("06", C_LOAN, "-276.34", "Aflossing persoonlijke lening 0071182493 termijn 14 van 60"),
        (
            "06",
            pos("Jumbo Elst Dorpsstraat"),
            "-51.20",
            "Pasvolgnr 003 06-10-2025 17:05 Transactie 2KD91X Term 00J771",
        ),
        (
            "07",
            ct_in("AAB INZ TIKKIE", "NL13ABNA0814113466"),
            "19.75",
            "Tikkie ID 001122334455 etentje zaterdag van J. Bakker",
        ),
        ("10", NS, "-64.00", "NS Flex Dal Voordeel oktober 2025 klantnr 3528 4471 0091"),
        (
            "14",
            pos("Kruidvat 7118 ELST GLD"),
            "-22.49",
            "Pasvolgnr 003 14-10-2025 12:40 Transactie 9ZP20A Term 7118K2",
        ),
        ("20", BD, "154.00", "Zorgtoeslag 2025 oktober 1234.56.789.T.55.0110"),
        ("22", ODIDO, "-14.99", "Odido factuur 2025-10 klantnummer 1.40087712"),
        ("24", C_SAL, "3318.27", "Salaris oktober 2025 pers.nr 3307 netto"),
        ("27", OWN_SAVE, "-250.00", "Naar Spaarrekening Vakantie"),
        (
            "28",
            pos("Albert Heijn 1432 ARNHEM"),
            "-47.86",
            "Pasvolgnr 003 28-10-2025 18:51 Transactie 4LM02C Term 4471AB",
        ),
        ("31", FEES, "-3.45", "Kosten Betaalpakket Basis oktober 2025"),
    ],
    11: [
        ("03", C_RENT, "-1124.50", "Huur november 2025 Kerkstraat 14-B Elst huurcontract 20817-4"),
        ("03", VATT, "-138.00", "Termijnbedrag november 2025 klantnummer 400172288 energie"),
        ("03", ZK, "-143.65", "Premie zorgverzekering november 2025 relatienummer 118234419"),
        (
            "04",
            pos("Albert Heijn 1432 ARNHEM"),
            "-41.17",
            "Pasvolgnr 003 04-11-2025 18:09 Transactie 1QW77T Term 4471AB",
        ),
        ("05", C_LOAN, "-276.34", "Aflossing persoonlijke lening 0071182493 termijn 15 van 60"),
        (
            "07",
            pos("Jumbo Elst Dorpsstraat"),
            "-63.02",
            "Pasvolgnr 003 07-11-2025 17:44 Transactie 8RT55B Term 00J771",
        ),
        ("10", NS, "-64.00", "NS Flex Dal Voordeel november 2025 klantnr 3528 4471 0091"),
        (
            "12",
            ct_in("bol.com b.v.", "NL39RABO0300065264"),
            "24.99",
            "Terugbetaling bestelling 1004471882 retour",
        ),
        (
            "17",
            pos("Praxis Arnhem Kronenburg"),
            "-89.95",
            "Pasvolgnr 003 15-11-2025 11:18 Transactie 6YH31D Term P0447A",
        ),
        ("20", BD, "154.00", "Zorgtoeslag 2025 november 1234.56.789.T.55.0111"),
        ("21", GEM, "-35.00", "Gemeentelijke belastingen 2025 aanslag 4471.8820 termijn 9 van 10"),
        ("24", ODIDO, "-14.99", "Odido factuur 2025-11 klantnummer 1.40087712"),
        ("24", C_SAL, "3318.27", "Salaris november 2025 pers.nr 3307 netto"),
        ("25", OWN_SAVE, "-250.00", "Naar Spaarrekening Vakantie"),
        (
            "27",
            pos("Albert Heijn 1432 ARNHEM"),
            "-52.33",
            "Pasvolgnr 003 27-11-2025 19:02 Transactie 5BN66E Term 4471AB",
        ),
        ("28", FEES, "-3.45", "Kosten Betaalpakket Basis november 2025"),
    ],
}
CAMT_OPENING = Decimal("1842.16")  # booked balance at the end of 30 September 2025


def bal(code: str, amount: Decimal, day: str) -> str:
    ind = "CRDT" if amount >= 0 else "DBIT"
    return f'      <Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(amount):.2f}</Amt><CdtDbtInd>{ind}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>'


def entry(m: int, n: int, day: str, party: tuple, amount: str, text: str) -> list[str]:
    name, iban, domain, family, sub = party
    v = Decimal(amount)
    ind = "CRDT" if v > 0 else "DBIT"
    d = f"2025-{m:02d}-{day}"
    ref = f"NRDB{m:02d}{day}{n:04d}4471"
    rel = []
    other = "Dbtr" if v > 0 else "Cdtr"
    parties = {}
    if name:
        mine = "Cdtr" if v > 0 else "Dbtr"
        parties[mine] = (
            f"<{mine}><Nm>{ME[0]}</Nm></{mine}><{mine}Acct><Id><IBAN>{ME[1]}</IBAN></Id></{mine}Acct>"
        )
        parties[other] = f"<{other}><Nm>{name.replace('&', '&amp;')}</Nm></{other}>" + (
            f"<{other}Acct><Id><IBAN>{iban}</IBAN></Id></{other}Acct>" if iban else ""
        )
        rel = [parties["Dbtr"], parties["Cdtr"]]
    purp = "<Purp><Cd>SALA</Cd></Purp>" if party is C_SAL else ""
    mandate = f"<MndtId>MND{iban[-10:]}01</MndtId>" if family == "IDDT" else ""
    e2e = f"{text.split()[0].upper()[:8]}-{m:02d}{day}-{n:03d}" if family != "CCRD" else "NOTPROVIDED"
    lines = [
        "      <Ntry>",
        f'        <Amt Ccy="EUR">{abs(v):.2f}</Amt><CdtDbtInd>{ind}</CdtDbtInd><Sts>BOOK</Sts>',
        f"        <BookgDt><Dt>{d}</Dt></BookgDt><ValDt><Dt>{d}</Dt></ValDt><AcctSvcrRef>{ref}</AcctSvcrRef>",
        f"        <BkTxCd><Domn><Cd>{domain}</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>",
        "        <NtryDtls><TxDtls>",
        f"          <Refs><AcctSvcrRef>{ref}</AcctSvcrRef><EndToEndId>{e2e}</EndToEndId>{mandate}</Refs>",
        f'          <AmtDtls><TxAmt><Amt Ccy="EUR">{abs(v):.2f}</Amt></TxAmt></AmtDtls>',
        f"          <RltdPties>{''.join(rel)}</RltdPties>{purp}" if rel else "",
        f"          <RmtInf><Ustrd>{text}</Ustrd></RmtInf>",
        "        </TxDtls></NtryDtls>",
        "      </Ntry>",
    ]
    return [line for line in lines if line]


def camt053(path: Path) -> None:
    x = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        "  <BkToCstmrStmt>",
        "    <GrpHdr><MsgId>NRDB-CAMT053-20251201-061240-0551832074</MsgId><CreDtTm>2025-12-01T06:12:40+01:00</CreDtTm>"
        "<MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn><AddtlInf>Noorderbank N.V. - rekeningafschrift op verzoek, periode 01-10-2025 t/m 30-11-2025</AddtlInf></GrpHdr>",
    ]
    balance = CAMT_OPENING
    ends = {10: "2025-10-31", 11: "2025-11-30"}
    for seq, (m, rows) in enumerate(CAMT.items(), start=10):
        opening = balance
        credits = [Decimal(a) for _, _, a, _ in rows if Decimal(a) > 0]
        debits = [-Decimal(a) for _, _, a, _ in rows if Decimal(a) < 0]
        balance = opening + sum(credits) - sum(debits)
        net = sum(credits) - sum(debits)
        x += [
            "    <Stmt>",
            f"      <Id>0551832074-2025-{m:02d}</Id><ElctrncSeqNb>{seq}</ElctrncSeqNb><LglSeqNb>{seq}</LglSeqNb>",
            f"      <CreDtTm>2025-12-01T06:12:40+01:00</CreDtTm><FrToDt><FrDtTm>2025-{m:02d}-01T00:00:00+01:00</FrDtTm><ToDtTm>{ends[m]}T23:59:59+01:00</ToDtTm></FrToDt>",
            f"      <Acct><Id><IBAN>{ME[1]}</IBAN></Id><Ccy>EUR</Ccy><Nm>Betaalrekening Basis</Nm><Ownr><Nm>{ME[0]}</Nm>"
            "<PstlAdr><StrtNm>Kerkstraat</StrtNm><BldgNb>14-B</BldgNb><PstCd>6661 CK</PstCd><TwnNm>Elst</TwnNm><Ctry>NL</Ctry></PstlAdr></Ownr>"
            "<Svcr><FinInstnId><BIC>NRDBNL2A</BIC><Nm>Noorderbank N.V.</Nm></FinInstnId></Svcr></Acct>",
            bal("OPBD", opening, f"2025-{m:02d}-01"),
            bal("CLBD", balance, ends[m]),
            bal("CLAV", balance + Decimal("1000.00"), ends[m]),
            f"      <TxsSummry><TtlNtries><NbOfNtries>{len(rows)}</NbOfNtries><Sum>{sum(credits) + sum(debits):.2f}</Sum>"
            f"<TtlNetNtryAmt>{abs(net):.2f}</TtlNetNtryAmt><CdtDbtInd>{'CRDT' if net >= 0 else 'DBIT'}</CdtDbtInd></TtlNtries>"
            f"<TtlCdtNtries><NbOfNtries>{len(credits)}</NbOfNtries><Sum>{sum(credits):.2f}</Sum></TtlCdtNtries>"
            f"<TtlDbtNtries><NbOfNtries>{len(debits)}</NbOfNtries><Sum>{sum(debits):.2f}</Sum></TtlDbtNtries></TxsSummry>",
        ]
        for n, (day, party, amount, text) in enumerate(rows, start=1):
            x += entry(m, n, day, party, amount, text)
        x += [
            "      <AddtlStmtInf>Beschikbaar saldo inclusief kredietlimiet EUR 1.000,00. Rente debetstand 12,40% op jaarbasis. "
            "Vragen? Bel 020 447 1800 of kijk op noorderbank.nl/afschrift.</AddtlStmtInf>",
            "    </Stmt>",
        ]
    x += ["  </BkToCstmrStmt>", "</Document>"]
    write_text(path, "\n".join(x) + "\n")
