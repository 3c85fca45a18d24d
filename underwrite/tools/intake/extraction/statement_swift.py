"""Bank statements in the two interbank formats: SWIFT MT940 and ISO 20022 camt.053.

European banks hand these out as "the statement file" (`.sta`, `.mt940`, `.xml`), and they are
what an accounting package exports. Both state every booking's direction (MT940's ``C``/``D`` mark,
camt's ``CdtDbtInd``) and the opening balance, so each row's running balance is the opening balance
plus the bookings so far, as a printed statement would show it; month-end balances then come from
the same rows as on a PDF statement.

* MT940: ``:60F:``/``:60M:`` opening balance, ``:61:`` booking (value date YYMMDD, optional entry
  date MMDD, ``C``/``D``/``RC``/``RD``, amount with a decimal comma), ``:86:`` its description
  (``?20``–``?29`` purpose lines and ``?32``/``?33`` the counterparty, German structured form, or
  free text); several statements (``:20:`` blocks) follow each other in one file.
* camt.053: ``Stmt`` blocks with ``Bal`` (``OPBD``) and ``Ntry`` (``Amt``, ``CdtDbtInd``,
  ``BookgDt``; pending ``PDNG`` entries left out), the description from ``Ustrd``, ``AddtlNtryInf``
  and the counterparty's name. Read by pattern, not by an XML parser, so each row keeps its span.
"""

from __future__ import annotations

import re
from datetime import date

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.extraction.statement_records import Row

_TAG = re.compile(r"^:(\d\d[A-Z]?):", re.MULTILINE)
_BALANCE = re.compile(r"^(?P<mark>[CD])(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)[A-Z]{3}(?P<amount>\d+,\d*)")
_BOOKING = re.compile(
    r"^(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)(?:\d{4})?(?P<mark>R?[CD])[A-Z]?(?P<amount>\d+,\d*)"
)
_SUBFIELD = re.compile(r"\?(\d\d)")
MIN_ROWS = 3


def is_mt940(text: str) -> bool:
    return bool(re.search(r"^:20:", text, re.M) and re.search(r"^:61:", text, re.M))


def _amount(text: str) -> float:
    return float(text.replace(",", "."))


def _description(field: str) -> str:
    """An ``:86:`` field's words: the purpose lines and the counterparty of the structured form."""
    flat = field.replace("\r", "").replace("\n", "")
    if not _SUBFIELD.search(flat):
        return " ".join(flat.split())
    parts = _SUBFIELD.split(flat)
    codes = dict(zip(parts[1::2], parts[2::2], strict=False))
    # ?20-?29 are one purpose text cut into 27-character lines (words run across the cut): joined as is
    purpose = "".join(v for k, v in codes.items() if 20 <= int(k) <= 29)
    others = [v for k, v in codes.items() if k in ("00", "32", "33")]
    words = " ".join([*others, purpose])
    return " ".join(re.sub(r"\b(?:EREF|MREF|CRED|SVWZ|ABWA|KREF)\+", " ", words).split())


def mt940_rows(text: str) -> list[Row]:
    """Every booking of an MT940 file, oldest first, with its running balance and its span."""
    marks = list(_TAG.finditer(text))
    rows: list[Row] = []
    balance: float | None = None
    for i, m in enumerate(marks):
        tag, end = m.group(1), marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end() : end]
        if tag in ("60F", "60M") and (b := _BALANCE.match(body)):
            balance = _amount(b["amount"]) * (1 if b["mark"] == "C" else -1)
        elif tag == "61" and (b := _BOOKING.match(body)) and balance is not None:
            # A reversal (RC/RD) undoes a booking the other way: RC is a debit, RD a credit.
            sign = 1 if b["mark"] in ("C", "RD") else -1
            amount = round(sign * _amount(b["amount"]), 2)
            balance = round(balance + amount, 2)
            words, stop = "", end
            if i + 1 < len(marks) and marks[i + 1].group(1) == "86":
                stop = marks[i + 2].start() if i + 2 < len(marks) else len(text)
                words = _description(text[marks[i + 1].end() : stop])
            day = date(2000 + int(b["y"]), int(b["m"]), int(b["d"]))
            quote = text[m.start() : stop].rstrip()
            rows.append(Row(day, amount, balance, 1, m.start(), m.start() + len(quote), quote, True, words))
    return rows if len(rows) >= MIN_ROWS else []


