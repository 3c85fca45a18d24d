"""End to end: a packet whose income is in dollars never gives a EUR DTI computed on raw dollars."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.tools.checks.ratios import annuity_payment, compute_ratios
from underwrite.tools.intake.extraction.conversion import RATES_FILE, UNCONVERTED, RateTable, flag_messages
from underwrite.tools.intake.packet import best_values, load_application

FORM = """PERSONAL LOAN APPLICATION

Applicant name: Daniel Okafor
Application date: 2025-04-22
Loan amount: EUR 12,000
Loan term: 36 months
Purpose: Home repairs
Employment status: Employed
Employer: Harbor Logistics Inc.
Net monthly income: USD 3,000
Monthly rent: EUR 900
Other monthly debt payments: EUR 0
"""
PAYSLIP = """EARNINGS STATEMENT
Employer: Harbor Logistics Inc.
Employee: Daniel Okafor
Pay period: March 2025
Gross pay: $4,100.00
Federal tax: $720.00
Net pay: $3,000.00
"""
STATEMENT = """Date,Description,Amount (USD),Balance (USD)
2025-01-28,SALARY HARBOR LOGISTICS,3000.00,3500.00
2025-02-03,RENT,-1100.00,2400.00
2025-02-28,SALARY HARBOR LOGISTICS,3000.00,5400.00
2025-03-03,RENT,-1100.00,4300.00
2025-03-28,SALARY HARBOR LOGISTICS,3000.00,7300.00
"""
USD_PER_EUR = RateTable.model_validate_json(RATES_FILE.read_text(encoding="utf-8")).rates["USD"]


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    folder = tmp_path / "usd-income"
    folder.mkdir()
    (folder / "application_form.txt").write_text(FORM, encoding="utf-8")
    (folder / "payslip.txt").write_text(PAYSLIP, encoding="utf-8")
    (folder / "statement.csv").write_text(STATEMENT, encoding="utf-8")
    return folder


@pytest.fixture
def no_usd_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    table = tmp_path / "rates.json"
    table.write_text('{"as_of": "2026-11-30", "source": "test: no dollar rate", "rates": {"GBP": 0.83}}')
    monkeypatch.setenv("UW_FX_RATES", str(table))
    reset_settings_cache()
    yield
    monkeypatch.delenv("UW_FX_RATES")
    reset_settings_cache()


def test_dollar_income_pay_slip_and_statement_are_converted_before_any_ratio(packet: Path) -> None:
    app, failures = load_application(packet)
    assert not failures
    eur = round(3000 / USD_PER_EUR, 2)
    income = app.fact("monthly_net_income")
    assert income is not None and income.value == eur and income.unit == "EUR/month"
    assert income.conversion is not None and income.conversion.amount == 3000.0
    assert app.value("payslip_net_pay") == eur
    assert app.value("statement_monthly_salary") == eur
    assert app.value("loan_amount") == 12000.0  # stated in EUR: unchanged
    ratios = compute_ratios(best_values(app))
    payment = annuity_payment(12000, 36, 9.5)
    assert ratios.dti == round((900 + payment) / eur, 4)
    assert ratios.dti != round((900 + payment) / 3000, 4)  # what raw dollars would have said


def test_with_no_dollar_rate_income_is_unread_and_the_files_say_why(packet: Path, no_usd_rate: None) -> None:
    app, _ = load_application(packet)
    for name in ("monthly_net_income", "payslip_net_pay", "statement_avg_monthly_deposits"):
        assert app.fact(name) is None, name
    ratios = compute_ratios(best_values(app))
    assert ratios.dti is None and "monthly_net_income" in ratios.missing_inputs["dti"]
    form = next(d for d in app.documents if d.filename == "application_form.txt")
    assert UNCONVERTED in form.flags
    (message,) = flag_messages(form, UNCONVERTED)
    assert message.startswith("Net monthly income stated in USD")
    assert "no conversion rate configured for USD — enter the EUR amount" in message
    assert app.value("loan_amount") == 12000.0 and app.value("monthly_housing_cost") == 900.0


def test_an_amount_the_llm_reads_from_prose_goes_through_the_same_conversion() -> None:
    import json

    from underwrite.core.schemas import Document, MediaType, Page
    from underwrite.testing.openai_wire import Reply
    from underwrite.testing.scripted_llm import ScriptedLLM
    from underwrite.tools.intake.extraction.prose_llm import llm_prose_facts

    text = "Dear team,\n\nMy rent is $1,200 a month and I would like to borrow for a car.\n"
    doc = Document(doc_id="c1", filename="letter.txt", media_type=MediaType.text, sha256="0" * 64,
                   size_bytes=len(text), pages=[Page(number=1, text=text)], kind="cover_letter")  # fmt: skip
    said = {"name": "monthly_housing_cost", "value": "1200", "quote": "My rent is $1,200 a month"}
    llm = ScriptedLLM([Reply.say(json.dumps({"facts": [said]}))])
    (fact,) = llm_prose_facts(llm, [doc], ["monthly_housing_cost"]).facts
    assert fact.value == round(1200 / USD_PER_EUR, 2)
    assert fact.conversion is not None and fact.conversion.currency == "USD"
