"""Meaning checks, one small test per edge case: what a number is written against, comparisons,
denials, rule status, speculation, quotes, policy content, decision words, protected values."""

from __future__ import annotations

import pytest
from memo_fakes import make_evidence

from underwrite.agent.memo import Evidence
from underwrite.agent.memo.number_meaning import inverted_comparisons, misattributed
from underwrite.agent.memo.numbers import is_supported, numbers_in_text
from underwrite.agent.memo.text_meaning import (
    decision_conflict,
    denials,
    polarity_conflict,
    policy_problems,
    protected_values,
    speculation,
    unsupported_quotes,
)
from underwrite.core.schemas import Recommendation


def _ev(**facts: object) -> Evidence:
    ev = make_evidence()
    return ev.model_copy(update={"facts": {**ev.facts, **facts}})


# --- a number is the quantity it is written against ----------------------------------------------


def test_income_written_as_debt_is_misattributed() -> None:
    ev = _ev(monthly_debt_payments=210.0)
    assert misattributed("Existing debt payments of EUR 2,450 a month.", ev)


def test_the_debts_own_value_is_not_misattributed() -> None:
    ev = _ev(monthly_debt_payments=210.0)
    assert misattributed("Existing debt payments of EUR 210 a month.", ev) == []


def test_dti_written_at_a_tenth_is_misattributed() -> None:
    assert misattributed("DTI of 3.5% is fine.", make_evidence())


@pytest.mark.parametrize("text", ["DTI of 35.1%.", "DTI of 0.3512.", "Debt-to-income is 35%."])
def test_dti_in_any_notation_is_dti(text: str) -> None:
    assert misattributed(text, make_evidence()) == []


def test_a_limit_of_a_rule_on_the_quantity_is_allowed_when_written_as_a_limit() -> None:
    assert misattributed("DTI 45% limit.", make_evidence()) == []


def test_a_rules_limit_given_as_the_value_is_misattributed() -> None:
    # DTI is 35.1%; "DTI of roughly 45%" states the limit as the applicant's value
    assert misattributed("DTI of roughly 45% sits at the limit.", make_evidence())


def test_fillers_alone_do_not_bind_a_number_to_the_name_before() -> None:
    assert misattributed("After the new instalment about EUR 812 remains.", make_evidence()) == []


def test_earning_names_income() -> None:
    assert misattributed("Earning EUR 12,500 a month.", make_evidence())


def test_a_precedents_loan_given_as_the_request_is_misattributed() -> None:
    assert misattributed("The applicant requests EUR 24,000.", make_evidence())


def test_debt_to_income_is_not_read_as_income() -> None:
    # "income" inside "debt-to-income" must not bind 35.1% to the income of 2,450
    assert misattributed("Debt-to-income of 35.1%.", make_evidence()) == []


def test_a_number_after_another_number_binds_to_no_name() -> None:
    # "over 36 months" follows the loan amount: it is not read as a second loan amount
    assert misattributed("Requests a loan of EUR 12,500 over 36 months.", make_evidence()) == []


def test_a_number_after_a_comma_is_not_bound_to_the_name_before() -> None:
    ev = make_evidence()
    assert misattributed("EUR 400.42 goes to the new instalment, 16.4% of income.", ev) == []


def test_a_monthly_figure_per_year_is_a_period_slip() -> None:
    assert misattributed("Net monthly income of EUR 2,450 per year.", make_evidence())


def test_a_monthly_figure_called_annual_income_is_a_period_slip() -> None:
    assert misattributed("Annual net income of EUR 2,450.", make_evidence())


def test_a_count_in_words_must_be_the_files_count() -> None:
    ev = _ev(delinquencies_2y=1)
    assert misattributed("The bureau shows three arrears.", ev)
    assert misattributed("The bureau shows one late payment.", ev) == []


def test_a_count_that_is_a_limit_is_not_the_files_count() -> None:
    assert misattributed("More than four credit inquiries need a comment.", _ev(inquiries_6m=6)) == []


# --- comparisons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "DTI of 42.1% is below the 40% limit.",
        "DTI of 0.4214 sits under the 0.40 soft maximum.",
        "Residual of EUR 1,201 falls below the EUR 600 minimum.",
        "Debts of EUR 210 are higher than the EUR 700 rent.",
        "DTI of 42.1% is within the 0.40 limit.",
    ],
)
def test_an_inverted_comparison_is_caught(text: str) -> None:
    assert inverted_comparisons(text)


@pytest.mark.parametrize(
    "text",
    [
        "DTI of 42.1% is above the 40% limit.",
        "At 42.1% it is above the 40% soft ceiling, though under the 50% hard cap.",
        "One delinquency within the last 24 months.",  # no limit word: not a comparison
        "EUR 12,500 over 36 months.",
        "DTI of 42.1% is not below the 40% limit.",  # negated: left alone
    ],
)
def test_a_true_or_non_comparison_passes(text: str) -> None:
    assert inverted_comparisons(text) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("EUR 1,201 is double the EUR 600 floor.", False),
        ("EUR 670 is more than double the EUR 600 floor.", True),
        ("EUR 670 is twice the EUR 600 floor.", True),
        ("EUR 300 is half the EUR 600 floor.", False),
    ],
)
def test_a_stated_multiple_must_hold(text: str, wrong: bool) -> None:
    assert bool(inverted_comparisons(text)) is wrong


