"""Bank statements delivered as data: a transaction feed (JSON) or a transaction export (CSV).

A record is one transaction: a date, an amount and a description, in whatever shape the bank's
API writes it. Keys are compared by their words, nested objects flattened, so the common shapes
all read:

* Open Banking UK — ``Data.Transaction[]``: ``BookingDateTime``, ``CreditDebitIndicator``
  (``Credit``/``Debit``) with an unsigned ``Amount.Amount``, ``TransactionInformation``, and
  ``Balance.Amount.Amount`` when the bank sends it;
* Berlin Group (NextGenPSD2) — ``transactions.booked[]``: ``bookingDate``, a signed
  ``transactionAmount.amount``, ``remittanceInformationUnstructured``, ``creditorName`` (pending
  transactions are left out: they have not happened yet);
* a flat list of objects or CSV rows: a signed amount, or separate debit and credit columns, or
  an indicator column (``CRDT``/``DBIT``, ``S``/``H``).

A list counts as a statement when at least three records read as transactions (and most of its
records do) and money both comes in and goes out, which an export of loan applications (one
amount per row, all positive) never does. Each row's span is its record's text in the file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from underwrite.core.schemas import Document, MediaType
from underwrite.tools.intake.detect import csv_delimiter
from underwrite.tools.intake.extraction.normalize import parse_number
from underwrite.tools.intake.extraction.parse import parse_date

MIN_RECORDS = 3
_DATE_KEY = re.compile(r"date|datum|time|booked|posted|buchung", re.I)
_AMOUNT_KEY = re.compile(r"amount|amt|betrag|umsatz|value|sum", re.I)
_BALANCE_KEY = re.compile(r"balance|saldo|kontostand", re.I)
_CREDIT_KEY = re.compile(r"credit|haben|paid.?in|money.?in|deposit|eingang|gutschrift", re.I)
_DEBIT_KEY = re.compile(r"debit|soll|paid.?out|money.?out|withdrawal|ausgang|lastschrift", re.I)
_TEXT_KEY = re.compile(
    r"information|descr|remittance|narrat|memo|detail|reference|payee|payer|merchant|creditor|debtor|"
    r"counterpart|name|purpose|verwendungszweck|buchungstext|text|empfänger|auftraggeber",
    re.I,
)
_NOT_MONEY_KEY = re.compile(r"(?i:\brate\b|\bid\b|_id\b)|Id\b")  # exchange rates, transaction ids
_NOT_TEXT_KEY = re.compile(r"\bid$|_id$|Id$|iban|bic|account|currency|code|status|indicator", re.I)
_INDICATOR = {"credit": 1, "crdt": 1, "cr": 1, "c": 1, "haben": 1, "h": 1,
              "debit": -1, "dbit": -1, "dr": -1, "d": -1, "soll": -1, "s": -1}  # fmt: skip
# French, Italian and Polish column names (Montant / Libellé / Solde, Importo / Causale / Saldo,
# Kwota / Opis / Saldo; Débit-Crédit, Dare-Avere, Obciążenia-Uznania), added to the ones above.
_DATE_KEY = re.compile(_DATE_KEY.pattern + r"|data", re.I)
_AMOUNT_KEY = re.compile(_AMOUNT_KEY.pattern + r"|montant|importo|kwota", re.I)
_BALANCE_KEY = re.compile(_BALANCE_KEY.pattern + r"|solde", re.I)
_CREDIT_KEY = re.compile(_CREDIT_KEY.pattern + r"|cr[ée]dit|avere|entrate|uznani|wp[łl]yw", re.I)
_DEBIT_KEY = re.compile(_DEBIT_KEY.pattern + r"|d[ée]bit|\bdare\b|uscite|obci[ąa][żz]eni|wydatk", re.I)
_TEXT_KEY = re.compile(_TEXT_KEY.pattern + r"|libell|causale|opis|tytu[łl]", re.I)
# Scandinavian, Portuguese, Czech and Slovak ones (Bokföringsdag / Belopp / Beskrivning, Bogføringsdato /
# Beløb / Tekst, Data movimento / Valor / Descrição, Datum / Částka / Popis, Dátum / Suma / Popis).
_DATE_KEY = re.compile(_DATE_KEY.pattern + r"|dag\b|dato|dátum", re.I)
_AMOUNT_KEY = re.compile(
    _AMOUNT_KEY.pattern + r"|belopp|beløb|beløp|valor|montante|částka|čiastka|suma", re.I
)
_TEXT_KEY = re.compile(_TEXT_KEY.pattern + r"|beskrivning|beskrivelse|tekst|descri[çc]|popis", re.I)


@dataclass(frozen=True)
class Row:
    day: date
    amount: float  # signed: credits positive
    balance: float | None  # the running balance, when the statement shows it
    page: int
    start: int
    end: int
    quote: str
    checked: bool  # credit or debit is certain (balance reconciled, or stated by the record)
    text: str | None = None  # the description, when the source names it (data records)


@dataclass
class _Node:
    value: Any
    start: int
    end: int
    children: dict[str, _Node] | list[_Node] | None = None


_WS = re.compile(r"\s*")
_DECODER = json.JSONDecoder()


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # \s* always matches


def _node(text: str, pos: int) -> _Node:
    """The JSON value at ``pos`` with the character span of it and of every value inside it."""
    pos = _skip(text, pos)
    opener = text[pos]
    if opener not in "{[":
        value, end = _DECODER.raw_decode(text, pos)
        return _Node(value, pos, end)
    closer, i = ("}" if opener == "{" else "]"), _skip(text, pos + 1)
    items: list[tuple[str, _Node]] = []
    while text[i] != closer:
        name = str(len(items))
        if opener == "{":
            name, i = _DECODER.raw_decode(text, i)
            i = _skip(text, i) + 1  # past the ":"
        child = _node(text, i)
        items.append((str(name), child))
        i = _skip(text, child.end)
        i = _skip(text, i + 1) if text[i] == "," else i
    if opener == "{":
        children: dict[str, _Node] = dict(items)
        return _Node({k: c.value for k, c in children.items()}, pos, i + 1, children)
    return _Node([c.value for _, c in items], pos, i + 1, [c for _, c in items])


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict):
        for k, item in value.items():
            yield from _leaves(item, (*path, str(k)))
    elif not isinstance(value, list):
        yield path, value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not re.fullmatch(r"[-−+]?\s*[\d.,' ]+\s*[-]?", text) or not re.search(r"\d", text):
        return None
    number = parse_number(text.rstrip("-"))
    return None if number is None else (-abs(number) if text.endswith("-") else number)


_SHORT_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2})\s*$")


def _date(text: str) -> date | None:
    """A record's date; German bank exports write two-digit years (``28.02.25``), day first."""
    found = parse_date(text)
    if found is None and (m := _SHORT_DATE.match(text)):
        try:
            return date(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return found


def transaction(record: dict[str, Any]) -> tuple[date, float, float | None, str] | None:
    """(day, signed amount, balance, description) of one record, or None when it is no transaction."""
    leaves = [(path, v) for path, v in _leaves(record) if path]
    dates = [(p, d) for p, v in leaves if _DATE_KEY.search(p[-1]) and (d := _date(str(v)))]
    booked = [d for p, d in dates if re.search(r"book|buchung", p[-1], re.I)]
    numbers = [(" ".join(p), n) for p, v in leaves if (n := _number(v)) is not None]
    balance = next((n for p, n in numbers if _BALANCE_KEY.search(p)), None)
    money = [(p, n) for p, n in numbers if not _BALANCE_KEY.search(p) and not _NOT_MONEY_KEY.search(p)]
    sided = [(p, n) for p, n in money if n and (_CREDIT_KEY.search(p) or _DEBIT_KEY.search(p))]
    plain = [(p, n) for p, n in money if _AMOUNT_KEY.search(p)]
    if not dates or not (sided or plain):
        return None
    indicator = next(
        (_INDICATOR[str(v).strip().lower()] for p, v in leaves
         if isinstance(v, str) and v.strip().lower() in _INDICATOR
         and not _TEXT_KEY.search(p[-1]) and not _BALANCE_KEY.search(" ".join(p))),
        None,
    )  # fmt: skip
    if sided:
        key, amount = sided[0]
        amount = -abs(amount) if _DEBIT_KEY.search(key) else abs(amount)
    else:
        amount = plain[0][1]
        amount = amount if indicator is None else indicator * abs(amount)
    words = [str(v).strip() for p, v in leaves if isinstance(v, str) and v.strip()
             and _TEXT_KEY.search(p[-1]) and not _NOT_TEXT_KEY.search(p[-1])]  # fmt: skip
    return (booked or [d for _, d in dates])[0], round(amount, 2), balance, " ".join(words)


def _rows(records: list[tuple[dict[str, Any], int, int]], text: str) -> list[Row]:
    rows = []
    for record, start, end in records:
        found = transaction(record)
        if found is not None:
            day, amount, balance, words = found
            # checked: the record states the direction itself (sign, indicator or column)
            rows.append(Row(day, amount, balance, 1, start, end, text[start:end], True, words))
    enough = len(rows) >= MIN_RECORDS and len(rows) >= 0.8 * len(records)
    if not enough or not any(r.amount > 0 for r in rows) or not any(r.amount < 0 for r in rows):
        return []
    if rows[0].day > rows[-1].day:
        rows.reverse()  # newest first: oldest first, so a day's last row stays its last (its balance)
    return sorted(rows, key=lambda r: r.day)  # feeds are often newest first


def _lists(node: _Node, key: str = "") -> Iterator[list[_Node]]:
    if isinstance(node.children, list):
        if (
            key.lower() != "pending"
            and node.children
            and all(isinstance(c.value, dict) for c in node.children)
        ):
            yield node.children
        for child in node.children:
            yield from _lists(child)
    elif isinstance(node.children, dict):
        for k, child in node.children.items():
            yield from _lists(child, k)


def json_rows(text: str) -> list[Row]:
    try:
        root = _node(text, 0)
    except (ValueError, IndexError, RecursionError):  # not JSON we can walk: no feed
        return []
    rows: list[Row] = []
    for items in _lists(root):
        rows += _rows([(c.value, c.start, c.end) for c in items], text)
    return sorted(rows, key=lambda r: r.day)


def csv_rows(text: str) -> list[Row]:
    delimiter = csv_delimiter(text)
    lines, offset, spans = text.split("\n"), 0, []
    for line in lines:
        if line.strip():
            spans.append((offset, offset + len(line.rstrip("\r"))))
        offset += len(line) + 1
    parsed = list(csv.reader([text[s:e] for s, e in spans], delimiter=delimiter))
    # Bank exports often open with a preamble (account, download date, balance) above the header
    # row: the header is the first row of words alone under which the records read as transactions.
    for at, header in enumerate(parsed[:MAX_PREAMBLE]):
        if at and not _is_header(header):
            continue
        if len(parsed) - at < MIN_RECORDS + 1:
            return []
        records = [
            (dict(zip(header, row, strict=False)), s, e)
            for row, (s, e) in zip(parsed[at + 1 :], spans[at + 1 :], strict=True)
        ]
        if found := _rows(records, text):
            return found
    return []


MAX_PREAMBLE = 12


def _is_header(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(cells) >= 3 and all(re.search(r"[^\W\d_]", c) and not re.search(r"\d", c) for c in cells)


def record_rows(doc: Document) -> list[Row]:
    """Transaction rows of a JSON feed or CSV export (empty when it holds no transaction list)."""
    if doc.media_type == MediaType.json:
        return json_rows(doc.pages[0].text)
    if doc.media_type == MediaType.csv:
        return csv_rows(doc.pages[0].text)
    return []
