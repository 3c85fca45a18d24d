"""The value normaliser and field typing: one test per notation a real applicant uses."""

from __future__ import annotations

from datetime import date

import pytest

from underwrite.tools.intake.extraction import normalize as nz
from underwrite.tools.intake.extraction.field_values import typed_value
from underwrite.tools.intake.extraction.lexicon import category_value, expand_codes

APPLIED = date(2025, 3, 14)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.500,00 €", 12500.0),  # continental
        ("12,500.00 EUR", 12500.0),  # Anglo
        ("5 000 EUR", 5000.0),  # space as thousands separator
        ("CHF 12'500", 12500.0),  # apostrophe as thousands separator
        ("1.234", 1234.0),  # one separator + three digits = thousands
        ("2,5", 2.5),  # one separator + other digit count = decimal
        ("5万元", 50000.0),
        ("10.2万元", 102000.0),
        ("三", 3.0),
        ("二十四", 24.0),
        ("两万", 20000.0),
        ("eleven", 11.0),
        ("elf", 11.0),
        ("achtundvierzig", 48.0),
        ("twenty-four", 24.0),
        ("none", 0.0),
        ("keine", 0.0),
        ("无", 0.0),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert nz.parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "currency"),
    [("€ 5", "EUR"), ("5 Euro", "EUR"), ("$4,200", "USD"), ("8,500元", "CNY"), ("RMB 3", "CNY"), ("5", None)],
)
def test_currency(text: str, currency: str | None) -> None:
    assert nz.currency_of(text) == currency


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("€240 per month", "monthly"),
        ("2.780 € monatlich", "monthly"),
        ("150 EUR mtl.", "monthly"),
        ("52,000 per year", "annual"),
        ("41.500 € p.a.", "annual"),
        ("900", None),
    ],
)
def test_period(text: str, period: str | None) -> None:
    assert nz.period_of(text) == period


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("6 yrs", 72),
        ("36 Monate", 36),
        ("24个月", 24),
        ("三年", 36),
        ("2 years 6 months", 30),
        ("seit 2019", 72),
        ("since 03/2021", 48),
        ("März 2018", 84),
        ("2020年", 60),
        ("eleven years", 132),
    ],
)
def test_durations_against_the_application_date(text: str, months: int) -> None:
    assert nz.parse_duration_months(text, APPLIED) == months


def test_a_start_without_an_application_date_is_unknown() -> None:
    assert nz.parse_duration_months("seit 2019", None) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3 March 2025", date(2025, 3, 3)),
        ("2025年4月8日", date(2025, 4, 8)),
        ("May 19, 2025", date(2025, 5, 19)),
        ("14. März 2025", date(2025, 3, 14)),
        ("06/05/2025", date(2025, 5, 6)),
        ("2025-04-22", date(2025, 4, 22)),
    ],
)
def test_dates(text: str, day: date) -> None:
    assert nz.parse_date(text) == day


def test_monthly_field_stated_annually_is_converted_and_says_so() -> None:
    typed = typed_value("monthly_net_income", "36.000 € jährlich", "Nettoeinkommen", APPLIED)
    assert typed is not None and typed.value == 3000.0 and typed.unit == "EUR/month"
    annual = typed_value("annual_income", "10.2万元", "年收入", APPLIED)
    assert annual is not None and annual.value == 102000.0 and annual.unit == "CNY/year"


def test_bare_year_for_a_years_field_is_a_start() -> None:
    typed = typed_value("employment_years", "2019", "Beschäftigt seit", APPLIED)
    assert typed is not None and typed.value == 6.0


def test_category_wordings_in_three_languages() -> None:
    assert category_value("housing_status", "zur Miete") == "rent"
    assert category_value("housing_status", "自有住房") == "own"
    assert category_value("employment_status", "Employed full-time") == "employed"
    assert category_value("employment_status", "Self-employed") == "self-employed"
    assert category_value("loan_purpose", "Renovierung der Wohnung") == "repairs"


def test_coded_column_names_expand() -> None:
    assert expand_codes("APPL_NET_INC_M") == "applicant net income monthly"
    assert expand_codes("Net income") == "net income"
