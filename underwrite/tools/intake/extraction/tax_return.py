"""A tax calculation or assessment (HMRC SA302, Einkommensteuerbescheid, Form 1040, avis d'impôt …).

Self-employed applicants prove their income with the tax office's calculation, not a pay slip::

    Mr Gareth Hollis        Tax reference (UTR)   58213 44107
    Tax year 6 April 2024 to 5 April 2025
    Profit from self-employment   46,850.00
    Total income received         46,850.00
    minus Personal Allowance      12,570.00

Read as sentences such a page says nothing true (its taxable income had been read as a monthly
debt payment), so it is a kind of its own and only this module reads it:

- ``annual_income``: the total income line of the **latest** tax year the document covers (an SA302
  print-out holds two or more years, newest first or not); the allowance, taxable income, tax and
  payments on account are not income;
- ``employment_status``: ``self-employed`` when a profit from self-employment (trade, business,
  Gewerbebetrieb, selbständige Arbeit, Schedule C, BIC/BNC) is stated above zero;
- ``applicant_name``: the taxpayer the calculation is addressed to (a name after a courtesy title
  at the head of the first page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Document, Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.field_values import without_courtesy
from underwrite.tools.intake.extraction.kv import document_pairs
from underwrite.tools.intake.extraction.normalize import parse_number
from underwrite.tools.intake.extraction.values import UNITS

KIND = "tax_return"
CONFIDENCE = 0.9
_I = re.IGNORECASE
_TOTAL_INCOME = re.compile(
    r"^(?:total\s+income(?:\s+received)?|total\s+income\s+\(line\s*\d+\)|adjusted\s+gross\s+income"
    r"|summe\s+der\s+einkünfte|gesamtbetrag\s+der\s+einkünfte|revenu\s+brut\s+global|revenu\s+total"
    r"|totaal\s+inkomen|reddito\s+complessivo|rendimiento\s+total)\b(?!.*\b(?:tax\s+is\s+due|charged|taxable)\b)",
    _I,
)
_SELF_EMPLOYED = re.compile(
    r"self[- ]employment|from\s+(?:a\s+)?(?:trade|business)|schedule\s+c\b|gewerbebetrieb"
    r"|selbst(?:ä|ae)ndige[rn]?\s+arbeit|bénéfices\s+(?:industriels|non\s+commerciaux)|\bBIC\b|\bBNC\b"
    r"|actividades\s+económicas|lavoro\s+autonomo|winst\s+uit\s+onderneming",
    _I,
)
_TAX_YEAR = re.compile(
    r"(?:tax\s+year|year\s+ended|tax\s+period|veranlagungszeitraum|steuerjahr|kalenderjahr|année|"
    r"ejercicio|periodo\s+d'imposta|belastingjaar)\D{0,40}",
    _I,
)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_ADDRESSEE = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Herrn?|Frau|M\.|Mme|Monsieur|Madame|Sr\.|Sra\.)\s+"
    r"(?P<name>[A-ZÄÖÜÉ][\w'’-]+(?: [A-ZÄÖÜÉ][\w'’-]+){1,3})",
)


@dataclass(frozen=True)
class _Hit:
    name: str
    value: float | str
    page: int
    start: int
    end: int


def _tax_year(text: str) -> int:
    """The latest calendar year a tax-year heading on the page names (0 when none does)."""
    years = [int(y) for m in _TAX_YEAR.finditer(text) for y in _YEAR.findall(text, m.end(), m.end() + 40)]
    return max(years, default=0)


def _income(doc: Document) -> _Hit | None:
    year_of = {page.number: _tax_year(page.text) for page in doc.pages}
    best: tuple[int, _Hit] | None = None
    for pair in document_pairs(doc):
        if not _TOTAL_INCOME.match(pair.label.strip()):
            continue
        value = parse_number(pair.value)
        if value is None or value <= 0:
            continue
        year = year_of.get(pair.page, 0)
        if best is None or year > best[0]:  # the first of the latest year's total income lines
            best = (year, _Hit("annual_income", value, pair.page, pair.start, pair.end))
    return best[1] if best else None


def _self_employed(doc: Document) -> _Hit | None:
    for pair in document_pairs(doc):
        value = parse_number(pair.value)
        if _SELF_EMPLOYED.search(pair.label) and value is not None and value > 0:
            page = next(p for p in doc.pages if p.number == pair.page)
            start = page.text.rfind("\n", 0, pair.start) + 1
            found = _SELF_EMPLOYED.search(page.text, start, pair.start)
            if found:
                return _Hit("employment_status", "self-employed", pair.page, *found.span())
    return None


def _addressee(doc: Document) -> _Hit | None:
    page = doc.pages[0]
    offset = 0
    for line in page.text.split("\n")[:15]:
        m = _ADDRESSEE.match(line)
        if m:
            name = without_courtesy(m.group(0))  # the name ends at the tab before "Tax reference"
            return _Hit("applicant_name", name, page.number, offset + m.start(), offset + m.end())
        offset += len(line) + 1
    return None


def tax_return_facts(documents: list[Document]) -> list[Fact]:
    """Income, self-employment and the taxpayer's name from each tax calculation in ``documents``."""
    facts: list[Fact] = []
    for doc in documents:
        if doc.kind != KIND or not doc.pages:
            continue
        texts = {p.number: p.text for p in doc.pages}
        for hit in (_income(doc), _self_employed(doc), _addressee(doc)):
            if hit is None:
                continue
            span = SourceSpan(
                doc_id=doc.doc_id, page=hit.page, start=hit.start, end=hit.end,
                quote=texts[hit.page][hit.start : hit.end],
            )  # fmt: skip
            unit = UNITS.get(FIELDS[hit.name].kind)
            facts.append(
                Fact(
                    name=hit.name, value=hit.value, unit=unit, source=span,
                    method=FactMethod.rule, confidence=CONFIDENCE,
                )
            )  # fmt: skip
    return facts
