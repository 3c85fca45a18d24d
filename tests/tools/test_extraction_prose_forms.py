"""Prose the held-out corpus showed the rules could not read: chat exports, adviser notes, Chinese
e-mails, household facts and letter dates. Every text here is its own, not the corpus's."""

from __future__ import annotations

from datetime import date

import pytest

from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.intake.extraction.prose_chat import chat_view
from underwrite.tools.intake.extraction.prose_numbers import number_mentions

REF = date(2026, 3, 1)
CHAT = """\
03.02.26, 18:40 - Kredit-Service Nordbank: Guten Abend! Wie können wir helfen?
03.02.26, 18:42 - Mehmet Yilmaz: ich brauche 9.000 € für ein gebrauchtes Auto
03.02.26, 18:43 - Kredit-Service Nordbank: Also 9.000 € über 72 Monate?
03.02.26, 18:45 - Mehmet Yilmaz: nein, zurückzahlen in 36 Monaten. netto verdiene ich 2.300 € im Monat
03.02.26, 18:46 - Mehmet Yilmaz: arbeite seit 4 Jahren bei der Firma Krone Logistik
"""


def _got(text: str) -> dict[str, object]:
    return {h.name: h.value for h in prose_hits(text, REF)}


def test_a_chat_export_is_read_from_the_applicants_lines_only() -> None:
    got = _got(CHAT)
    assert got["applicant_name"] == "Mehmet Yilmaz"
    assert got["loan_amount"] == 9000 and got["loan_term_months"] == 36  # not the lender's 72
    assert got["monthly_net_income"] == 2300 and got["loan_purpose"] == "car (used)"
    assert got["employer_name"] == "Krone Logistik" and got["employment_years"] == 4


def test_quotes_from_a_chat_point_into_the_export_itself() -> None:
    for hit in prose_hits(CHAT, REF):
        assert CHAT[hit.start : hit.end].strip(), hit
    view = chat_view(CHAT)
    assert view is not None and len(view.text) == len(CHAT) and "18:42" not in view.text


def test_two_people_chatting_name_no_applicant() -> None:
    text = "\n".join(f"[01/02/2026, 10:0{i}] {who}: hello" for i, who in enumerate(["Ann Lee", "Bo Kim"] * 2))
    view = chat_view(text)
    assert view is not None and view.applicant is None


def test_a_plain_letter_is_not_a_chat() -> None:
    assert chat_view("Dear team,\nI would like to borrow 5,000 EUR.\nRegards,\nAnn Lee") is None


def test_an_adviser_note_names_the_labelled_client_and_its_date() -> None:
    note = "## Beratung 14.02.2026\n\n**Kunde:** Dariusz Łukaszewski\n- Wunsch: 4.000 € für einen Herd"
    got = _got(note)
    assert got["applicant_name"] == "Dariusz Łukaszewski"
    assert got["application_date"] == "2026-02-14" and got["loan_amount"] == 4000


def test_a_date_is_no_application_date_without_a_loan_request() -> None:
    assert "application_date" not in _got("Date: 3 March 2026\n\nMy rent is 700 EUR a month.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We have two children at school.", 2), ("Ich habe 3 Kinder.", 3), ("No dependants.", 0),
        ("Wir haben keine Kinder.", 0),
    ],
)  # fmt: skip
def test_dependents_in_words_or_digits(text: str, expected: int) -> None:
    assert _got(text)["dependents"] == expected


def test_a_letter_speaking_of_rent_and_a_mortgage_states_no_home() -> None:
    text = "I rent out my old flat, and our mortgage on the house is 900 a month."
    assert "housing_status" not in _got(text)


def test_a_chinese_email_is_read() -> None:
    mail = (
        "发件人：李强 <liqiang@example.cn>\n\n您好，我想借款人民币8万元，期限36个月，用于购买二手车。"
        "我在深圳海川物流有限公司工作了7年，税后月薪15,000元。每月房贷4,200元，没有其他贷款。\n"
    )
    got = _got(mail)
    assert got["applicant_name"] == "李强" and got["loan_amount"] == 80000
    assert got["loan_term_months"] == 36 and got["loan_purpose"] == "car (used)"
    assert got["employer_name"] == "深圳海川物流有限公司" and got["employment_years"] == 7
    assert got["monthly_net_income"] == 15000 and got["monthly_housing_cost"] == 4200
    assert got["monthly_debt_payments"] == 0 and got["housing_status"] == "own"


def test_a_calendar_year_in_chinese_is_not_a_duration() -> None:
    assert "employment_years" not in _got("我2019年开始工作。")


@pytest.mark.parametrize(
    ("text", "value"), [("人民币30,000元", 30000), ("3万元", 30000), ("1.5万", 15000), ("A4 Blatt", None)]
)
def test_numbers_next_to_chinese_characters(text: str, value: float | None) -> None:
    got = [m.value for m in number_mentions(text)]
    assert got == ([] if value is None else [pytest.approx(value)])


@pytest.mark.parametrize(
    ("text", "monthly"),
    [
        ("I take home £640 a week after tax.", 640 * 52 / 12),
        ("My net pay is 1,200 EUR every two weeks.", 1200 * 26 / 12),
        ("Netto bekomme ich alle zwei Wochen 980 €.", 980 * 26 / 12),
        ("As my pay slips show, my wage after tax is £1,050 paid\nfortnightly.", 1050 * 26 / 12),
    ],
)  # fmt: skip
def test_weekly_and_fortnightly_wages_become_monthly(text: str, monthly: float) -> None:
    assert _got(text)["monthly_net_income"] == pytest.approx(monthly, abs=0.01)


def test_a_weekly_rent_is_a_monthly_housing_cost() -> None:
    assert _got("The rent is £150 a week.")["monthly_housing_cost"] == pytest.approx(650.0)


def test_employer_after_been_a_job_title_with() -> None:
    got = _got("I have been a bus driver with Metroline Buses for eight years.")
    assert got["employer_name"] == "Metroline Buses" and got["employment_years"] == 8


@pytest.mark.parametrize(
    ("text", "paid"),
    [("I pay £45 a month on a store card.", 45), ("I also pay 70 a month towards my overdraft.", 70)],
)
def test_uk_credit_words_are_debts(text: str, paid: float) -> None:
    assert _got(text)["monthly_debt_payments"] == paid


def test_the_instalment_on_an_owned_flat_is_housing_not_another_debt() -> None:
    got = _got("Die Rate für unser Haus beträgt 910 € im Monat. Andere Kredite haben wir nicht.")
    assert got["monthly_housing_cost"] == 910 and got["monthly_debt_payments"] == 0


def test_a_label_naming_rent_or_mortgage_states_no_home() -> None:
    assert "housing_status" not in _got("Monthly rent or mortgage: EUR 800")
