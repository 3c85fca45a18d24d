"""Tables of existing credits, a row per credit: the payments that go on are the debts.

Documents written here for the rule (not copies of any corpus): a UK form as DOCX, a German
Selbstauskunft table as pipe text, a French table whose consolidated credit ends with this loan.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from application_fakes import text_document
from reading_support import facts_of

from underwrite.tools.intake.extraction.debt_table import debt_columns, page_tables
from underwrite.tools.intake.extraction.facts import extract_facts
from underwrite.tools.intake.extraction.form_outgoings import outgoings_facts

docx = pytest.importorskip("docx")

UK_ROWS = [
    ("Creditor", "Type", "Balance outstanding", "Monthly payment", "Months left"),
    ("Barclaycard", "Credit card", "£2,400", "£75", "-"),
    ("Santander", "Car loan", "£6,100", "£215", "29"),
    ("Total", "", "£8,500", "£290", ""),
]


def _uk_form(path: Path, rows: list[tuple[str, ...]]) -> None:
    d = docx.Document()
    d.add_heading("Personal loan application", 1)
    answers = d.add_table(rows=0, cols=2)
    for label, value in [("Full name", "Jane Carter"), ("Loan amount requested", "£12,000"),
                         ("Term", "48 months"), ("Net monthly income", "£2,850")]:  # fmt: skip
        cells = answers.add_row().cells
        cells[0].text, cells[1].text = label, value
    d.add_paragraph("Existing credit commitments")
    debts = d.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(debts.add_row().cells, row, strict=True):
            cell.text = text
    d.save(str(path))


def test_a_docx_table_of_credits_gives_the_sum_of_its_payments_and_its_total_no_other_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "application.docx"
    _uk_form(path, UK_ROWS)
    facts = facts_of(path)
    assert facts["monthly_debt_payments"] == 290.0
    # Read as label/value pairs the total row said "Total = £8,500": no field may come from it.
    assert 8500.0 not in facts.values() and "business_annual_revenue" not in facts
    assert facts["loan_amount"] == 12000.0 and facts["monthly_net_income"] == 2850.0


def test_a_credit_this_loan_repays_and_a_mortgage_do_not_go_on() -> None:
    text = (
        "Crédits en cours\n"
        "| Organisme | Nature | Capital restant dû | Mensualité | Observation |\n"
        "|---|---|---|---|---|\n"
        "| Cofidis | Crédit renouvelable | 3 200 € | 120 € | à solder par ce prêt |\n"
        "| Banque Populaire | Prêt immobilier | 148 000 € | 890 € | |\n"
        "| Sofinco | Prêt auto | 9 400 € | 245 € | |\n"
    )
    facts = {f.name: f for f in extract_facts([text_document("application_form", text)])}
    debts = facts["monthly_debt_payments"]
    assert debts.value == 245.0
    assert debts.source is not None and debts.source.quote == "245 €"


def test_a_german_table_sums_its_rows_and_reads_no_pair_from_them() -> None:
    text = (
        "Bestehende Verbindlichkeiten\n"
        "Kreditgeber\tArt\tRestschuld\tmonatliche Rate\n"
        "Sparkasse Köln\tRatenkredit\t7.850,00 €\t245,50 €\n"
        "Barclays\tKreditkarte\t1.200,00 €\t60,00 €\n"
        "Summe\t\t9.050,00 €\t305,50 €\n"
        "Nettoeinkommen\t2.900,00 €\n"
    )
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", text)])}
    assert facts["monthly_debt_payments"] == 305.5
    assert facts["monthly_net_income"] == 2900.0  # the pair after the table still reads


@pytest.mark.parametrize(
    "header",
    [
        "Full name\tJane Carter\tDate of birth\t04/05/1988",  # a four-column form: pairs
        "Description\tHours\tRate\tAmount",  # pay-slip earnings: no creditor, no balance
        "Lender\tBalance\tInterest rate\tPayment date",  # no payment column at all
        "Creditor\tMonthly payment",  # two cells: a pair, not a table
    ],
)
def test_what_is_not_the_header_of_a_table_of_credits(header: str) -> None:
    assert debt_columns(header, "\t") is None


def test_a_card_without_a_fixed_payment_adds_nothing_and_the_table_ends_at_another_shape() -> None:
    text = (
        "Lender | Type | Balance | Payment per month\n"
        "| Amex | Charge card | £800 | – |\n"
        "| Zopa | Personal loan | £4,000 | £180 |\n"
        "Monthly rent: £700\n"
        "| Ignored | Row | £1 | £1 |\n"
    )
    (rows,) = page_tables(text)
    assert [r.amount for r in rows] == [180.0]


def test_debt_rows_of_a_table_with_a_column_per_party_sum_the_applicants_column_only() -> None:
    text = (
        "Applicant\tCo-applicant\n"
        "Name\tTom Reid\tAnna Reid\n"
        "Car loan\t€310\t€0\n"
        "Student loan\t€95\t€140\n"
        "Credit card limit\t€5,000\t€2,000\n"
    )
    (debts,) = outgoings_facts([text_document("application_form", text)], [])
    assert debts.value == 405.0  # the co-applicant's €140 is not this application's; a limit is no payment


def test_a_loan_quotation_on_the_form_is_the_new_loans_instalment_not_an_existing_debt() -> None:
    text = (
        "Other commitments\tNone apart from the table below\n"
        "Lender\tBalance\tMonthly repayment\n"
        "Bank of Ireland\t€3,000.00\t€95.00\n"
        "Quotation\tBorrowing €9,000 over 48 months at 9.9% APR: 48 monthly repayments of €227.12\n"
    )
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", text)])}
    assert facts["monthly_debt_payments"] == 95.0
    quoted = text.replace("Lender\tBalance\tMonthly repayment\nBank of Ireland\t€3,000.00\t€95.00\n", "")
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", quoted)])}
    assert facts.get("monthly_debt_payments") != 227.12


def test_a_credit_limit_is_never_the_loan_asked_for() -> None:
    from underwrite.tools.intake.extraction.label_match import candidates, match_label

    for label in ("Credit card limit", "Overdraft limit", "Kredittkort, samlet kredittramme"):
        assert match_label(label) is None and candidates(label) == ()
    text = "Applicant\tCo-applicant\nName\tTom Reid\tAnna Reid\nCredit card limit\t€5,000\t€2,000\n"
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", text)])}
    assert "loan_amount" not in facts  # was 5,000 by the encoder's similarity (0.59)
