"""A tax office's calculation (SA302, Steuerbescheid) is a kind of its own: income, self-employment, name."""

from __future__ import annotations

from application_fakes import text_document

from underwrite.core.schemas import MediaType, Page
from underwrite.tools.intake.classify import classify_text
from underwrite.tools.intake.content_kind import classify_document
from underwrite.tools.intake.extraction import extract_facts

PAGE = (
    "HM Revenue & Customs\tSA302 {year}\n"
    "Tax calculation\n"
    "Ms Alys Pritchard\tTax reference (UTR)\t11223 44556\n"
    "Tax year 6 April {prev} to 5 April {year}\n"
    "Income\n£\n"
    "Profit from self-employment\t{profit}\n"
    "Total income received\t{profit}\n"
    "minus Personal Allowance\t12,570.00\n"
    "Total income on which tax is due\t{taxable}\n"
    "Income Tax due\t4,100.00\n"
    "Tax year overview\n"
    "Payments on account made\t3,900.00\n"
)


def _sa302(*years: tuple[int, str, str]) -> str:
    return "\f".join(PAGE.format(year=y, prev=y - 1, profit=p, taxable=t) for y, p, t in years)


def _facts(text: str) -> dict[str, object]:
    doc = text_document("tax_return", text)
    return {f.name: f.value for f in extract_facts([doc]) if f.source and f.source.doc_id == doc.doc_id}


def test_an_sa302_is_a_tax_return_not_a_payslip_or_prose() -> None:
    text = _sa302((2025, "38,400.00", "25,830.00"))
    assert classify_text(text) == "tax_return"
    assert classify_document(MediaType.text, text) == "tax_return"


def test_the_latest_tax_years_total_income_is_the_annual_income_whatever_the_page_order() -> None:
    older_first = _sa302((2024, "31,000.00", "18,430.00"), (2025, "38,400.00", "25,830.00"))
    newest_first = _sa302((2025, "38,400.00", "25,830.00"), (2024, "31,000.00", "18,430.00"))
    for text in (older_first, newest_first):
        one = text_document("tax_return", text)
        pages = [Page(number=i + 1, text=t) for i, t in enumerate(text.split("\f"))]
        facts = {f.name: f.value for f in extract_facts([one.model_copy(update={"pages": pages})])}
        assert facts["annual_income"] == 38400.0  # not 31,000 (the year before) nor 25,830 (taxable)


def test_taxable_income_tax_and_payments_on_account_are_no_monthly_figures() -> None:
    facts = _facts(_sa302((2025, "38,400.00", "25,830.00")))
    assert facts["employment_status"] == "self-employed"
    assert facts["applicant_name"] == "Alys Pritchard"  # the courtesy title is no part of the name
    for name in ("monthly_debt_payments", "monthly_net_income", "monthly_housing_cost", "loan_amount"):
        assert name not in facts  # read as prose, "25,830.00" had been a debt payment


def test_an_employees_tax_calculation_does_not_say_self_employed() -> None:
    text = _sa302((2025, "38,400.00", "25,830.00")).replace(
        "Profit from self-employment", "Pay from employment"
    )
    assert "employment_status" not in _facts(text)


def test_an_email_that_mentions_its_sa302s_is_a_message_not_a_tax_return() -> None:
    text = (
        "From: Alys Pritchard <alys@example.org>\nSent: 2 December 2025 09:10\n"
        "To: Loans <loans@example.org>\n"
        "Subject: Loan request\n\nHello,\n\nPlease find my SA302 tax calculation and the Tax Year Overview "
        "attached; my self assessment for last year is in too.\n\nKind regards,\nAlys\n"
    )
    assert classify_text(text) == "tax_return"  # the phrases alone say tax return
    assert classify_document(MediaType.text, text) == "cover_letter"  # the header block says message


def test_a_statement_period_block_is_no_email_header() -> None:
    from underwrite.tools.intake.classify import is_message

    assert not is_message("Account statement\nFrom: 01/08/2025\nTo: 31/08/2025\nDate: 01/09/2025\n")
    assert is_message("From: Jo Bell <jo@example.org>\nTo: loans@example.org\nDate: 1 Sep 2025\n\nHi,\n")
