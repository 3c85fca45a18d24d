"""Statement rows with one amount and no running balance: debit or credit from the period's balances.

Many statements print a debit and a credit column ("Af"/"Bij", "Soll"/"Haben", "Débit"/"Crédit")
and only an opening and a closing balance per period. Once the page is text the empty cell is gone,
so "925,00" and "2.780,45" look alike. The period's balances decide: the credits are the rows whose
sum makes opening − debits + credits equal closing, and when exactly one choice of rows does that
(a subset sum over the period's amounts, in cents) every row's direction is known and checked and
the running balance can be written in. When no choice or more than one fits, a row is a credit only
if its text says so (salary and transfer-in wordings) and the row stays unchecked.

Such statements often print a row's date as day and month only ("25-04"); the year is the one of
the statement's first full date (its period), one more after a December-to-January turn. The
row's amount is its last number with cents; a whole number before it is part of the description
("Albert Heijn 1402 Zwolle 97,80").

A wrapped description cell often prints its first line above the row's date (the date is centred
in the cell): a line of one cell with neither a date nor an amount, just above a row, is read as
the start of that row's description.
"""

from __future__ import annotations

import re
from datetime import date

from underwrite.core.schemas import Document
from underwrite.tools.intake.extraction.parse import find_date, money_tokens
from underwrite.tools.intake.extraction.statement_records import Row

MAX_SUMS = 200_000
"""Stop the subset search when this many partial sums are live (a statement of hundreds of rows)."""
CREDIT_WORDS = re.compile(
    r"salar(?:y|is|io)|wages?\b|payroll|gehalt|lohn|salaire|stipendio|nómina|nomina|pension|"
    r"bijschrijving|gutschrift|refund|erstattung|terugbetaling|transfer from|storting",
    re.I,
)


def leading_dates(line: str) -> tuple[date | None, int]:
    """The first leading date and where the text after all leading dates begins."""
    first, pos = None, 0
    while True:
        rest = line[pos:]
        stripped = len(rest) - len(rest.lstrip())
        hit = find_date(rest)
        if hit is None or hit[1] != stripped:
            return first, pos
        first = first or hit[0]
        pos += hit[2]


_DAY_MONTH = re.compile(r"\s*(\d{1,2})[-./](\d{1,2})\.?(?![-./]?\d)")
_CENTS = re.compile(r"\d[.,]\d{2}$")


def _row_date(line: str, year: int | None, last: date | None) -> tuple[date | None, int]:
    """A leading full date, or a leading day-month read in the statement's year."""
    day, rest_at = leading_dates(line)
    if day is not None or year is None or not (m := _DAY_MONTH.match(line)):
        return day, rest_at
    try:
        found = date(year, int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None, 0
    if last is not None and found.month < last.month - 6:  # the period runs into January
        found = found.replace(year=last.year + 1)
    elif last is not None:
        found = found.replace(year=last.year)
    return found, m.end()


def credit_choice(opening: float, amounts: list[float], closing: float) -> list[bool] | None:
    """Which amounts are credits, when exactly one choice takes opening to closing (else None)."""
    cents = [round(abs(a) * 100) for a in amounts]
    twice = round((closing - opening) * 100) + sum(cents)  # = 2 x the credits' total
    if twice < 0 or twice % 2:
        return None
    target = twice // 2
    # partial sum -> (number of ways, capped at 2; the rows of one way as a bit mask)
    sums: dict[int, tuple[int, int]] = {0: (1, 0)}
    for i, c in enumerate(cents):
        grown = dict(sums)
        for total, (ways, mask) in sums.items():
            if total + c > target:
                continue
            old = grown.get(total + c)
            grown[total + c] = (min(2, ways + (old[0] if old else 0)), old[1] if old else mask | 1 << i)
        sums = grown
        if len(sums) > MAX_SUMS:
            return None
    ways, mask = sums.get(target, (0, 0))
    return [bool(mask >> i & 1) for i in range(len(cents))] if ways == 1 else None


def _close(period: list[Row], opening: float | None, closing: float | None) -> list[Row]:
    """The period's rows with directions (and balances) read from its opening and closing balance."""
    choice = None
    if opening is not None and closing is not None and period:
        choice = credit_choice(opening, [r.amount for r in period], closing)
    if choice is None:
        return [
            Row(r.day, r.amount if CREDIT_WORDS.search(r.text or "") else -r.amount, None,
                r.page, r.start, r.end, r.quote, False, r.text)
            for r in period
        ]  # fmt: skip
    out, balance = [], float(opening or 0.0)
    for row, credit in zip(period, choice, strict=True):
        signed = row.amount if credit else -row.amount
        balance = round(balance + signed, 2)
        out.append(Row(row.day, signed, balance, row.page, row.start, row.end, row.quote, True, row.text))
    return out


def unsigned_rows(doc: Document, opening_words: tuple[str, ...], closing_words: tuple[str, ...]) -> list[Row]:
    """Rows of one amount each, grouped into periods by the opening and closing balance lines."""
    rows: list[Row] = []
    period: list[Row] = []
    opening: float | None = None
    first = find_date(doc.text)
    year, last = (first[0].year if first else None), None
    for page in doc.pages:
        offset, above, above_at = 0, "", 0
        for line in page.text.split("\n"):
            lowered = line.lower()
            day, rest_at = _row_date(line, year, last)
            tokens = money_tokens(line[rest_at:])
            if any(w in lowered for w in opening_words) and tokens:
                rows += _close(period, None, None)
                period, opening = [], tokens[-1].value
            elif any(w in lowered for w in closing_words) and tokens:
                rows += _close(period, opening, tokens[-1].value)
                period, opening = [], None
            elif day is not None and tokens and _CENTS.search(line[rest_at:][: tokens[-1].end].strip()):
                last = day
                own = line[rest_at : rest_at + tokens[-1].start].strip(" \t-")
                text = f"{above} {own}".strip()
                start, end = (above_at if above else offset), offset + len(line.rstrip())
                period.append(Row(day, abs(tokens[-1].value), None, page.number, start, end,
                                  page.text[start:end], False, text))  # fmt: skip
            plain = line.strip()
            above = plain if plain and "\t" not in plain and not tokens and day is None else ""
            above_at = offset
            offset += len(line) + 1
    rows += _close(period, None, None)
    return rows if len(rows) >= 3 else []
