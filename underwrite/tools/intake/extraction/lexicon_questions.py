"""Labels worded as questions, as online loan portals and enquiry forms ask them. Data only.

A portal's "How much would you like to borrow?" is a label like "Loan amount"; the lexicon compares
labels after :func:`lexicon.key`, so the question mark and case do not matter. None of these is in
``label_examples.json``, the list the encoder threshold is chosen on (those are the encoder's test).
"""

from __future__ import annotations

QUESTION_LABELS: dict[str, list[str]] = {
    "loan_amount": [
        "How much would you like to borrow",
        "How much do you want to borrow",
        "How much do you need",
        "Wie viel möchten Sie leihen",
        "Wie viel Geld benötigen Sie",
        "您想借多少",
    ],
    "loan_term_months": [
        "Over how long",
        "How long do you want to borrow for",
        "How long would you like to repay over",
        "How long would you like to take to repay",
        "How long do you need to repay",
        "Over how many months",
        "Wie lange möchten Sie zurückzahlen",
        "您想借多久",
    ],
    "loan_purpose": [
        "What is it for",
        "What is the loan for",
        "What do you need the money for",
        "What will you use the loan for",
        "Wofür benötigen Sie den Kredit",
        "Wofür ist der Kredit",
        "借款用来做什么",
    ],
    "monthly_housing_cost": [
        "How much is your monthly rent or mortgage payment",
        "How much is your monthly rent",
        "How much do you pay in rent each month",
        "What is your monthly rent or mortgage",
    ],
    "housing_status": [
        "Do you rent or own",
        "Do you own or rent",
        "Mieten Sie oder wohnen Sie im Eigentum",
    ],
}
