"""A form's representative example (consumer-credit rules put one on every form and advert) is the
lender's arithmetic, not the applicant's answer: "36 monthly repayments of £162.59" is no debt."""

from __future__ import annotations

import pytest
from application_fakes import text_document

from underwrite.tools.intake.extraction.form_sentences import sentence_facts

EXAMPLES = [
    "Representative example: borrowing £5,000 over 36 months at 10.9% APR, 36 monthly repayments of £162.59.",
    "Beispiel: Kreditbetrag CHF 10'000.–, Laufzeit 12 Monate, monatliche Rate CHF 878.95 pro Monat.",
    "Exemple représentatif : pour un prêt de 5 000 €, 36 mensualités de 158,20 € par mois.",
]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_lenders_example_gives_no_fact(example: str) -> None:
    doc = text_document("application_form", f"Name: Dana Obi\n{example}\n")
    assert sentence_facts([doc], []) == []


def test_an_answer_beside_the_example_is_still_read() -> None:
    text = f"Other loans: a car loan, I pay 210.00 a month on it\n{EXAMPLES[0]}\n"
    facts = sentence_facts([text_document("application_form", text)], [])
    assert [(f.name, f.value) for f in facts] == [("monthly_debt_payments", 210.0)]
