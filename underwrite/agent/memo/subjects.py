"""Which quantity of the file a phrase names ("debt-to-income", "net monthly income", "the new instalment").

A number is only right for the quantity it is written against: a small model wrote the applicant's
income as their debt, a precedent's loan as the request and DTI 0.4214 as "4.2%", and each number
was one the state holds, so a check against all of the state's numbers passed them. This lexicon
binds a phrase to an evidence id; ``memo.number_meaning`` then asks the number to be that quantity's
own value (or a limit a rule on it tests). It also lends each quantity its everyday words, so a
statement in plain words ("money left over each month") is seen to be about residual income.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.numbers import numbers_in_text


@dataclass(frozen=True)
class Subject:
    key: str
    """Evidence id of the quantity: ``ratio:dti``, ``fact:monthly_net_income``, ``score:pd``."""
    pattern: re.Pattern[str]
    words: str = ""
    """Everyday words for the quantity (lexical grounding)."""


def _s(key: str, phrases: str, words: str = "") -> Subject:
    return Subject(key, re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE), words)


SUBJECTS: tuple[Subject, ...] = (
    _s("ratio:dti", r"dti|debt[- ]to[- ]income(?: ratio)?", "debt burden debts commitments"),
    _s("ratio:pti", r"pti|payment[- ]to[- ]income(?: ratio)?", "instalment share take home pay"),
    _s("ratio:lti", r"lti|loan[- ]to[- ](?:annual[- ])?income(?: ratio)?", "loan size income"),
    _s("ratio:dscr", r"dscr|debt[- ]service coverage(?: ratio)?", "cash flow coverage"),
    _s("ratio:leverage", r"leverage", "debt ebitda"),
    _s("ratio:residual_income", r"residual income", "left over leftover remains remaining spare surplus"),
    _s(
        "ratio:monthly_payment",
        r"(?:new |monthly |proposed )?(?:instalment|installment)s?|monthly (?:re)?payment",
        "instalment repayment",
    ),
    _s(
        "fact:monthly_debt_payments",
        r"(?:existing |other |current )?debt (?:payments?|service|repayments?)|existing debts?",
        "debts commitments",
    ),
    _s("fact:payslip_net_pay", r"pay ?slip net pay|net pay on the pay ?slip|pay ?slip", "payslip pay"),
    _s("fact:statement_avg_monthly_deposits", r"(?:average )?(?:monthly )?deposits", "deposits statement"),
    _s("fact:annual_income", r"annual (?:net |gross )?income|yearly income|income per year"),
    _s(
        "fact:monthly_net_income",
        r"(?:stated )?(?:net )?(?:monthly )?(?:net )?income|take[- ]home(?: pay)?|net pay|salary|"
        r"earnings|earns|earning",
        "income salary pay earnings",
    ),
    _s("fact:monthly_housing_cost", r"housing cost|rent|mortgage payment", "rent housing"),
    _s("fact:monthly_expenses", r"living expenses|expenses", "expenses living costs"),
    _s(
        "fact:loan_amount",
        r"loan amount|loan of|requests?|requested|asks for|borrow(?:s|ing)?|principal",
        "amount borrow request",
    ),
    _s("fact:loan_term_months", r"(?:loan |repayment )?term", "term months duration"),
    _s("score:pd", r"pd|probability of default|default (?:risk|probability)", "default risk"),
    _s(
        "fact:delinquencies_2y",
        r"delinquenc(?:y|ies)|arrears|late payments?|missed payments?",
        "late payment arrears missed",
    ),
    _s("fact:inquiries_6m", r"(?:credit )?inquir(?:y|ies)|credit searches", "inquiries searches"),
    _s("fact:revolving_utilization_pct", r"(?:revolving )?utili[sz]ation", "revolving card balances"),
    _s(
        "fact:employment_years",
        r"tenure|employed for|years? with (?:the|their|her|his) (?:current )?employer",
    ),
    _s("fact:interest_rate_pct", r"interest rate|nominal rate", "rate"),
)
_BY_KEY = {s.key: s for s in SUBJECTS}
MONTHLY = frozenset(
    {
        "ratio:monthly_payment",
        "ratio:residual_income",
        "fact:monthly_net_income",
        "fact:monthly_debt_payments",
        "fact:monthly_housing_cost",
        "fact:monthly_expenses",
    }
)
"""Quantities that are per month: stating one "per year" is a twelvefold slip."""
ANNUAL_INCOME = "fact:annual_income"


def subject_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of every subject phrase, longest first where phrases overlap
    ("debt-to-income" is DTI, not income; "annual net income" is not monthly income)."""
    found = [(m.start(), m.end(), s.key) for s in SUBJECTS for m in s.pattern.finditer(text)]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, key in found:
        if all(end <= a or start >= b for a, b, _k in taken):
            taken.append((start, end, key))
    return sorted(taken)


def subject_words(key: str) -> str:
    subject = _BY_KEY.get(key)
    return subject.words if subject else ""


def _numbers(value: object) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [float(value)]
    return [c for m in numbers_in_text(str(value)) for c in m.candidates]


def subject_values(key: str, ev: Evidence, *, limits: bool = True) -> list[float] | None:
    """The numbers a statement may write against ``key``: its value, the values (and, with
    ``limits``, the limits) of the rules testing it and the score reasons about it; None when the
    file holds nothing on it."""
    kind, _, name = key.partition(":")
    values: list[float] = []
    if kind == "score":
        values.append(ev.score.pd)
    else:
        values += _numbers((ev.ratios if kind == "ratio" else ev.facts).get(name))
    subject = _BY_KEY.get(key)
    for f in ev.findings:
        if f.subject == name:
            values += _numbers(f.value) + (_numbers(f.limit) if limits else [])
    # a reason or rule text that itself names the quantity ("business existing debt service: 9,200")
    # may be quoted with its numbers
    for r in ev.score.reasons:
        if r.feature == name or (subject and subject.pattern.search(r.text)):
            values += _numbers(r.text)
    for f in ev.findings:  # a rule's message states its limit
        if limits and subject and subject.pattern.search(f.message):
            values += _numbers(f.message)
    return values or None
