"""Money facts in the application currency (EUR): converted with a dated rate table, or left unread.

Every money fact's currency is read from its text (:mod:`currency`). An amount in EUR stays as it is.
An amount in another currency is converted with the configured rate table (``UW_FX_RATES``, else the
packaged ``fx_rates.json``: ECB reference rates of one stated day); the fact keeps the amount as
stated, its currency and the rate in ``Fact.conversion``, and its document a note saying so. With no
rate for the currency the fact is dropped, so no ratio or rule runs on it, and its document is
flagged in words: "Net monthly income stated in USD ...; no conversion rate configured for USD —
enter the EUR amount". A document whose amounts are in more than one currency is flagged too.

Document flags (``Document.flags``) name what happened; each has a note (``Document.notes``) that
starts with the flag's code, which the agent shows as the flag's message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import Conversion, Document, Fact, as_number
from underwrite.core.settings import get_settings
from underwrite.tools.intake.extraction.crowns import CROWN_MARK
from underwrite.tools.intake.extraction.currency import (
    APPLICATION_CURRENCY,
    DocCurrency,
    doc_currency,
    fact_currency,
    known_codes,
)
from underwrite.tools.intake.extraction.field_values import ANNUAL_FIELDS, MONTHLY_FIELDS

RATES_FILE = Path(__file__).with_name("fx_rates.json")
CONVERTED = "currency_converted"
UNCONVERTED = "currency_unconverted"
MIXED = "mixed_currencies"
STALE = "currency_rates_stale"
CURRENCY_FLAGS = (CONVERTED, UNCONVERTED, MIXED, STALE)
STALE_AFTER_DAYS = 31
"""A rate table dated more than this before the application is flagged. Within a month the main
pairs (EUR/USD, EUR/GBP, EUR/CHF) usually move 1-3%, less than the margin of the affordability
rules' whole-percent thresholds; over several months moves of 5-10% happen (GBP 2016 and 2022, USD
2022), enough to carry a debt-to-income ratio across a threshold. The ECB publishes daily, so a
table a month old means nobody refreshed it."""


class RateTable(BaseModel):
    """A dated table of exchange rates: units of each currency per 1 EUR (the ECB's quotation)."""

    version: int = 1
    as_of: date
    source: str = Field(min_length=1, description="Where the rates come from")
    quote: str = ""
    rates: dict[str, float] = Field(default_factory=dict)

    def per_eur(self, code: str) -> float | None:
        rate = self.rates.get(code.upper())
        return rate if rate is not None and rate > 0 else None


@dataclass(frozen=True)
class Rates:
    """The table in force, or why there is none (a configured file that cannot be read)."""

    table: RateTable | None
    problem: str | None = None


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> Rates:
    try:
        return Rates(RateTable.model_validate_json(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        return Rates(None, f"rate table {path} cannot be read ({exc.strerror or exc})")
    except ValidationError as exc:
        return Rates(None, f"rate table {path} is not a valid table ({exc.error_count()} error(s))")


def configured_rates() -> Rates:
    """The rate table ``UW_FX_RATES`` names, else the packaged one."""
    path = get_settings().fx_rates or RATES_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return Rates(None, f"rate table {path} does not exist")
    return _read(str(path), mtime)


@dataclass(frozen=True)
class CurrencyNote:
    doc_id: str
    flag: str
    text: str


def _suffix(fact: Fact) -> str:
    """The period the unit states (``/month``), or the one the field is kept in."""
    if fact.unit and "/" in fact.unit:
        return "/" + fact.unit.split("/", 1)[1]
    return "/month" if fact.name in MONTHLY_FIELDS else "/year" if fact.name in ANNUAL_FIELDS else ""


def _is_money(fact: Fact) -> bool:
    spec = FIELDS.get(fact.name)
    number = as_number(fact.value, parse_text=False)
    return spec is not None and spec.kind == FieldKind.money and number is not None


def _convert(fact: Fact, code: str, rates: Rates) -> tuple[Fact | None, str, str]:
    """(the fact in EUR or None, flag, note) for a fact stated in ``code``."""
    label, suffix = FIELDS[fact.name].label, _suffix(fact)
    amount = float(as_number(fact.value) or 0.0)
    quote = (fact.source.quote if fact.source else "").strip()[:60]
    rate = rates.table.per_eur(code) if rates.table else None
    if rate is None or rates.table is None:
        why = f" ({rates.problem})" if rates.problem else ""
        text = (
            f"{label} stated in {code} ({quote!r}); no conversion rate configured for {code}{why} — "
            f"enter the {APPLICATION_CURRENCY} amount"
        )
        return None, UNCONVERTED, text
    conversion = Conversion(
        amount=amount,
        currency=code,
        per_eur=rate,
        table_date=rates.table.as_of.isoformat(),
        table_source=rates.table.source,
    )
    value = round(amount / rate, 2)
    converted = fact.model_copy(
        update={"value": value, "unit": f"{APPLICATION_CURRENCY}{suffix}", "conversion": conversion}
    )
    text = f"{label}: {conversion.describe(suffix)} = {APPLICATION_CURRENCY} {value:,.2f}{suffix}"
    return converted, CONVERTED, text


def stated_application_date(facts: Iterable[Fact]) -> date | None:
    """The application date the facts state (ISO), else None: what the rate table's age is judged against."""
    value = next((f.value for f in facts if f.name == "application_date"), None)
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


_BARE_DOLLAR = re.compile(r"(?<![A-Za-z])\$")
_BARE_CROWN = re.compile(CROWN_MARK)


def _line_shows(fact: Fact, doc: Document | None, mark: re.Pattern[str]) -> bool:
    """The fact's line shows ``mark`` (a bare "$" with no country letters before it, a bare "kr")."""
    if doc is None or fact.source is None:
        return False
    page = next((p.text for p in doc.pages if p.number == fact.source.page), "")
    start = page.rfind("\n", 0, fact.source.start) + 1
    end = len(page) if (e := page.find("\n", fact.source.end)) < 0 else e
    return bool(mark.search(page[start:end]))


def stale_note(table: RateTable, applied: date | None) -> str | None:
    """Words for a rate table more than a month away from the application's day, else None.

    Older is the usual case (nobody refreshed the table); newer happens when an old application is
    read today: its amounts are then converted at rates the applicant never saw, which moves a
    ratio as much as stale rates do, so it is flagged the same way with its own words."""
    if applied is None or abs((applied - table.as_of).days) <= STALE_AFTER_DAYS:
        return None
    days = (applied - table.as_of).days
    if days > 0:
        return (
            f"the exchange rates are of {table.as_of.isoformat()}, {days} days before the application "
            f"date {applied.isoformat()} (more than {STALE_AFTER_DAYS}) — the converted amounts may be off; "
            f"update the rate table (UW_FX_RATES) or check them against current rates"
        )
    return (
        f"the exchange rates are of {table.as_of.isoformat()}, {-days} days after the application date "
        f"{applied.isoformat()} (more than {STALE_AFTER_DAYS}) — the amounts are converted at later rates "
        f"than the applicant's; use a rate table of the application's day (UW_FX_RATES) or check them"
    )


def to_application_currency(
    facts: Iterable[Fact],
    documents: Iterable[Document],
    rates: Rates | None = None,
    applied: date | None = None,
) -> tuple[list[Fact], list[CurrencyNote]]:
    """``facts`` with every money amount in EUR (converted or dropped), and what to tell the reviewer.

    ``applied``: the application date (else the facts' own ``application_date``), against which the
    rate table's age is judged."""
    facts = list(facts)
    applied = applied or stated_application_date(facts)
    rates = configured_rates() if rates is None else rates
    known = known_codes(set(rates.table.rates) if rates.table else set())
    docs = {d.doc_id: d for d in documents}
    infos: dict[str, DocCurrency] = {doc_id: doc_currency(d, known) for doc_id, d in docs.items()}
    out: list[Fact] = []
    notes: list[CurrencyNote] = []
    for fact in facts:
        if not _is_money(fact) or fact.conversion is not None:
            out.append(fact)
            continue
        doc_id = fact.source.doc_id if fact.source else ""
        code = fact_currency(fact, docs.get(doc_id), infos.get(doc_id), known)
        if code == APPLICATION_CURRENCY or as_number(fact.value) == 0:
            if (fact.unit or APPLICATION_CURRENCY).startswith(APPLICATION_CURRENCY):
                out.append(fact)
            else:  # a zero, or a unit the reader guessed from other amounts: in EUR after all
                out.append(fact.model_copy(update={"unit": f"{APPLICATION_CURRENCY}{_suffix(fact)}"}))
            continue
        converted, flag, text = _convert(fact, code, rates)
        info = infos.get(doc_id)
        if flag == CONVERTED and info is not None:  # an unconverted note's words stay as they are
            doc = docs.get(doc_id)
            if info.dollar_why and code == info.dollar and _line_shows(fact, doc, _BARE_DOLLAR):
                text += f" ({info.dollar_why})"  # which dollar a bare "$" was taken to be
            elif info.crown_why and code == info.crown and _line_shows(fact, doc, _BARE_CROWN):
                text += f" ({info.crown_why})"  # whose crowns a bare "kr" was taken to be
        notes.append(CurrencyNote(doc_id, flag, text))
        if converted is not None:
            out.append(converted)
    for doc_id, info in infos.items():
        if len(info.codes) > 1:
            shown = " and ".join(info.codes)
            text = f"amounts in {shown} in one document — check which currency each figure is in"
            notes.append(CurrencyNote(doc_id, MIXED, text))
    converted_docs = dict.fromkeys(n.doc_id for n in notes if n.flag == CONVERTED)
    if rates.table is not None:
        notes += [CurrencyNote(d, CONVERTED, f"rates: {rates.table.source}") for d in converted_docs]
        if stale := stale_note(rates.table, applied):
            notes += [CurrencyNote(d, STALE, stale) for d in converted_docs]
    return out, notes


def note_documents(documents: Iterable[Document], notes: list[CurrencyNote]) -> None:
    """Record each note on its document: the flag once, the note as ``"<flag>: <text>"``."""
    for doc in documents:
        for note in (n for n in notes if n.doc_id == doc.doc_id):
            if note.flag not in doc.flags:
                doc.flags.append(note.flag)
            line = f"{note.flag}: {note.text}"
            if line not in doc.notes:
                doc.notes.append(line)


def flag_messages(doc: Document, flag: str) -> list[str]:
    """The notes recorded for ``flag`` on ``doc`` (without the code in front)."""
    prefix = f"{flag}: "
    return [n[len(prefix) :] for n in doc.notes if n.startswith(prefix)]


def apply_currency(facts: list[Fact], documents: list[Document], rates: Rates | None = None) -> list[Fact]:
    """:func:`to_application_currency`, with its notes written onto the documents."""
    converted, notes = to_application_currency(facts, documents, rates)
    note_documents(documents, notes)
    return converted