_STMT = re.compile(r"<(?:\w+:)?Stmt>(.*?)</(?:\w+:)?Stmt>", re.S)
_ENTRY = re.compile(r"<(?:\w+:)?Ntry>(.*?)</(?:\w+:)?Ntry>", re.S)
_BAL = re.compile(r"<(?:\w+:)?Bal>(.*?)</(?:\w+:)?Bal>", re.S)


def _first(tag: str, block: str) -> str | None:
    m = re.search(rf"<(?:\w+:)?{tag}(?:\s[^>]*)?>([^<]*)</(?:\w+:)?{tag}>", block)
    return m.group(1).strip() if m else None


def _signed(block: str) -> float | None:
    amount, mark = _first("Amt", block), _first("CdtDbtInd", block)
    if amount is None or mark not in ("CRDT", "DBIT"):
        return None
    return round(float(amount) * (1 if mark == "CRDT" else -1), 2)


def _party(block: str, mark: str) -> str:
    """The counterparty's name: the creditor of a debit, the debtor of a credit."""
    side = "Cdtr" if mark == "DBIT" else "Dbtr"
    m = re.search(rf"<(?:\w+:)?{side}>(.*?)</(?:\w+:)?{side}>", block, re.S)
    return (_first("Nm", m.group(1)) or "") if m else ""


def camt053_rows(text: str) -> list[Row]:
    """Every booked entry of a camt.053 file, oldest first, with its running balance and its span."""
    rows: list[Row] = []
    for stmt in _STMT.finditer(text):
        opening = next(
            (
                _signed(b.group(1))
                for b in _BAL.finditer(stmt.group(1))
                if _first("Cd", b.group(1)) in ("OPBD", "PRCD")
            ),
            None,
        )
        if opening is None:
            continue
        balance = opening
        for entry in _ENTRY.finditer(text, stmt.start(1), stmt.end(1)):
            block = entry.group(1)
            status = re.search(r"<(?:\w+:)?Sts>\s*(?:<(?:\w+:)?Cd>)?\s*(\w+)", block)
            amount = _signed(block)
            booked = re.search(r"<(?:\w+:)?BookgDt>\s*<(?:\w+:)?Dt(?:Tm)?>(\d{4})-(\d\d)-(\d\d)", block)
            if amount is None or booked is None or (status and status.group(1) in ("PDNG", "INFO")):
                continue
            balance = round(balance + amount, 2)
            texts = re.findall(r"<(?:\w+:)?(?:Ustrd|AddtlNtryInf|AddtlTxInf)>([^<]*)<", block)
            words = " ".join([_party(block, "CRDT" if amount > 0 else "DBIT"), *texts]).strip()
            day = date(int(booked[1]), int(booked[2]), int(booked[3]))
            quote = text[entry.start() : entry.end()]
            rows.append(
                Row(day, amount, balance, 1, entry.start(), entry.end(), quote, True, " ".join(words.split()))
            )
    return sorted(rows, key=lambda r: r.day) if len(rows) >= MIN_ROWS else []


def interbank_rows(text: str, media_type: MediaType) -> list[Row]:
    """The bookings of an MT940 or camt.053 file; empty for anything else."""
    if media_type == MediaType.xml and "camt.053" in text[:2000]:
        return camt053_rows(text)
    if media_type not in (MediaType.xml, MediaType.json, MediaType.csv) and is_mt940(text):
        return mt940_rows(text)
    return []
