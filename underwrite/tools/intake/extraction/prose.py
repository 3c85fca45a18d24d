"""Cue-pattern rules for applications in sentences (e-mails, letters), en/de/es/fr/it/nl/pt (prose_romance).

A sentence states a field when it holds a cue (``borrow``, ``Laufzeit``, ``I earn``, ``seit … beschäftigt``)
and a number of the right type near it: money (a currency next to it, or a plain amount), a
duration (``36 months``, ``drei Jahre``), or a year after ``since``/``seit``. Every (cue, number)
pair in a sentence is a candidate scored by distance (a number after its cue is preferred); the
closest pairs are taken first, each number and each field at most once. Money carries a period
(``a month``, ``p.a.``, ``im Monat``) that routes it: a monthly figure is never the loan amount; an
annual net income is divided by twelve; an annual gross salary is ``annual_income``. Purpose: a
keyword lexicon mapped onto the German-credit categories. Each fact quotes its number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from underwrite.core.schemas import FactValue
from underwrite.tools.intake.extraction import prose_romance as romance
from underwrite.tools.intake.extraction.months import month_number
from underwrite.tools.intake.extraction.parse import find_date
from underwrite.tools.intake.extraction.prose_birth import find_birth_date
from underwrite.tools.intake.extraction.prose_chat import chat_view
from underwrite.tools.intake.extraction.prose_cues import (
    BALANCE_AFTER,
    BALANCE_BEFORE,
    COUNT_AFTER,
    CUES,
    FORTNIGHTLY,
    LENDER_EXAMPLE,
    LOAN_CONTEXT,
    MONTHLY,
    NO_DEBTS,
    PER_MONTH,
    PERIODS,
    WEEKLY,
    someone_elses,
)
from underwrite.tools.intake.extraction.prose_debts import more_instalments
from underwrite.tools.intake.extraction.prose_household import find_dependents, find_housing_status
from underwrite.tools.intake.extraction.prose_names import find_applicant, find_employer
from underwrite.tools.intake.extraction.prose_numbers import NumberMention, number_mentions
from underwrite.tools.intake.extraction.prose_purpose import find_purpose
from underwrite.tools.intake.extraction.prose_sentences import sentences, wrapped
from underwrite.tools.intake.extraction.prose_thread import own_message

MAX_DISTANCE = 90
NO_DEBTS_DISTANCE = 60.0
_I = re.IGNORECASE

_CURRENCY = r"(?:€|EUR\b|euros?\b|£|GBP\b|\$|USD\b|CHF\b|元|人民币|RMB\b|CNY\b|¥|￥|reais\b|Kč|kr\b|zł)"
_CUR_BEFORE = re.compile(rf"{_CURRENCY}\s?$", _I)
_CUR_AFTER = re.compile(rf"^\s?{_CURRENCY}", _I)
_DURATION = re.compile(
    r"^[\s-]*(?P<unit>months?\b|mo\.|mths?\b|Monat(?:e|en)?\b|Monatsraten\b|monthly\s+instal|years?\b|yrs?\b"
    rf"|Jahr(?:e|en)?\b|个月|個月|期(?!间)|年(?!\s*\d{1, 2}\s*月)|{romance.DURATION_UNITS})",
    _I,
)
_SINCE = re.compile(
    rf"(?:since|seit|from|ab|{romance.SINCE_WORDS})\s+(?:(?:dem\s+)?(?:Jahr\s+)?)?"
    r"(?:(?P<mon>[^\W\d_]{3,12})\.?\s+(?:de\s+)?|(?P<m>\d{1,2})/)?$",
    _I,
)
_PERIOD_AFTER = re.compile(rf"^[^.!?\d]{{0,30}}?(?P<p>{PERIODS})", _I)
_PERIOD_BEFORE = re.compile(rf"(?P<p>{PERIODS})[^.!?\d]{{0,30}}$", _I)
_GROSS = re.compile(r"gross|brutto|before\s+tax|税前", _I)  # also inside compounds: "Jahresbruttogehalt"
_GROSS_AFTER = re.compile(r"\s?(?:€|EUR|£|\$)?\s?(?:gross|brutto|before\s+tax)\b", _I)
_NET = re.compile(r"\bnet\b|netto|take[- ]home|after\s+tax|税后|到手", _I)

_INCOMES = frozenset({"monthly_net_income", "annual_income"})
_CUE_RES = {name: [re.compile(c, _I) for c in cues] for name, cues in CUES.items()}
_DURATION_FIELDS = {"loan_term_months", "employment_years", "residence_years"}


@dataclass(frozen=True)
class _Typed:
    mention: NumberMention
    kind: str  # money | duration | since | plain
    unit: str = ""  # months / years for a duration; monthly / annual / "" for money
    since: tuple[int, int | None] | None = None
    balance: bool = False  # "about £142,000 left to pay": what is owed, never a monthly figure
    gross: bool = False  # "(bruttona 3 950 €)", "3.950 € brutto": a gross figure, never the net income


@dataclass(frozen=True)
class ProseHit:
    name: str
    value: FactValue
    start: int
    end: int


def _money_or_plain(text: str, m: NumberMention) -> _Typed:
    before, after = text[max(0, m.start - 6) : m.start], text[m.end : m.end + 8]
    has_currency = bool(_CUR_BEFORE.search(before) or _CUR_AFTER.search(after))
    sentence_end = min((i for i in (text.find(c, m.end) for c in ".!?\n") if i >= 0), default=len(text))
    if text[sentence_end : sentence_end + 1] == "\n" and wrapped(text, sentence_end):
        ends = (text.find(c, sentence_end + 1) for c in ".!?\n")
        sentence_end = min((i for i in ends if i >= 0), default=len(text))
    tail = text[m.end : sentence_end]
    period_after = _PERIOD_AFTER.search(tail)
    period_before = _PERIOD_BEFORE.search(text[max(0, m.start - 40) : m.start])
    period = period_after or period_before
    unit = ""
    if period:
        said = period.group("p")
        units = (("fortnightly", FORTNIGHTLY), ("weekly", WEEKLY), ("monthly", MONTHLY))
        unit = next((u for u, regex in units if re.fullmatch(regex, said, _I)), "annual")
    small_monthly = unit == "monthly" and m.value >= 5  # "nur das Handy, 35 im Monat"
    if COUNT_AFTER.match(text, m.end):
        return _Typed(m, "plain")  # "(22 payments left)": how many, not how much
    if has_currency or small_monthly or (m.value >= 50 and not (1950 <= m.value <= 2040 and not m.words)):
        before = text[max(0, m.start - 30) : m.start]
        balance = bool(BALANCE_AFTER.match(text, m.end) or BALANCE_BEFORE.search(before))
        gross = bool(_GROSS.search(before[-14:]) or _GROSS_AFTER.match(text, m.end))
        return _Typed(m, "money", unit, balance=balance, gross=gross)
    return _Typed(m, "plain")


def _typed(text: str, mentions: list[NumberMention]) -> list[_Typed]:
    out = []
    for m in mentions:
        duration = _DURATION.match(text[m.end : m.end + 24])
        since = _SINCE.search(text[max(0, m.start - 30) : m.start])
        if duration:
            said = duration.group("unit").lower()
            unit = "years" if said[0] in "yja年" else "months"  # years, Jahre, años/anni/ans, jaar
            if unit == "years" and m.value >= 1900:
                continue  # "2019年": a calendar year, not a duration
            out.append(_Typed(m, "duration", unit))
        elif since and 1950 <= m.value <= 2040 and not m.words:
            month = int(since.group("m")) if since.group("m") else month_number(since.group("mon") or "")
            out.append(_Typed(m, "since", since=(int(m.value), month)))
        else:
            out.append(_money_or_plain(text, m))
    return out


def _value(name: str, t: _Typed, sentence: str, ref: date) -> FactValue:
    """The field's value from a typed number, or None when the number cannot state that field."""
    m = t.mention
    if name in _DURATION_FIELDS:
        if t.kind == "since" and t.since and name != "loan_term_months":
            year, month = t.since
            if month is None:
                return float(ref.year - year)
            return round(((ref.year - year) * 12 + ref.month - month) / 12, 2)
        if t.kind != "duration":
            return None
        months = m.value * 12 if t.unit == "years" else m.value
        if name == "loan_term_months":
            return round(months) if LOAN_CONTEXT.search(sentence) and 3 <= months <= 480 else None
        return round(months / 12, 2)
    if t.kind != "money" or (t.balance and name != "loan_amount"):
        return None
    if name == "loan_amount":
        return m.value if t.unit == "" and m.value >= 100 else None
    monthly = round(m.value * PER_MONTH.get(t.unit, 1.0), 2)
    if name == "monthly_net_income":
        gross_only = t.gross or (bool(_GROSS.search(sentence)) and not _NET.search(sentence))
        if t.unit == "annual" or (t.unit == "" and m.value >= 15000):
            return None if gross_only else round(m.value / 12, 2)
        return None if gross_only else monthly
    if name == "annual_income":
        return m.value if t.unit == "annual" and _GROSS.search(sentence) else None
    return monthly if t.unit != "annual" else None  # debts, housing: monthly (or unstated) figures


