"""What a form's list of monthly outgoings implies: the debts as their sum, the home by its row.

Budget sheets and some forms list outgoings row by row ("Rent 895", "Car finance 189", "Credit card
(minimum) 45", "Food 380") instead of answering "monthly debt payments" and "do you rent or own".
Two readings follow from such a list when nothing in the packet stated the field:

* ``monthly_debt_payments`` is the sum of the rows that are credit repayments (loan, finance, hire
  purchase, credit or store card, overdraft, catalogue; and their German/French/Spanish/Italian/
  Dutch, Portuguese, Scandinavian, Czech, Slovak and Polish names), each row money on the same
  line as its label;
* ``housing_status`` is "rent" when the housing cost was read from a row labelled rent (Miete,
  loyer, alquiler, huur, affitto) and "own" when from a mortgage row.
"""

from __future__ import annotations

import re

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction.currency import unit_currency
from underwrite.tools.intake.extraction.kv import document_pairs
from underwrite.tools.intake.extraction.parse import money_tokens

DEBT_ROW = re.compile(
    r"\bloan\b|\bfinance\b|hire\s+purchase|credit\s+card|store\s+card|overdraft|catalogue|\bHP\b"
    r"|Kredit|Darlehen|Ratenkauf|crédit|préstamo|tarjeta|prestito|finanziamento|lening|krediet"
    # pt, sv/da/no, cs/sk, pl
    r"|crédito|empréstimo|financiamento|cartão|lån\b|lån,|kontokredit|avbetalning|kredittkort|kreditkort"
    r"|úvěr|půjčk|leasing|splátk|úver|pôžičk|lízing|kredyt|pożyczk",
    re.I,
)
_ROW = re.compile(r"^(?P<label>[^\t\n:]{2,50}?)(?:[ \t]*:[ \t]*|\t+)(?P<value>[^\t\n]+)$", re.MULTILINE)
_RENT_LABEL = re.compile(
    r"^\W*(?:monthly\s+)?(?:rent|miete|kaltmiete|warmmiete|loyer|alquiler|huur|affitto|aluguel|renda da casa"
    r"|hyra|husleie|husleje|nájemné|nájem|nájomné|czynsz)\b",
    re.I,
)
_OWN_LABEL = re.compile(
    r"^\W*(?:monthly\s+)?(?:mortgage|hypothek\w*|hipoteca|hypotheek|mutuo|prestação da habitação"
    r"|crédito (?:à )?habitação|bolån|boliglån|hypotéka|hypotéku|hypotekárny|kredyt hipoteczny)\b",
    re.I,
)
# Not a repayment row: totals, incomes, the loan asked for, a card's limit, a balance owed, a mortgage
# (the housing cost, not a debt payment).
_NOT_ROW = re.compile(
    r"total|summe|\bsum\b|income|salary|pay\b|requested|amount|belopp|beløp|beløb|montante|valor solicitado"
    r"|výše|výška|limit|ramme|saldo|skuld|gjeld|gæld|zůstatek|zostatok|bolig|bolån|habitação|hypot|hipot",
    re.I,
)
ROW_CONFIDENCE = 0.8


def _debt_row(label: str, value: str) -> tuple[int, int, float] | None:
    """(start, end, amount) within ``value`` when the row is a credit repayment with one amount."""
    tokens = money_tokens(value)
    rest = value[: tokens[0].start] + value[tokens[0].end :] if len(tokens) == 1 else value
    # A row's value is an amount (with its currency or period), not a sentence holding one.
    if DEBT_ROW.search(label) and not _NOT_ROW.search(label) and len(tokens) == 1 and len(rest.strip()) <= 12:
        return tokens[0].start, tokens[0].end, tokens[0].value
    return None


def _debt_rows(doc: Document) -> list[tuple[int, int, int, float]]:
    """(page, start, end, amount) of each row that is a credit repayment with one amount.

    Rows are lines of "label: amount" or "label<TAB>amount", and the document's label/value pairs,
    which also give the applicant's column of a table with one column per party ("Billån,
    månedlig betaling | 3 450 kr | 0 kr": the co-applicant's 0 kr is not this application's)."""
    rows = set()
    for page in doc.pages:
        for m in _ROW.finditer(page.text):
            if (hit := _debt_row(m.group("label"), m.group("value"))) is not None:
                rows.add((page.number, m.start("value") + hit[0], m.start("value") + hit[1], hit[2]))
    for pair in document_pairs(doc):
        if (hit := _debt_row(pair.label, pair.value)) is not None:
            rows.add((pair.page, pair.start + hit[0], pair.start + hit[1], hit[2]))
    return sorted(rows)


def outgoings_facts(documents: list[Document], known: list[Fact]) -> list[Fact]:
    """The debts and the home a list of outgoings implies, for fields nothing read yet."""
    seen = {f.name for f in known}
    forms = [d for d in documents if d.kind == "application_form" and d.media_type not in (MediaType.json,)]
    out: list[Fact] = []
    if "monthly_debt_payments" not in seen:
        for doc in forms:
            rows = _debt_rows(doc)
            if not rows or len({r[0] for r in rows}) > 1:
                continue
            page = next(p.text for p in doc.pages if p.number == rows[0][0])
            start, end = rows[0][1], rows[-1][2]
            span = SourceSpan(doc_id=doc.doc_id, page=rows[0][0], start=start, end=end, quote=page[start:end])
            total = round(sum(r[3] for r in rows), 2)
            unit = f"{unit_currency(doc, known)}/month"
            out.append(Fact(name="monthly_debt_payments", value=total, unit=unit, source=span,
                            method=FactMethod.rule, confidence=ROW_CONFIDENCE))  # fmt: skip
            break
    housing = next((f for f in known if f.name == "monthly_housing_cost" and f.source), None)
    home = next((d for d in forms if housing and housing.source and d.doc_id == housing.source.doc_id), None)
    if "housing_status" not in seen and housing is not None and housing.source and home is not None:
        doc = home
        page = next(p.text for p in doc.pages if p.number == housing.source.page)
        label = page[page.rfind("\n", 0, housing.source.start) + 1 : housing.source.start]
        status = "rent" if _RENT_LABEL.search(label) else "own" if _OWN_LABEL.search(label) else None
        if status:
            start = page.rfind("\n", 0, housing.source.start) + 1
            end = start + len(label.rstrip(" \t:"))
            span = SourceSpan(doc_id=doc.doc_id, page=housing.source.page, start=start, end=end,
                              quote=page[start:end])  # fmt: skip
            out.append(Fact(name="housing_status", value=status, source=span, method=FactMethod.rule,
                            confidence=ROW_CONFIDENCE))  # fmt: skip
    return out
