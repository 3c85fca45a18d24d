"""A table of existing credits, one row per credit: the monthly payments that will go on, summed.

Forms and web-form exports list the applicant's credits as records, not as label/value pairs::

    Creditor | Type        | Balance outstanding | Monthly payment | Months left
    Santander| Car loan    | £6,100              | £215            | 29
    Total    |             | £8,500              | £290            |

Read as pairs, such a row says nothing true ("Total" = £8,500 looked like a revenue line), so the
header switches :mod:`kv` off for the rows below it and this module reads them instead. The header
is a row of column names with one for the monthly payment and one for the creditor, the credit's
type or its balance. ``monthly_debt_payments`` is the sum of the payment column over the rows that
go on after this loan: a row marked as repaid from this loan (consolidated, refinanced, abgelöst …)
is left out, and so is a mortgage row (an owner's mortgage is the housing cost, not a debt payment).
A total row is used only when no credit row could be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underwrite.core.schemas import Document, Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.currency import unit_currency
from underwrite.tools.intake.extraction.kv_parties import RULE_LINE, positional_cells
from underwrite.tools.intake.extraction.parse import money_tokens

_PAYMENT = re.compile(
    r"monthly|per\s+month|/\s*month|p\.\s?m\.|\bpcm\b|instal+ment|repayment|payment"
    r"|monatl|mtl\.|\brate\b|mensualit|mensuel|cuota|mensual|rata|mensile|maand|prestação|parcela|mensal"
    r"|/\s*mån|per\s+månad|månads|månedlig|terminbeløp|ydelse|měsíční|splátk|mesačn|miesięczn"
    r"|月供|月还款|每月",
    re.I,
)
_CREDITOR = re.compile(
    r"creditor|lender|provider|bank|institution|\btype\b|facility|gläubiger|kreditgeber|\bart\b"
    r"|créancier|prêteur|organisme|acreedor|entidad|tipo|creditore|finanziat|istituto|kredietgever"
    r"|verstrekker|soort|credor|entidade|modalidade|långivare|\btyp\b|kreditgiver|långiver|věřitel"
    r"|poskytovatel|druh|veriteľ|wierzyciel|kredytodawca|rodzaj|债权人|贷款机构|类型",
    re.I,
)
_BALANCE = re.compile(
    r"balance|outstanding|owed|restschuld|saldo|solde|capital\s+restant|skuld\s+kvar|restgjeld|restgæld"
    r"|zůstatek|zostatok|pozosta|余额",
    re.I,
)
# Columns that only sound like the payment: a balance, a limit, a due date, the rate, months left.
_NOT_PAYMENT = re.compile(
    r"balance|outstanding|saldo|skuld|restschuld|restgjeld|limit|ramme|zůstatek|date|\bday\b|datum|fällig"
    r"|interest|zins|taux|tasso|tasa|juros|rente|ränta|úrok|number|anzahl|count|left|remaining|rest",
    re.I,
)
_TOTAL = re.compile(
    r"^\W*(?:total|sum\b|summe|gesamt|insgesamt|totale|totaal|totalt|samlet|celkem|spolu|razem|合计|总计)",
    re.I,
)
# A credit this loan pays off, in the row's words: it will not go on.
_ENDS = re.compile(
    r"to\s+be\s+(?:re)?paid|repaid\s+(?:from|by|with)|paid\s+off|pay(?:ing)?\s+off|consolidat|refinanc"
    r"|settled|to\s+be\s+closed|abgelöst|ablösen|ablösung|umschuld|à\s+solder|rachat|a\s+cancelar"
    r"|liquidar|da\s+estinguere|afgelost|aflossen|quitad|quitar|lösas|innfris|doplat|splacen|spłac",
    re.I,
)
_MORTGAGE = re.compile(
    r"mortgage|baufinanz|hypothek|prêt\s+immobilier|hipoteca|mutuo|hypotheek|imobiliário|habitação"
    r"|bolån|boliglån|hypot[ée]|hipoteczn|房贷",
    re.I,
)
_NONE = re.compile(r"^[\s\-–—/]*$|^(?:n/?a|none|keine|nil)$", re.I)
CONFIDENCE = 0.85


@dataclass(frozen=True)
class Columns:
    """A debts table's header: its separator, number of cells and the payment column's index."""

    sep: str
    width: int
    payment: int


def debt_columns(line: str, sep: str) -> Columns | None:
    """The header of a table of credits, or None when ``line`` is not one."""
    cells = [line[s:e].strip().strip("*_").strip() for s, e in positional_cells(line, sep)]
    if len(cells) < 3 or any(money_tokens(c) for c in cells):
        return None
    payment = [i for i, c in enumerate(cells) if _PAYMENT.search(c) and not _NOT_PAYMENT.search(c)]
    others = [c for i, c in enumerate(cells) if i not in payment]
    if len(payment) != 1 or not any(_CREDITOR.search(c) or _BALANCE.search(c) for c in others):
        return None
    return Columns(sep, len(cells), payment[0])


@dataclass(frozen=True)
class Row:
    start: int  # offsets into the page of the payment cell
    end: int
    amount: float
    total: bool
    kept: bool  # False: a credit that ends with this loan, or a mortgage


def in_table(line: str, columns: Columns) -> bool:
    """Whether ``line`` still belongs to the table: a row as wide as its header, or a rule line."""
    if columns.sep not in line:
        return False
    return bool(RULE_LINE.match(line)) or len(positional_cells(line, columns.sep)) == columns.width


def table_rows(lines: list[str], offsets: list[int], columns: Columns) -> list[Row]:
    """The rows under a header (``lines`` start just below it) up to the first line of another shape."""
    rows = []
    for line, offset in zip(lines, offsets, strict=True):
        if not in_table(line, columns):
            break
        if RULE_LINE.match(line):
            continue
        cells = positional_cells(line, columns.sep)
        s, e = cells[columns.payment]
        cell = line[s:e]
        tokens = money_tokens(cell)
        if len(tokens) != 1:
            continue  # "-" (a card with no fixed payment) or a cell that is not one amount
        first = line[cells[0][0] : cells[0][1]]
        words = " ".join(line[a:b] for i, (a, b) in enumerate(cells) if i != columns.payment)
        kept = not (_ENDS.search(line) or _MORTGAGE.search(words))
        start, end = offset + s, offset + e  # the whole cell: "£215" keeps its currency mark
        rows.append(Row(start, end, tokens[0].value, bool(_TOTAL.search(first)), kept))
    return rows


def page_tables(text: str) -> list[list[Row]]:
    """Every table of credits on a page of text, its rows with offsets into ``text``."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    tables = []
    for i, line in enumerate(lines):
        sep = "\t" if "\t" in line else "|" if "|" in line else None
        if sep and (columns := debt_columns(line, sep)) is not None:
            tables.append(table_rows(lines[i + 1 :], offsets[i + 1 :], columns))
    return [t for t in tables if t]


def debt_table_facts(documents: list[Document], known: list[Fact]) -> list[Fact]:
    """``monthly_debt_payments`` from the first form whose table of credits has a payment to read."""
    if any(f.name == "monthly_debt_payments" for f in known):
        return []
    for doc in (d for d in documents if d.kind in ("application_form", "credit_report")):
        for page in doc.pages:
            for rows in page_tables(page.text):
                credits = [r for r in rows if not r.total]
                # No credit row read: the table's own total; every credit ending with this loan: 0.
                used = [r for r in credits if r.kept] if credits else [r for r in rows if r.total][:1]
                quoted = used or credits
                if not quoted:
                    continue
                first, last = quoted[0], quoted[-1]
                span = SourceSpan(doc_id=doc.doc_id, page=page.number, start=first.start, end=last.end,
                                  quote=page.text[first.start : last.end])  # fmt: skip
                total = round(sum(r.amount for r in used), 2)
                return [Fact(name="monthly_debt_payments", value=total, source=span, method=FactMethod.rule,
                             unit=f"{unit_currency(doc, known)}/month", confidence=CONFIDENCE)]  # fmt: skip
    return []
