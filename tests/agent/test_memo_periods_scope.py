"""Round three's meaning checks, one small test per edge (own sentences, not the red-team corpus):
periods and durations, yearly forms, point margins and ranges, second parties, documents, names
of other files, precedent-only figures, sections named for what they lack, causes, predictions."""

from __future__ import annotations

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import CitedText, Evidence, ViolationKind, verify_narrative
from underwrite.agent.memo.cause_meaning import foreign_causes
from underwrite.agent.memo.file_scope import (
    absent_documents,
    absent_parties,
    precedent_figures,
    unknown_names,
)
from underwrite.agent.memo.number_meaning import wrong_margins
from underwrite.agent.memo.numbers import numbers_in_text, ranges_holding
from underwrite.agent.memo.period_meaning import per_short_period, supported_as_annual, wrong_durations
from underwrite.agent.memo.section_meaning import section_mismatches
from underwrite.agent.memo.text_meaning import speculation


def _ev(**facts: object) -> Evidence:
    """make_evidence's file (EUR 12,500 over 36 months, EUR 2,450 a month net) plus ``facts``."""
    ev = make_evidence()
    return ev.model_copy(update={"facts": {**ev.facts, **facts}})


# --- durations: tenure, loan term, a count's window, multiples of income ---------------------------


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Only eight months at her current employer.", True),
        ("Four years in the same job.", False),
        ("More than two years with the employer.", False),
        ("Less than a year with the employer.", True),
        ("Employed for 2 to 5 years (band).", False),
        ("The job has lasted 48 months.", False),
    ],
)
def test_a_tenure_is_the_files(text: str, wrong: bool) -> None:
    assert bool(wrong_durations(text, _ev(employment_years=4.0))) is wrong


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("The loan is repayable over three years.", False),
        ("The loan is repaid over 36 weeks.", True),
        ("A term of 36 years is requested.", True),
        ("Net pay of EUR 2,450 a month covers the instalment.", False),  # a rate, not a duration
    ],
)
def test_a_loan_term_is_the_files(text: str, wrong: bool) -> None:
    assert bool(wrong_durations(text, _ev())) is wrong


def test_a_windowed_count_keeps_its_window() -> None:
    ev = _ev(inquiries_6m=3)
    assert wrong_durations("Three credit checks during the past year.", ev)
    assert wrong_durations("Three inquiries in the last six months.", ev) == []
    # the window wins over a nearer word of another topic ("debt-service" is no tenure)
    listed = "Missing: delinquencies in the last two years, debt-service coverage."
    assert wrong_durations(listed, _ev(delinquencies_2y=1, employment_years=0.0)) == []
    # a delinquency's definition is no window
    assert wrong_durations("Nothing went 30 days overdue.", _ev(delinquencies_2y=0)) == []


def test_a_multiple_of_income_is_the_loans() -> None:
    ev = _ev()  # 12,500 / 2,450 = 5.1 months of income
    assert wrong_durations("The loan is about five months of take-home pay.", ev) == []
    assert wrong_durations("The loan equals eleven months of income.", ev)
    assert wrong_durations("The loan is under four months of net pay.", ev)


def test_a_monthly_figure_per_year_is_its_twelvefold() -> None:
    ev = _ev()
    good, bad = "Net income comes to EUR 29,400 per year.", "Net income comes to EUR 30,000 per year."
    assert supported_as_annual(good, numbers_in_text(good)[0], ev)
    assert not supported_as_annual(bad, numbers_in_text(bad)[0], ev)
    weekly = "The instalment is EUR 400.42 per week."
    assert per_short_period(weekly, numbers_in_text(weekly), ev)
    monthly = "The instalment is EUR 400.42 per month."
    assert per_short_period(monthly, numbers_in_text(monthly), ev) == []


# --- margins and ranges --------------------------------------------------------------------------


def test_a_margin_in_points_is_the_difference() -> None:
    assert wrong_margins("PTI of 16.4% undercuts the 20% line by 3.6 points.") == []
    assert wrong_margins("PTI of 16.4% undercuts the 20% line by 36 points.")
    assert wrong_margins("PTI of 16.4% undercuts the 20% line by 18%.") == []  # relative: 3.6 / 20
    assert wrong_margins("PTI of 16.4% undercuts the 20% line by less than 4 points.") == []


