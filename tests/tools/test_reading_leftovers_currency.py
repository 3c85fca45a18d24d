"""Currency leftovers of the third blind round: which dollar a bare "$" is, rate tables much older
than the application, a statement's own currency before conversion."""

from __future__ import annotations

from datetime import date

import pytest
from application_fakes import text_document

from underwrite.core.schemas import Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.conversion import (
    CONVERTED,
    STALE,
    Rates,
    RateTable,
    to_application_currency,
)

pytest.importorskip("reportlab")


_TABLE = RateTable(
    as_of=date(2026, 10, 30), source="test", rates={"USD": 1.25, "CAD": 1.5, "AUD": 1.6, "GBP": 0.8}
)


def _converted(text: str, number: str, applied: str | None = None) -> tuple[Fact, list[str], list[str]]:
    doc = text_document("application_form", text)
    start = text.index(number)
    span = SourceSpan(doc_id=doc.doc_id, page=1, start=start, end=start + len(number), quote=number)
    facts = [Fact(name="monthly_net_income", value=4200.0, unit="EUR", source=span, method=FactMethod.form)]
    if applied:
        facts.append(Fact(name="application_date", value=applied, method=FactMethod.form))
    out, notes = to_application_currency(facts, [doc], Rates(_TABLE))
    return out[0], [n.text for n in notes if n.flag == CONVERTED], [n.text for n in notes if n.flag == STALE]


@pytest.mark.parametrize(
    ("text", "code", "why"),
    [
        ("Net monthly income: C$4,200", "CAD", ""),
        ("Net monthly income: A$4,200", "AUD", ""),
        ("Net monthly income: US$4,200\nAddress: 12 King St W, Toronto, ON M5H 1A1", "USD", ""),
        ("Address: 12 King St W, Toronto, ON M5H 1A1\nNet monthly income: $4,200", "CAD", "in Canada"),
        ("Employer: Harbour Pty Ltd, Sydney NSW 2000\nNet monthly income: $4,200", "AUD", "in Australia"),
        ("Net monthly income: $4,200", "USD", "names no country"),
        ("Born in Canada; lives at 4 Elm St, Chicago, IL 60601\nNet monthly income: $4,200", "USD",
         "names Canada and the United States"),
    ],
)  # fmt: skip
def test_a_bare_dollar_is_the_dollar_of_the_country_the_document_names(
    text: str, code: str, why: str
) -> None:
    fact, said, _ = _converted(text, "4,200")
    assert fact.conversion is not None and fact.conversion.currency == code
    assert (why in said[0]) if why else '"$" read as' not in said[0]


def test_rates_much_older_than_the_application_are_flagged_in_words() -> None:
    _, _, stale = _converted("Net monthly income: £4,200", "4,200", applied="2026-12-15")
    assert len(stale) == 1 and "2026-10-30, 46 days before the application date 2026-12-15" in stale[0]
    assert _converted("Net monthly income: £4,200", "4,200", applied="2026-11-20")[2] == []  # 21 days
    assert _converted("Net monthly income: £4,200", "4,200")[2] == []  # no application date: nothing to judge


def test_rates_much_newer_than_the_application_are_flagged_in_their_own_words() -> None:
    _, _, later = _converted("Net monthly income: £4,200", "4,200", applied="2025-06-03")
    assert len(later) == 1 and "2026-10-30, 514 days after the application date 2025-06-03" in later[0]
    assert "later rates than the applicant's" in later[0] and "before" not in later[0]
    assert _converted("Net monthly income: £4,200", "4,200", applied="2026-10-10")[2] == []  # 20 days


def test_a_statement_states_its_own_currency_before_any_conversion() -> None:
    from underwrite.tools.intake.extraction.statement import statement_facts
    from underwrite.tools.intake.extraction.statement_flows import flow_facts

    text = (
        "Statement period 01/03/2025 - 30/04/2025\nAccount currency: GBP\n"
        "01/03/2025 Opening balance 500.00\n02/03/2025 Rent Kestrel Homes 700.00 -200.00\n"
        "25/03/2025 Salary Fenwick Ltd 2,100.00 1,900.00\n02/04/2025 Rent Kestrel Homes 700.00 1,200.00\n"
        "25/04/2025 Salary Fenwick Ltd 2,100.00 3,300.00\n"
    )
    doc = text_document("bank_statement", text)
    units = {f.name: f.unit for f in [*statement_facts(doc), *flow_facts(doc)]}
    assert (
        units["statement_avg_monthly_deposits"] == "GBP" and units["statement_monthly_salary"] == "GBP/month"
    )