# --- approximations --------------------------------------------------------------------------------


def test_roughly_a_round_number_matches_within_its_last_digit() -> None:
    [m] = numbers_in_text("roughly EUR 1,200")
    assert m.approximate and is_supported(m, [1201.41])


def test_an_approximation_beyond_five_percent_is_still_unsupported() -> None:
    [m] = numbers_in_text("about EUR 1,000")
    assert not is_supported(m, [1201.41])


def test_a_round_number_without_a_hedge_is_exact() -> None:
    [m] = numbers_in_text("EUR 1,200")
    assert not is_supported(m, [1201.41])


# --- what the words say ----------------------------------------------------------------------------


def test_no_arrears_with_a_delinquency_on_file_is_a_denial() -> None:
    assert denials("No arrears on the bureau file.", _ev(delinquencies_2y=1))


def test_no_delinquency_with_a_zero_count_is_true_despite_older_delays() -> None:
    ev = _ev(delinquencies_2y=0, credit_history="delay in paying off in the past")
    assert denials("No delinquency in the last two years.", ev) == []


def test_no_public_record_when_there_is_none_is_true() -> None:
    assert denials("No insolvency, judgment or enforcement.", _ev(public_records="no")) == []


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("No employment history to speak of.", {"employment_years": 7.0}),
        ("No credit searches recently.", {"inquiries_6m": 2}),
        ("No income is shown.", {"monthly_net_income": 2100.0}),
    ],
)
def test_a_denial_of_what_the_file_holds_is_found(text: str, facts: dict[str, object]) -> None:
    assert denials(text, _ev(**facts))


def test_a_failed_rule_called_met_conflicts() -> None:
    ev = make_evidence(hard_fail=True)  # ELIG-02 failed
    assert polarity_conflict("The rule is met", ["rule:ELIG-02"], ev)
    assert polarity_conflict("The rule is not met", ["rule:ELIG-02"], ev) is None


def test_a_passed_rule_called_breached_conflicts() -> None:
    assert polarity_conflict("The debt limit is breached", ["rule:AFF-01"], make_evidence())


def test_rules_of_mixed_status_are_left_alone() -> None:
    ev = make_evidence(hard_fail=True)
    assert polarity_conflict("Limit breached", ["rule:AFF-01", "rule:ELIG-02"], ev) is None


@pytest.mark.parametrize(
    "text", ["Likely stable employment", "Income will probably rise", "appears to be secure"]
)
def test_speculation_is_found(text: str) -> None:
    assert speculation(text)


def test_a_plain_statement_does_not_speculate() -> None:
    assert speculation("Half a year with the current employer") == []


def test_a_quote_in_no_source_is_unsupported() -> None:
    assert unsupported_quotes('The policy says "always acceptable below 45%".', make_evidence())


def test_a_quote_of_the_policy_text_is_supported() -> None:
    assert unsupported_quotes('CP-4.2: "Total DTI must not exceed 45% of net income".', make_evidence()) == []


def test_a_section_the_policy_lacks_is_named() -> None:
    assert policy_problems("Allowed under CP-4.9.", [], make_evidence())


def test_a_waiver_the_section_does_not_give_is_named() -> None:
    assert policy_problems("CP-4.2 waives the limit for car loans.", [], make_evidence())


def test_a_real_section_named_without_a_permission_claim_passes() -> None:
    assert policy_problems("Inside the limit of CP-4.2.", ["policy:CP-4.2"], make_evidence()) == []


def test_a_decline_argued_under_an_approval_conflicts() -> None:
    assert decision_conflict("Decline: the debt is too high.", Recommendation.approve_with_conditions)


def test_an_unconditional_approval_argued_under_conditions_conflicts() -> None:
    assert decision_conflict("Approved without conditions.", Recommendation.approve_with_conditions)
    assert (
        decision_conflict("Conditions rather than a clean approval.", Recommendation.approve_with_conditions)
        is None
    )


def test_a_referral_argued_under_another_outcome_conflicts() -> None:
    assert decision_conflict("Refer: a senior must decide.", Recommendation.approve_with_conditions)
    assert decision_conflict("Refer: a senior must decide.", Recommendation.refer) is None


def test_a_body_a_named_section_never_mentions_is_found() -> None:
    found = policy_problems("Under CP-4.2 the Credit Committee must sign.", [], make_evidence())
    assert found == ["CP-4.2 does not mention 'Credit Committee'"]


def test_the_applicants_own_names_are_not_bodies() -> None:
    ev = _ev(applicant_name="Erika Mustermann")
    assert policy_problems("Erika Mustermann is inside the CP-4.2 limit.", [], ev) == []


def test_a_negated_approval_in_a_decline_is_consistent() -> None:
    assert decision_conflict("The file cannot be approved.", Recommendation.decline) is None
    assert (
        decision_conflict("Conditions rather than a decline.", Recommendation.approve_with_conditions) is None
    )


def test_a_protected_value_written_out_is_found() -> None:
    assert protected_values("Given her Turkish nationality", _ev(nationality="Turkish")) == ["Turkish"]


def test_a_marital_status_that_is_an_ordinary_word_is_not_looked_up() -> None:
    assert protected_values("A single late payment", _ev(marital_status="single")) == []