def prose_hits(text: str, ref: date) -> list[ProseHit]:
    """Every field the rules read from ``text``, each quoting the number (or phrase) it came from."""
    text = own_message(text)  # a reply's quoted messages from others are not the applicant's words
    chat = chat_view(text)
    hits = _hits(chat.text if chat else text, ref, chat is not None, chat.turns if chat else ())
    applicant = chat.applicant if chat else find_applicant(text)
    if applicant and not any(h.name == "applicant_name" for h in hits):
        hits.append(ProseHit("applicant_name", *applicant))
    stated = {h.name for h in hits}
    home = find_housing_status(chat.replies if chat else text)
    if home and "housing_status" not in stated:
        hits.append(ProseHit("housing_status", *home))
    dated = find_date(text[:600])
    if dated and "loan_amount" in stated:  # a letter asking for a loan is dated the day it applies
        hits.append(ProseHit("application_date", dated[0].isoformat(), dated[1], dated[2]))
    return sorted(hits, key=lambda h: h.start)


def _hits(text: str, ref: date, chat: bool, turns: tuple[tuple[int, int], ...] = ()) -> list[ProseHit]:
    typed = _typed(text, number_mentions(text))
    # (distance, field, key, value, start, end); key is the mention index, or -1 - sentence for a phrase
    candidates: list[tuple[float, str, int, FactValue, int, int]] = []
    fixed: list[ProseHit] = []
    spans = turns or sentences(text, line_is_sentence=chat)
    for s_start, s_end in spans:
        if LENDER_EXAMPLE.search(sentence := text[s_start:s_end]):
            continue
        first = len(candidates)
        inside = [(i, t) for i, t in enumerate(typed) if s_start <= t.mention.start < s_end]
        for name, regexes in {**_CUE_RES, "annual_income": _CUE_RES["monthly_net_income"]}.items():
            for regex in regexes:
                for cue in regex.finditer(text, s_start, s_end):
                    for i, t in inside:
                        value = _value(name, t, sentence, ref)
                        if value is None or (
                            name in _INCOMES and someone_elses(text, s_start, t.mention.start)
                        ):
                            continue
                        if t.mention.start >= cue.end():
                            distance = float(t.mention.start - cue.end())
                        else:
                            distance = (cue.start() - t.mention.end) * 1.5 + 5
                        if 0 <= distance <= MAX_DISTANCE:
                            m = t.mention
                            candidates.append((distance, name, i, value, m.start, m.end))
        no_debts = NO_DEBTS.search(text, s_start, s_end)
        if no_debts:  # weak: "I pay 95 a month on my card; no other loans" states 95, not 0
            key = -1 - s_start
            candidates.append((NO_DEBTS_DISTANCE, "monthly_debt_payments", key, 0.0, *no_debts.span()))
        stated = {c[1] for c in candidates[first:]}
        # "Für meine Küche zahle ich noch 60 € ab": what an existing debt paid for is not this loan's purpose.
        purpose = (
            None
            if "monthly_debt_payments" in stated - {"loan_amount"} and "loan_amount" not in stated
            else find_purpose(sentence)
        )
        if purpose:
            value, start, end = purpose
            fixed.append(ProseHit("loan_purpose", value, s_start + start, s_start + end))
        said = (
            ("employer_name", find_employer(sentence)),
            ("dependents", find_dependents(sentence)),
            ("date_of_birth", find_birth_date(sentence, ref)),
        )
        for name, found in said:
            if found:
                value, start, end = found
                fixed.append(ProseHit(name, value, s_start + start, s_start + end))
    hits: list[ProseHit] = []
    taken_fields: set[str] = set()
    for hit in fixed:
        if hit.name not in taken_fields:
            hits.append(hit)
            taken_fields.add(hit.name)
    used: set[int] = set()
    debts: int | None = None
    for _, name, i, value, start, end in sorted(candidates, key=lambda c: c[0]):
        if name in taken_fields or i in used:
            continue
        hits.append(ProseHit(name, value, start, end))
        taken_fields.add(name)
        used.add(i)
        debts = i if name == "monthly_debt_payments" and i >= 0 else debts  # i < 0: "no other loans"
    if debts is not None:
        hits = [
            _more_debts(text, spans, typed, used, h, debts) if h.name == "monthly_debt_payments" else h
            for h in hits
        ]
    return hits


def _more_debts(
    text: str,
    spans: Sequence[tuple[int, int]],
    typed: list[_Typed],
    used: set[int],
    hit: ProseHit,
    first: int,
) -> ProseHit:
    """The debts hit plus the other monthly instalments its sentence (one of ``spans``) names."""
    monthly = [
        (t.mention.value, t.mention.start, t.mention.end)
        for i, t in enumerate(typed)
        if i not in used and t.kind == "money" and t.unit == "monthly" and not t.balance
    ]
    found = more_instalments(text, spans, typed[first].mention.end, monthly)
    if found is None:
        return hit
    added, end = found
    return ProseHit(hit.name, round(float(hit.value or 0) + added, 2), hit.start, end)
