"""Money in another currency is never used as EUR: each form of stating a currency, conversion, flags."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, Page, SourceSpan
from underwrite.tools.checks.ratios import compute_ratios
from underwrite.tools.intake.extraction.conversion import (
    CONVERTED,
    MIXED,
    RATES_FILE,
    UNCONVERTED,
    Rates,
    RateTable,
    apply_currency,
    configured_rates,
    flag_messages,
    to_application_currency,
)
from underwrite.tools.intake.extraction.currency import codes_in, declared_codes

TABLE = RateTable(
    as_of=date(2026, 11, 30),
    source="test table",
    rates={"USD": 1.25, "GBP": 0.8, "CNY": 7.8125, "CHF": 0.9, "PLN": 4.0},
)
RATES = Rates(TABLE)


def _doc(text: str, media: MediaType = MediaType.text, kind: str = "application_form") -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        doc_id=sha[:16],
        filename="doc.txt",
        media_type=media,
        sha256=sha,
        size_bytes=len(text.encode()),
        pages=[Page(number=1, text=text)],
        kind=kind,
    )


def _fact(doc: Document, number: str, value: float, name: str = "monthly_net_income") -> Fact:
    start = doc.pages[0].text.index(number)
    end = start + len(number)
    span = SourceSpan(doc_id=doc.doc_id, page=1, start=start, end=end, quote=number)
    return Fact(name=name, value=value, unit="EUR", source=span, method=FactMethod.form)


@pytest.mark.parametrize(
    ("line", "number", "code"),
    [
        ("Loan amount: £9,750", "£9,750", "GBP"),
        ("Credit amount sought: USD 8,500", "8,500", "USD"),
        ("Monthly take-home income: $4,200", "4,200", "USD"),
        ("月收入：8,500元", "8,500", "CNY"),
        ("年收入：10.2万元", "10.2", "CNY"),
        ("金额为人民币30,000元，分24个月还清", "30,000", "CNY"),
        ("税后月收入：¥12,000", "12,000", "CNY"),
        ("月收入：5000美元", "5000", "USD"),
        ("Wynagrodzenie netto: 6 200 zł", "6 200", "PLN"),
        ("Nettolohn: Fr. 6'200", "6'200", "CHF"),
        ("Nettolohn: 6'200 CHF", "6'200", "CHF"),
        ("Kreditbetrag: EUR 12.000,--", "12.000", "EUR"),
        ("Net income (USD): 4,000", "4,000", "USD"),  # the label says it
        ("Nettoeinkommen: 2.500 €", "2.500", "EUR"),
        ("Nettoeinkommen: 2.500", "2.500", "EUR"),  # nothing stated: the application currency
        ("Betreuerin Fr. Roth; Einkommen 2.500", "2.500", "EUR"),  # "Fr." is Frau here, not francs
        ("住址：3单元；月收入 8,500", "8,500", "EUR"),  # 元 in 单元 (a flat) is no currency
    ],
)
def test_each_way_of_stating_a_currency(line: str, number: str, code: str) -> None:
    doc = _doc(line)
    facts, notes = to_application_currency([_fact(doc, number, 1000.0)], [doc], RATES)
    if code == "EUR":
        assert facts[0].value == 1000.0 and facts[0].conversion is None and not notes
    else:
        assert facts[0].conversion is not None and facts[0].conversion.currency == code
        assert facts[0].value == round(1000.0 / TABLE.rates[code], 2)


def test_a_column_header_and_a_feed_field_state_the_currency_of_their_document() -> None:
    csv = _doc("Datum;Buchungstext;Betrag (USD);Saldo\n01.03.2025;Gehalt;3.000,00;3.500,00\n", MediaType.csv)
    fact = _fact(csv, "3.000,00", 3000.0, "statement_avg_monthly_deposits")
    assert to_application_currency([fact], [csv], RATES)[0][0].value == 2400.0
    feed = {"account": {"currency": "GBP"}, "transactions": [{"amount": "1600.00", "currency": "GBP"}]}
    doc = _doc(json.dumps(feed), MediaType.json, "bank_statement")
    fact = _fact(doc, "1600.00", 1600.0, "statement_avg_monthly_deposits")
    converted = to_application_currency([fact], [doc], RATES)[0][0]
    assert converted.value == 2000.0 and converted.conversion and converted.conversion.currency == "GBP"


def test_a_converted_fact_keeps_amount_currency_and_rate() -> None:
    doc = _doc("税后月收入：18,000元")
    facts, notes = to_application_currency([_fact(doc, "18,000", 18000.0)], [doc], RATES)
    fact = facts[0]
    assert fact.value == 2304.0 and fact.unit == "EUR/month"
    assert fact.conversion is not None
    assert (fact.conversion.amount, fact.conversion.currency, fact.conversion.per_eur) == (
        18000.0,
        "CNY",
        7.8125,
    )
    assert fact.conversion.table_date == "2026-11-30" and fact.conversion.table_source == "test table"
    assert fact.source is not None and fact.source.quote == "18,000"  # the document's own text
    said = [n.text for n in notes if n.flag == CONVERTED]
    assert "CNY 18,000.00/month at 0.128000 EUR/CNY (rate table of 2026-11-30)" in said[0]
    assert said[-1] == "rates: test table"


def test_no_rate_leaves_the_field_unread_and_says_so() -> None:
    doc = _doc("Monthly take-home income: $4,200\nTerm: 24 months")
    no_usd = Rates(RateTable(as_of=date(2026, 11, 30), source="t", rates={"GBP": 0.8}))
    facts = apply_currency([_fact(doc, "4,200", 4200.0)], [doc], no_usd)
    assert facts == []
    assert UNCONVERTED in doc.flags
    (message,) = flag_messages(doc, UNCONVERTED)
    assert message.startswith("Net monthly income stated in USD")
    assert message.endswith("no conversion rate configured for USD — enter the EUR amount")
    apply_currency([_fact(doc, "4,200", 4200.0)], [doc], no_usd)
    assert doc.flags.count(UNCONVERTED) == 1 and len(flag_messages(doc, UNCONVERTED)) == 1


def test_a_rate_table_that_cannot_be_read_converts_nothing(tmp_path, monkeypatch) -> None:
    from underwrite.core.settings import reset_settings_cache

    monkeypatch.setenv("UW_FX_RATES", str(tmp_path / "missing.json"))
    reset_settings_cache()
    try:
        rates = configured_rates()
        assert rates.table is None and rates.problem and "does not exist" in rates.problem
        doc = _doc("Loan amount: £9,750")
        facts, notes = to_application_currency([_fact(doc, "£9,750", 9750.0, "loan_amount")], [doc])
        assert facts == [] and "missing.json does not exist" in notes[0].text
    finally:
        monkeypatch.delenv("UW_FX_RATES")
        reset_settings_cache()


def test_a_zero_needs_no_rate_and_text_values_are_left_alone() -> None:
    doc = _doc("其他每月还款：0 元")
    zero = _fact(doc, "0", 0.0, "monthly_debt_payments").model_copy(update={"unit": "CNY/month"})
    facts, notes = to_application_currency([zero], [doc], Rates(None, "none"))
    assert facts[0].value == 0.0 and facts[0].unit == "EUR/month" and not notes


def test_a_document_mixing_currencies_is_flagged() -> None:
    doc = _doc("I ask for a loan of £4,800.\nMy net monthly income is 2,390 EUR.")
    facts = apply_currency(
        [_fact(doc, "£4,800", 4800.0, "loan_amount"), _fact(doc, "2,390", 2390.0)], [doc], RATES
    )
    assert [f.value for f in facts] == [6000.0, 2390.0]  # each in its own currency
    assert MIXED in doc.flags
    assert flag_messages(doc, MIXED) == [
        "amounts in GBP and EUR in one document — check which currency each figure is in"
    ]


def test_ratios_run_on_converted_amounts() -> None:
    doc = _doc("Loan amount: EUR 12,000\nNet monthly income: USD 3,000\nRent: EUR 900")
    facts = [
        _fact(doc, "12,000", 12000.0, "loan_amount"),
        _fact(doc, "3,000", 3000.0),
        _fact(doc, "900", 900.0, "monthly_housing_cost"),
    ]
    values = {f.name: f.value for f in to_application_currency(facts, [doc], RATES)[0]}
    assert values["monthly_net_income"] == 2400.0
    ratios = compute_ratios({**values, "loan_term_months": 36, "interest_rate_pct": 0})
    assert ratios.dti == round((900 + 12000 / 36) / 2400, 4)


def test_the_packaged_table_says_where_its_rates_come_from_and_their_date() -> None:
    table = RateTable.model_validate_json(RATES_FILE.read_text(encoding="utf-8"))
    assert table.as_of == date(2026, 10, 30) and "ECB" in table.source
    assert {"USD", "GBP", "CHF", "CNY", "PLN"} <= set(table.rates) and "EUR" not in table.rates
    assert all(rate > 0 for rate in table.rates.values())


def test_codes_in_lists_every_currency_named() -> None:
    assert codes_in("£4,800 and 2,390 EUR") == ["GBP", "EUR"]
    assert codes_in("Fr. Müller, Wohnung 3单元") == []


def test_a_feed_with_transactions_in_a_second_currency_is_flagged() -> None:
    rows = [{"amount": "2500.00", "currency": "EUR"}, {"amount": "300.00", "currency": "USD"}]
    doc = _doc(json.dumps({"account": {"currency": "EUR"}, "transactions": rows}), MediaType.json)
    fact = _fact(doc, "2500.00", 2500.0, "statement_avg_monthly_deposits")
    facts = apply_currency([fact], [doc], RATES)
    assert facts[0].value == 2500.0 and facts[0].conversion is None  # the account's currency
    assert flag_messages(doc, MIXED) == [
        "amounts in EUR and USD in one document — check which currency each figure is in"
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Datum;Text;Betrag (USD);Saldo", "USD"),
        ("日期,摘要,金额（元）,余额（元）", "CNY"),
        ("Betrag (in CHF)", "CHF"),
        ("Währung: Euro", "EUR"),
        ("币种：人民币", "CNY"),
        ('"Amount": {"Amount": "12.00", "Currency": "GBP"}', "GBP"),
        ("Waluta: PLN", "PLN"),
    ],
)
def test_a_document_declares_its_currency(text: str, code: str) -> None:
    assert declared_codes(text)[0] == code


def test_words_near_currency_declare_nothing() -> None:
    assert declared_codes("I was paid in a foreign currency and (the) rest (Mrs) later") == []


def test_a_mismo_loan_file_is_in_us_dollars_though_it_never_says_so() -> None:
    xml = (
        '<LOAN_FILE xmlns="http://www.mismo.org/residential/2009/schemas">'
        "<BaseLoanAmount>20000.00</BaseLoanAmount></LOAN_FILE>"
    )
    doc = _doc(xml, MediaType.text)
    fact = _fact(doc, "20000.00", 20000.0, "loan_amount")
    converted = to_application_currency([fact], [doc], RATES)[0][0]
    assert converted.value == 16000.0 and converted.conversion and converted.conversion.currency == "USD"
    # The same element outside that namespace names no currency: the application currency stands.
    plain = _doc("<LOAN_FILE><BaseLoanAmount>20000.00</BaseLoanAmount></LOAN_FILE>", MediaType.text)
    kept = to_application_currency([_fact(plain, "20000.00", 20000.0, "loan_amount")], [plain], RATES)[0][0]
    assert kept.value == 20000.0 and kept.conversion is None
