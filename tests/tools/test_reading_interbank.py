"""MT940 and camt.053 statement files, written here for the rule (not copies of tests/corpus/heldout7)."""

from __future__ import annotations

from application_fakes import text_document

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.content_kind import classify_document
from underwrite.tools.intake.extraction.facts import extract_facts
from underwrite.tools.intake.extraction.statement_swift import camt053_rows, mt940_rows

MT940 = """:20:STMT0925
:25:50010517/5566778899
:28C:9/1
:60F:C250831EUR2000,00
:61:2509010901DR700,00NDDTNONREF
:86:105?00LASTSCHRIFT?20SVWZ+MIETE SEPTEMBER WOHNU?21NG 4B?32HAUSVERWALTUNG RHEIN
:61:2509150915CR2500,00NTRFNONREF
:86:166?00GUTSCHRIFT?20SVWZ+LOHN GEHALT 09/2025?32MUSTER LOGISTIK GMBH
:61:2509200920DR150,00NDDTNONREF
:86:Kartenzahlung Supermarkt
:62F:C250930EUR3650,00
-
:20:STMT1025
:25:50010517/5566778899
:28C:10/1
:60F:C250930EUR3650,00
:61:2510011001DR700,00NDDTNONREF
:86:105?00LASTSCHRIFT?20SVWZ+MIETE OKTOBER WOHNUNG?21 4B?32HAUSVERWALTUNG RHEIN
:61:2510151015CR2500,00NTRFNONREF
:86:166?00GUTSCHRIFT?20SVWZ+LOHN GEHALT 10/2025?32MUSTER LOGISTIK GMBH
:61:2510201020RC50,00NTRFNONREF
:86:Storno Gutschrift
:62F:C251031EUR5400,00
-
"""

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>
<Ntry><Amt Ccy="EUR">2100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2025-06-25</Dt></BookgDt><NtryDtls><TxDtls>
<RltdPties><Dbtr><Pty><Nm>Acme BV</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>Salaris juni</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">850.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2025-06-28</Dt></BookgDt><AddtlNtryInf>Huur juli</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="EUR">40.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
<BookgDt><Dt>2025-06-29</Dt></BookgDt><AddtlNtryInf>pending card payment</AddtlNtryInf></Ntry>
<Ntry><Amt Ccy="EUR">60.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2025-06-30</Dt></BookgDt><AddtlNtryInf>Albert Heijn</AddtlNtryInf></Ntry>
</Stmt></BkToCstmrStmt></Document>
"""


def test_mt940_bookings_carry_their_direction_running_balance_and_purpose_text() -> None:
    rows = mt940_rows(MT940)
    assert [r.amount for r in rows] == [-700.0, 2500.0, -150.0, -700.0, 2500.0, -50.0]  # RC: a debit
    assert [r.balance for r in rows][2] == 3650.0 and rows[-1].balance == 5400.0  # as :62F: states
    assert rows[0].text == "LASTSCHRIFT HAUSVERWALTUNG RHEIN MIETE SEPTEMBER WOHNUNG 4B"  # ?20+?21 joined
    assert rows[1].quote.startswith(":61:2509150915CR2500,00") and "MUSTER LOGISTIK" in rows[1].quote


def test_an_mt940_file_is_a_statement_and_gives_its_averages() -> None:
    assert classify_document(MediaType.text, MT940) == "bank_statement"
    doc = text_document("bank_statement", MT940)
    facts = {f.name: f.value for f in extract_facts([doc])}
    assert facts["statement_avg_monthly_deposits"] == 2500.0
    assert facts["statement_avg_closing_balance"] == (3650.0 + 5400.0) / 2


def test_camt053_reads_booked_entries_only_with_the_counterparty_and_running_balance() -> None:
    rows = camt053_rows(CAMT)
    assert [(r.amount, r.balance) for r in rows] == [(2100.0, 2600.0), (-850.0, 1750.0), (-60.0, 1690.0)]
    assert rows[0].text == "Acme BV Salaris juni"
    assert classify_document(MediaType.xml, CAMT) == "bank_statement"


def test_text_that_only_mentions_the_tags_is_no_statement() -> None:
    assert mt940_rows(":20:REF\n:61: see below\nnothing booked") == []
    assert camt053_rows("<Document>camt.053 <Stmt></Stmt></Document>") == []
