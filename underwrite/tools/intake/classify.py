"""Which kind of document a text is, from phrases each kind of document uses."""

from __future__ import annotations

from typing import Literal

DocumentKind = Literal[
    "application_form",
    "bank_statement",
    "payslip",
    "employer_letter",
    "cover_letter",
    "profit_and_loss",
    "credit_report",
    "unknown",
]

KIND_PHRASES: dict[str, list[str]] = {
    "application_form": [
        "loan application",
        "credit application",
        "application for a",
        "applicant name",
        "amount requested",
        "credit requested",
        "signature:",
        "loan amount",
        "kreditantrag",
        "darlehensantrag",
        "antragsteller",
        "darlehensbetrag",
        "antragsdatum",
        "申请表",
        "申请人",
        "贷款金额",
        "申请金额",
        "借款申请",
    ],
    "bank_statement": [
        "account statement",
        "statement of account",
        "opening balance",
        "closing balance",
        "iban",
        "statement period",
        "account holder",
        "kontoauszug",
        "kontoinhaber",
        "anfangssaldo",
        "endsaldo",
        "buchungstext",
        "对账单",
        "交易明细",
        "期初余额",
    ],
    "payslip": [
        "pay slip",
        "payslip",
        "salary statement",
        "earnings statement",
        "gross pay",
        "personnel no",
        "social security contributions",
        # what a pay slip's table is made of, in the UK, US and Germany
        "net pay",
        "total deductions",
        "tax period",
        "tax code",
        "year to date",
        "paye tax",
        "paye ref",
        "national insurance",
        "pay date",
        "pay period",
        "gross earnings",
        "gehaltsabrechnung",
        "lohnabrechnung",
        "entgeltabrechnung",
        "verdienstabrechnung",
        "auszahlungsbetrag",
        "gesamtbrutto",
    ],
    "employer_letter": [
        "employment confirmation",
        "to whom it may concern",
        "hereby confirm",
        "employed by",
        "benefit entitlement",
        "unemployment benefit",
        "yours faithfully",
    ],
    "cover_letter": [
        "dear ",
        "yours sincerely",
        "i am writing",
        "i would like",
        "thank you for considering",
        "i look forward",
    ],
    "credit_report": [
        "credit bureau report",
        "bureau reference",
        "credit reference agency",
        "public records",
        "past due",
        "consent to this enquiry",
        "credit bureau",
        "credit reference",
        "auskunftei",
        "schufa",
        "征信报告",
        "逾期",
    ],
    "profit_and_loss": [
        "profit and loss",
        "income statement",
        "statement of profit or loss",
        "ebitda",
        "gross profit",
        "net profit",
        "fiscal year",
        "cost of sales",
    ],
}


def classify_text(text: str) -> DocumentKind:
    """The kind whose phrases occur most often; ``unknown`` when none occurs at least twice."""
    lowered = text.lower()
    scores = {kind: sum(phrase in lowered for phrase in phrases) for kind, phrases in KIND_PHRASES.items()}
    kind, score = max(scores.items(), key=lambda item: item[1])
    return kind if score >= 2 else "unknown"  # type: ignore[return-value]
