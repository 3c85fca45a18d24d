"""Bank-statement facts from transaction rows, whatever the column layout.

A transaction row starts with a date (or two: booking and value date) and ends with two amounts:
the transaction and the running balance. Whether it is a credit or a debit is read from the change
in balance, which works for signed-amount, debit/credit-column and value-date layouts alike; the
amount's own sign is the fallback when the previous balance is unknown. Transaction feeds (JSON)
and exports (CSV) give the same rows from their records (:mod:`statement_records`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction.currency import APPLICATION_CURRENCY, doc_currency
from underwrite.tools.intake.extraction.parse import find_date, money_tokens
from underwrite.tools.intake.extraction.statement_records import Row, record_rows
from underwrite.tools.intake.extraction.statement_swift import interbank_rows
from underwrite.tools.intake.extraction.statement_unsigned import leading_dates, unsigned_rows

__all__ = ["Row", "statement_facts", "statement_rows"]

OPENING_WORDS = ("opening balance", "brought forward", "anfangssaldo", "saldovortrag", "alter kontostand",
                 "期初余额", "上期余额", "beginsaldo", "solde initial", "ancien solde", "saldo inicial",
                 "saldo iniziale")  # fmt: skip
CLOSING_WORDS = ("closing balance", "endsaldo", "neuer kontostand", "期末余额", "eindsaldo", "nouveau solde",
                 "solde final", "saldo final", "saldo finale")  # fmt: skip


_DELIMITED = re.compile(r"[;\t]")


def delimited_dates(line: str) -> tuple[date | None, int]:
    """A row of an export whose date is not its first cell ("1;8214-7;…;2025-08-01;2025-08-01;…"):
    the first date cell, and where the text after the last date cell begins (account numbers and
    row numbers before the dates are no amounts)."""
    if len(_DELIMITED.findall(line)) < 3:
        return None, 0
    first, after, pos = None, 0, 0
    for cell in _DELIMITED.split(line):
        hit = find_date(cell)
        if hit is not None and not cell[: hit[1]].strip(' "') and not cell[hit[2] :].strip(' "'):
            first = first or hit[0]
            after = pos + len(cell)
        pos += len(cell) + 1
    return first, after


def statement_rows(doc: Document) -> tuple[float | None, list[Row]]:
    if doc.media_type in (MediaType.json, MediaType.csv) and (records := record_rows(doc)):
        return None, records  # else a headerless CSV may still read as text rows below
    if records := interbank_rows(doc.pages[0].text if doc.pages else "", doc.media_type):
        return None, records
    opening: float | None = None
    rows: list[Row] = []
    previous: float | None = None
    for page in doc.pages:
        offset = 0
        for line in page.text.split("\n"):
            lowered = line.lower()
            day, rest_at = leading_dates(line)
            if day is None:
                day, rest_at = delimited_dates(line)
            tokens = money_tokens(line[rest_at:])
            if any(word in lowered for word in OPENING_WORDS):
                if tokens:
                    opening = previous = tokens[-1].value
            elif day is not None and len(tokens) >= 2 and not any(w in lowered for w in CLOSING_WORDS):
                amount, balance = abs(tokens[-2].value), tokens[-1].value
                checked = previous is not None and abs(abs(balance - previous) - amount) < 0.015
                signed = (balance - previous) if checked and previous is not None else tokens[-2].value
                start, end = offset, offset + len(line.rstrip())
                rows.append(
                    Row(day, round(signed, 2), balance, page.number, start, end, line.rstrip(), checked)
                )
                previous = balance
            offset += len(line) + 1
    if not rows:  # no running balance: one amount per row between the balances (statement_unsigned)
        return opening, unsigned_rows(doc, OPENING_WORDS, CLOSING_WORDS)
    return opening, rows


def statement_facts(doc: Document) -> list[Fact]:
    """Average monthly deposits and average month-end balance over the months the statement covers."""
    _, rows = statement_rows(doc)
    if not rows:
        return []
    credits: dict[tuple[int, int], float] = defaultdict(float)
    month_end: dict[tuple[int, int], float] = {}
    for row in rows:
        key = (row.day.year, row.day.month)
        credits[key] += max(row.amount, 0.0)
        if row.balance is not None:
            month_end[key] = row.balance
    months = len({(row.day.year, row.day.month) for row in rows})
    confidence = round(sum(r.checked for r in rows) / len(rows), 3)
    # An average rests on every transaction line, not one: the span covers the statement's rows
    # on the page where they start (a span is one page; later pages hold the rest of the table).
    page_no = rows[0].page
    on_page = [r for r in rows if r.page == page_no]
    text = next(p.text for p in doc.pages if p.number == page_no)
    start, end = on_page[0].start, on_page[-1].end
    table = SourceSpan(doc_id=doc.doc_id, page=page_no, start=start, end=end, quote=text[start:end])

    # The account's currency from the start (the conversion step converts it if it is not EUR).
    unit = doc_currency(doc).main or APPLICATION_CURRENCY
    averages = {"statement_avg_monthly_deposits": credits}
    if len(month_end) == months:  # a feed without running balances says nothing of month-end balances
        averages["statement_avg_closing_balance"] = month_end
    return [
        Fact(
            name=name,
            value=round(sum(per_month.values()) / months, 2),
            unit=unit,
            source=table,
            method=FactMethod.rule,
            confidence=confidence,
        )
        for name, per_month in averages.items()
    ]
