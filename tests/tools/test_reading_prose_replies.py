"""An applicant's e-mail reply: the quoted message below is the lender's, and sums owed are no payments."""

from __future__ import annotations

from datetime import date

from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.intake.extraction.prose_birth import find_birth_date
from underwrite.tools.intake.extraction.prose_thread import own_message

REF = date(2025, 12, 2)
REPLY = (
    "From: Owen Blake <owen.blake@example.net>\n"
    "Sent: 2 December 2025 19:40\n"
    "To: Priya Shah <priya@lendwell.example>\n"
    "Subject: RE: Your enquiry\n\n"
    "Hi Priya,\n\n"
    "We're looking for £9,000 over three years for a used electric van for the business.\n"
    "I was born on 21/07/1990. Our rent is £950 a month.\n\n"
    "Thanks,\nOwen\n\n"
    "-----Original Message-----\n"
    "From: Priya Shah <priya@lendwell.example>\n"
    "Sent: 1 December 2025 10:02\n"
    "Subject: Your enquiry\n\n"
    "Could you tell me how much you need and over how many years? Most people choose two years.\n\n"
    "Kind regards,\nPriya Shah\n"
)


def _hits(text: str) -> dict[str, object]:
    return {h.name: h.value for h in prose_hits(text, REF)}


def test_a_replys_quoted_message_from_someone_else_is_blanked_offsets_kept() -> None:
    own = own_message(REPLY)
    assert len(own) == len(REPLY) and own.count("\n") == REPLY.count("\n")
    assert "Priya Shah\n" not in own.split("-----Original")[0][-60:] and "two years" not in own
    assert own.startswith(REPLY[: REPLY.index("-----Original")])


def test_the_reply_is_read_as_the_applicants_not_the_lenders() -> None:
    hits = _hits(REPLY)
    assert hits["applicant_name"] == "Owen Blake"  # the lender's sign-off had been read as the applicant
    assert hits["loan_amount"] == 9000.0  # "We're looking for £9,000"
    assert hits["loan_term_months"] == 36  # "£9,000 over three years", not the lender's "two years"
    assert hits["loan_purpose"] == "car (used)"  # "a used electric van"
    assert hits["date_of_birth"] == "1990-07-21"
    assert hits["monthly_housing_cost"] == 950.0


def test_a_forward_keeps_the_forwarded_message() -> None:
    forward = REPLY.replace("Subject: RE: Your enquiry", "Subject: FW: Your enquiry")
    assert own_message(forward) == forward


def test_a_quoted_message_from_the_same_sender_stays() -> None:
    same = REPLY.replace(
        "From: Priya Shah <priya@lendwell.example>\nSent: 1",
        "From: Owen Blake <owen.blake@example.net>\nSent: 1",
    )
    assert own_message(same) == same


def test_a_balance_left_to_pay_and_a_card_limit_are_no_monthly_payments() -> None:
    text = (
        "We have a mortgage with Nationwide; the monthly payment is £812.15 and about £98,000 is left "
        "to pay. "
        "I have a credit card with a £3,000 limit that I clear every month.\n"
    )
    hits = _hits(text)
    assert hits["monthly_housing_cost"] == 812.15
    assert hits.get("monthly_debt_payments") != 3000.0


def test_several_instalments_in_one_sentence_add_up_and_a_count_is_no_amount() -> None:
    text = (
        "Other commitments: the car is on hire purchase at £240 a month (18 payments left), and there is "
        "interest-free finance on a bed at £35 a month with 5 payments to go.\n"
    )
    assert _hits(text)["monthly_debt_payments"] == 275.0


def test_an_instalment_without_a_debt_word_of_its_own_is_not_added() -> None:
    text = "I pay £180 a month on my car loan and £45 a month for my phone.\n"
    assert _hits(text)["monthly_debt_payments"] == 180.0


def test_a_birth_date_is_the_writers_not_a_childs() -> None:
    assert find_birth_date("Our son was born on 3 May 2008.", REF) is None
    assert find_birth_date("My daughter was born in 2019.", REF) is None
    assert find_birth_date("Ich bin am 4. März 1984 geboren.", REF) == ("1984-03-04", 11, 23)
    assert find_birth_date("Date of birth: 12/12/2015", REF) is None  # ten years old: no applicant


def test_a_partners_pay_is_not_the_applicants_income() -> None:
    assert "monthly_net_income" not in _hits("My wife earns €2,000 a month after tax.\n")
    assert _hits("My husband earns €1,800 a month and I take home €2,100.\n")["monthly_net_income"] == 2100.0
    assert (
        _hits("Although my husband is unemployed, I earn €2,000 a month.\n")["monthly_net_income"] == 2000.0
    )


def test_a_firm_named_partner_is_no_other_earner_and_a_gross_figure_is_no_net_income() -> None:
    firm = "Ich bin bei der Kanzlei Roth & Partner angestellt und bekomme netto 2.180 € im Monat.\n"
    assert _hits(firm)["monthly_net_income"] == 2180.0
    gross = "My net pay varies with overtime (gross £3,400 a month).\n"
    assert "monthly_net_income" not in _hits(gross)
