"""What a bank statement's rows say about income and obligations: salary, rent, loan repayments.

Rows come from :func:`statement.statement_rows` (any column layout; credit or debit read from the
running balance). Each row's description — the text between its dates and its first amount — is
matched against wordings banks print for salary credits, rent or mortgage debits and loan
repayments (English, German, Dutch, French, Spanish, Italian, Chinese). A kind counts when it
recurs: seen in at least two of the statement's months (or in its only month). Its monthly figure
is the kind's total over the statement's months, so a missed month lowers it rather than hiding
the gap. These figures are what CP-5.4 reconciles stated income against (see
:mod:`underwrite.tools.checks.consistency`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from underwrite.core.schemas import Document, Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.currency import APPLICATION_CURRENCY, doc_currency
from underwrite.tools.intake.extraction.parse import money_tokens
from underwrite.tools.intake.extraction.statement import Row, delimited_dates, statement_rows

INCOME = re.compile(
    r"salary|wages?\b|payroll|\bpay\b|pension|benefit|gehalt|lohn|bezüge|entgelt|rente\b|arbeitslosengeld|"
    r"salaris|loon\b|uitkering|salaire|nómina|nomina|stipendio|"
    r"工资|薪资|薪金|代发|养老金",
    re.I,
)
HOUSING = re.compile(
    r"\brent\b|mortgage|miete|hypothek|baufinanzierung|\bhuur\b|hypotheek|loyer|alquiler|"
    r"affitto|房租|租金|房贷|按揭",
    re.I,
)
LOAN = re.compile(
    r"\bloan\b|repayment|instal?ment|darlehen|kredit|tilgung|ratenzahlung|aflossing|lening|"
    r"\bprêt\b|préstamo|prestito|贷款|还款|分期",
    re.I,
)
FLOWS: list[tuple[str, re.Pattern[str], int]] = [
    ("statement_monthly_salary", INCOME, 1),  # credits
    ("statement_monthly_housing", HOUSING, -1),  # debits; before loans: a mortgage is housing
    ("statement_monthly_loan_repayments", LOAN, -1),
]
# French, Italian and Polish booking texts (virement de salaire, prélèvement du loyer, échéance de
# prêt; stipendio, affitto, rata; wynagrodzenie, czynsz, rata kredytu): after the rest, so a word
# above decides first. Debits only for housing and loans, as above.
FLOWS += [
    ("statement_monthly_salary", re.compile(r"salaire|\bpaie\b|stipendio|wynagrodzeni|pensja", re.I), 1),
    (
        "statement_monthly_housing",
        re.compile(r"\bloyer|pr[eê]t immobilier|affitto|\bmutuo\b|czynsz|hipote", re.I),
        -1,
    ),
    (
        "statement_monthly_loan_repayments",
        re.compile(r"[ée]ch[ée]ance|\bpr[eê]t\b|mensualit[ée]|finanziamento|\brata\b|po[żz]yczk", re.I),
        -1,
    ),
]
# Scandinavian, Portuguese, Czech and Slovak booking texts (LÖN, HYRA, BOLÅN, AUTOGIRO … LÅN;
# ordenado, renda, prestação; mzda, nájem, splátka úvěru; mzda, nájomné, splátka úveru).
FLOWS += [
    ("statement_monthly_salary", re.compile(
        r"\bl[öø]nn?\b|\blön\b|ordenado|vencimento|sal[áa]rio|\bmzda\b|\bplat\b|výplata|výplat", re.I), 1),
    ("statement_monthly_housing", re.compile(
        r"\bhyra\b|husleie|husleje|bol[åa]n|boliglån|\brenda\b|aluguel|cr[ée]dito habita|n[áa]jem|n[áa]jomn"
        r"|hypot[ée]k", re.I), -1),
    ("statement_monthly_loan_repayments", re.compile(
        r"\blån\b|\blån\W|presta[çc][ãa]o|empr[ée]stimo|spl[áa]tk|[úu]v[ěe]r|p[ůô]j[čc]k|leasing", re.I), -1),
]  # fmt: skip
MIN_MONTHS = 2


def description(row: Row) -> str:
    """The row's text without its leading dates and from its first amount on (a record's own text)."""
    if row.text is not None:
        return row.text
    day, after_dates = delimited_dates(row.quote)  # an export row: its text follows its date cells
    text = (
        row.quote[after_dates:]
        if day
        else re.sub(r"^\s*(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\s*)+", "", row.quote)
    )
    tokens = money_tokens(text)
    return (text[: tokens[0].start] if tokens else text).strip(" \t-")


def kind_of(row: Row) -> str | None:
    text = description(row)
    for name, pattern, sign in FLOWS:
        if (row.amount > 0) == (sign > 0) and pattern.search(text):
            return name
    return None


def flow_facts(doc: Document) -> list[Fact]:
    _, rows = statement_rows(doc)
    if not rows:
        return []
    months = {(r.day.year, r.day.month) for r in rows}
    totals: dict[str, float] = defaultdict(float)
    seen: dict[str, set[tuple[int, int]]] = defaultdict(set)
    first: dict[str, Row] = {}
    for row in rows:
        name = kind_of(row)
        if name is None:
            continue
        totals[name] += abs(row.amount)
        seen[name].add((row.day.year, row.day.month))
        first.setdefault(name, row)
    confidence = round(sum(r.checked for r in rows) / len(rows), 3)
    unit = f"{doc_currency(doc).main or APPLICATION_CURRENCY}/month"  # as statement_facts
    facts = []
    for name in dict.fromkeys(name for name, _, _ in FLOWS):
        if name not in totals or len(seen[name]) < min(MIN_MONTHS, len(months)):
            continue
        row = first[name]
        span = SourceSpan(doc_id=doc.doc_id, page=row.page, start=row.start, end=row.end, quote=row.quote)
        facts.append(
            Fact(
                name=name,
                value=round(totals[name] / len(months), 2),
                unit=unit,
                source=span,
                method=FactMethod.rule,
                confidence=confidence,
            )
        )
    return facts