def test_a_tight_range_holds_the_value_and_a_wide_one_does_not() -> None:
    tight = "Between EUR 800 and EUR 850 remains each month."
    assert ranges_holding(tight, numbers_in_text(tight), [812.3]) == {"800", "850"}
    wide = "Between EUR 100 and EUR 900 remains each month."
    assert ranges_holding(wide, numbers_in_text(wide), [812.3]) == set()


# --- what the file holds --------------------------------------------------------------------------


def test_a_second_party_needs_one_in_the_file() -> None:
    assert absent_parties("Her spouse's salary adds to the household income.", _ev())
    assert absent_parties("She applies alone, without a guarantor.", _ev()) == []
    assert absent_parties("The guarantor is employed.", _ev(guarantors="guarantor")) == []
    assert absent_parties("The guarantor is employed.", _ev(guarantors="none"))


def test_a_document_needs_a_fact_read_from_it() -> None:
    ev = _ev()
    assert absent_documents("The utility bill confirms the address.", ev)
    assert absent_documents("Per the bank statements, the salary arrives on the 25th.", ev)
    assert (
        absent_documents("Per the bank statements, the salary arrives.", _ev(statement_monthly_salary=2450.0))
        == []
    )
    missing = ev.model_copy(update={"missing_documents": ["payslip"]})
    assert "missing" in absent_documents("The payslip shows the net pay.", missing)[0]
    assert absent_documents("Obtain the latest bank statements before payout.", ev) == []


def test_a_name_needs_its_words_in_the_file() -> None:
    ev = _ev(employer_name="Stadtbad Kassel")
    assert unknown_names("She works for Nordsee Kabel since spring.", ev)
    assert unknown_names("She works for Stadtbad Kassel.", ev) == []
    assert unknown_names("Roughly EUR 800 remains.", ev) == []
    # title case of the file's own vocabulary is no name
    assert unknown_names("The Debt-To-Income Ratio Is Within Policy.", ev) == []


def test_a_precedent_only_figure_needs_the_statement_to_be_about_the_precedent() -> None:
    ev = make_evidence()  # its precedent's summary: "Used car, 24 months"
    text = "Repayment runs 24 months."
    assert precedent_figures(text, text, ev)
    about = "A comparable used car case ran 24 months."
    assert precedent_figures(about, about, ev) == []


def test_a_named_section_must_deal_with_what_it_is_named_for() -> None:
    ev = make_evidence()
    text = "CP-3.5 sets the debt-to-income ceiling."
    assert section_mismatches(text, text, ev)
    text = "CP-4.2 caps debt-to-income."
    assert section_mismatches(text, text, ev) == []
    text = "Under CP-3.2 three explanations are required."
    assert section_mismatches(text, text, ev)


def test_a_cause_must_enter_the_ratio_it_drives() -> None:
    assert foreign_causes("DTI is high because of living expenses.")
    assert foreign_causes("DTI is high because of the rent.") == []
    assert foreign_causes("Residual income is thin due to living expenses.") == []


def test_a_prediction_is_speculation() -> None:
    assert speculation("The new kitchen will raise the flat's value.")
    assert speculation("Further borrowing is not expected.")
    assert speculation("Net income of EUR 2,450 is verified.") == []


def test_the_verifier_reports_the_new_kinds_in_place() -> None:
    ev = _ev(employment_years=4.0)
    base = clean_narrative()
    narrative = base.model_copy(
        update={
            "strengths": [
                CitedText(
                    text="The co-applicant has worked eight months with the employer.",
                    citations=["fact:loan_amount"],
                )
            ]
        }
    )
    kinds = {v.kind for v in verify_narrative(narrative, ev) if v.location == "strengths[0]"}
    assert {ViolationKind.absent_party, ViolationKind.wrong_period} <= kinds
    assert verify_narrative(base, ev) == []
