"""Layouts a second round of hand-written documents showed the reader did not know: HTML definition
lists, portal questions as labels, tables with one column per party (applicant, co-applicant),
Chinese housing and repayment labels, a bare number of years, German pay-slip wordings of the net
pay. The text here is written for these tests and differs from ``tests/corpus/heldout2``."""

from __future__ import annotations

from pathlib import Path

import pytest
from reading_support import facts_of

from underwrite.tools.intake import read_document
from underwrite.tools.intake.extraction.kv_parties import party_column
from underwrite.tools.intake.extraction.label_match import lexicon_match
from underwrite.tools.intake.extraction.values import parse_value
from underwrite.tools.intake.extraction.vocabulary import LABELS
from underwrite.tools.intake.html_text import html_text


def test_definition_list_terms_and_definitions_share_a_line_as_cells() -> None:
    text = html_text(
        "<html><body><dl><dt>Employer</dt><dd><p>Harbour <b>Freight</b> Ltd</p></dd>"
        "<dt>Notes</dt><dt>Net monthly income</dt><dd>GBP 1,940</dd></dl><p>Thank you</p></body></html>"
    )
    assert text.split("\n") == [
        "Employer\tHarbour Freight Ltd",
        "Notes",
        "Net monthly income\tGBP 1,940",
        "Thank you",
    ]


def test_definition_list_enquiry_with_question_labels_is_an_application(tmp_path: Path) -> None:
    path = tmp_path / "enquiry.html"
    path.write_text(
        "<!doctype html><html><body><h1>Your quote request</h1><dl>"
        "<dt>Name</dt><dd>Priya Natarajan</dd>"
        "<dt>How much do you want to borrow?</dt><dd>GBP 3,200</dd>"
        "<dt>How long do you want to borrow for?</dt><dd>18 months</dd>"
        "<dt>What will you use the loan for?</dt><dd>A used car</dd>"
        "<dt>Do you own or rent?</dt><dd>Rent</dd>"
        "<dt>Years in current job</dt><dd>6</dd>"
        "</dl></body></html>",
        encoding="utf-8",
    )
    assert read_document(path).kind == "application_form"
    facts = facts_of(path)
    assert facts["applicant_name"] == "Priya Natarajan"
    assert facts["loan_amount"] == 3200
    assert facts["loan_term_months"] == 18
    assert facts["loan_purpose"] == "car (used)"
    assert facts["housing_status"] == "rent"  # "Rent" is a label word too, but here it answers
    assert facts["employment_years"] == 6


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("| Question | Applicant | Co-applicant |", 1),
        ("| | Co-borrower | Borrower |", 2),
        ("Angaben\t1. Antragsteller\t2. Antragsteller", 1),
        ("| 项目 | 申请人 | 共同申请人 |", 1),
        ("| Field | Value |", None),
        ("| Name | Nadia Okafor | Tom Okafor |", None),
        ("| Applicant | Co-applicant |", None),  # no label column
    ],
)
def test_a_header_naming_parties_gives_the_applicants_column(header: str, column: int | None) -> None:
    sep = "\t" if "\t" in header else "|"
    assert party_column(header, sep) == column


def test_joint_markdown_table_reads_the_applicants_column(tmp_path: Path) -> None:
    path = tmp_path / "joint.md"
    path.write_text(
        "# Joint loan application\n\nLoan amount: $9,000\n\n"
        "| Item | Co-borrower | Borrower |\n|:--|:--|:--|\n"
        "| Full name | Tom Okafor | Nadia Okafor |\n"
        "| Employer | | Lakeside Clinic |\n"
        "| Net monthly income | $2,100 | $2,870 |\n\n"
        "Housing status: Tenant\n",
        encoding="utf-8",
    )
    facts = facts_of(path)
    assert facts["applicant_name"] == "Nadia Okafor"
    assert facts["employer_name"] == "Lakeside Clinic"
    assert facts["monthly_net_income"] == 2870
    assert facts["loan_amount"] == 9000  # lines outside the table read as before
    assert facts["housing_status"] == "rent"


def test_joint_html_table_in_german_reads_the_first_applicant(tmp_path: Path) -> None:
    path = tmp_path / "antrag.html"
    path.write_text(
        "<html><body><h1>Kreditantrag</h1><p>Antragsdatum: 03.02.2025</p><table>"
        "<tr><th>Angaben</th><th>Antragstellerin</th><th>Mitantragsteller</th></tr>"
        "<tr><td>Vor- und Nachname</td><td>Lena Hartmann</td><td>Jonas Hartmann</td></tr>"
        "<tr><td>Arbeitgeber</td><td>Stadtwerke Kiel</td><td>Hafenbau AG</td></tr>"
        "<tr><td>Nettoeinkommen</td><td>2.640,00 EUR</td><td>3.010,00 EUR</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    facts = facts_of(path)
    assert facts["applicant_name"] == "Lena Hartmann"
    assert facts["employer_name"] == "Stadtwerke Kiel"
    assert facts["monthly_net_income"] == 2640


def test_chinese_housing_outgoings_and_other_repayments(tmp_path: Path) -> None:
    path = tmp_path / "表.txt"
    path.write_text(
        "借款申请\n申请人：王丽华\n申请金额：80,000 元\n月住房支出：3,100 元\n其他月还款：450 元\n",
        encoding="utf-8",
    )
    facts = facts_of(path)
    assert facts["monthly_housing_cost"] == 3100
    assert facts["monthly_debt_payments"] == 450


def test_a_bare_number_counts_years_only_under_a_label_that_says_years() -> None:
    assert parse_value("employment_years", "Years with employer", "7", None) == 7.0
    assert parse_value("employment_years", "Years with employer", "30 months", None) == 2.5
    assert parse_value("employment_years", "Time with current employer", "18", None) == 1.5


def test_german_pay_slip_net_pay_wordings_are_read_but_never_rendered(tmp_path: Path) -> None:
    path = tmp_path / "abrechnung.txt"
    path.write_text(
        "Lohnabrechnung Oktober 2025\nGesamtbrutto          2.710,00\nLohnsteuer           -262,10\n"
        "Nettobezüge           1.845,30\n",
        encoding="utf-8",
    )
    assert read_document(path).kind == "payslip"
    assert facts_of(path)["payslip_net_pay"] == 1845.3
    # the generator draws its labels from vocabulary.LABELS; on a loan form the word is the payout
    assert "Nettobezüge" not in LABELS["payslip_net_pay"]
    assert lexicon_match("Auszahlungsbetrag") is None
