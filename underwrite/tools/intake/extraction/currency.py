"""Which currency each money amount is stated in, read from the text around it.

Money fields hold amounts in the application currency, EUR (:mod:`underwrite.core.fields`); the
readers find numbers. This module says, for one amount, which currency its text gives, most
specific first:

1. the value itself or a mark right beside it: ``£875``, ``USD 8,500``, ``8,500元``, ``5万元``,
   ``人民币 80,000``, ``¥12,000``, ``1 200 zł``, ``Fr. 4'200``, ``EUR 12.000,--``;
2. the line it is on (``Net income (USD): 4,000``, ``Betrag in CHF``);
3. the document: a declared currency (``Currency: USD``, ``Währung: CHF``, ``币种：人民币``, a column
   header ``Betrag (USD)``, a feed's ``"currency": "GBP"``), else the one currency its amounts show.

An amount whose text names no currency at all is taken to be in the application currency, as a form
of a euro lender means it. Marks are only counted beside a number where a word could mean something
else (``Fr.`` is also "Frau", ``元`` in ``单元`` is a flat number).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from underwrite.core.schemas import Document, Fact
from underwrite.tools.intake.extraction.crowns import CROWN_MARK, bare_crown
from underwrite.tools.intake.extraction.dollars import EXPLICIT_USD, bare_dollar

APPLICATION_CURRENCY = "EUR"
CROWN = "kr"  # not a code: a bare "kr", resolved per document to SEK, NOK or DKK

_N = r"\d"  # a digit right beside a mark
_ZH_N = r"[\d万千亿百十零一二两三四五六七八九]"
# (code, a mark that says the currency by itself, a mark that only counts beside a number)
_MARKS: list[tuple[str, str, str]] = [
    ("EUR", r"€|\bEUR\b|\bEuros?\b", r"\bEuro\b"),
    ("USD", r"US\$|\bUSD\b|(?<![A-Za-z])\$|\bUS[- ]?dollars?\b", r"\bdollars?\b"),
    ("CAD", r"\bC\$|\bCA\$|\bCan\$|\bCAD\b|\bCanadian\s+dollars?\b", ""),
    ("AUD", r"\bA\$|\bAU\$|\bAUD\b|\bAustralian\s+dollars?\b", ""),
    ("NZD", r"\bNZ\$|\bNZD\b|\bNew\s+Zealand\s+dollars?\b", ""),
    ("HKD", r"\bHK\$|\bHKD\b", ""),
    ("SGD", r"\bS\$|\bSGD\b", ""),
    ("GBP", r"£|\bGBP\b|\bsterling\b", r"\bpounds?\b"),
    ("CNY", r"人民币|\bRMB\b|\bCNY\b|[¥￥]|\byuan\b", rf"(?<={_ZH_N})\s*元"),
    ("CHF", r"\bCHF\b|\bSFr\.|\bFranken\b", rf"(?<!\w)Fr\.(?=\s?{_N})|(?<={_N})\s?Fr\."),
    ("PLN", r"\bPLN\b|zł|\bz[łl]oty\b", r"\bzl\b"),
    ("CZK", r"\bKč\b|\bCZK\b|\bkorun\b", ""),
    ("BRL", r"(?<![A-Za-z])R\$|\bBRL\b|\breais\b", ""),
    ("SEK", r"\bSEK\b|\bkronor\b", ""),
    ("NOK", r"\bNOK\b", ""),
    ("DKK", r"\bDKK\b", ""),
    (CROWN, "", CROWN_MARK),  # a bare "kr": whose crown the document decides (crowns.py)
]
# ISO codes a text may name; the rate table adds its own (see :func:`known_codes`).
ISO_CODES = frozenset({"EUR", "USD", "GBP", "CHF", "CNY", "PLN", "JPY", "SEK", "NOK", "DKK", "CZK", "HUF",
                       "CAD", "AUD", "NZD", "HKD", "SGD"})  # fmt: skip
_ZH_USD = re.compile(r"美元|美金")  # 美元 is USD, not CNY, though it ends in 元
_ISO = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_DECLARED = re.compile(
    r"(?:currency|curr\.|ccy|währung|waehrung|devise|waluta|币种|货币)\W{0,4}[\s:=\"']*"
    r"(?P<code>[A-Z]{3}|€|£|\$|人民币|美元|zł)"
    r"|[(\[（]\s*(?:in\s+)?(?P<head>[A-Z]{3}|€|£|\$|元|zł)\s*[)\]）]",
    re.I,
)
# Data standards whose amounts have one currency by definition, for files that never name it: MISMO
# is the US mortgage industry's loan-data standard (its amounts are US dollars).
_STANDARD_CURRENCY = [(re.compile(r"\bwww\.mismo\.org/", re.I), "USD")]
_WINDOW = 9  # characters either side of an amount that a mark beside it can sit in


_ANY = [(code, re.compile("|".join(p for p in (own, near) if p), re.I)) for code, own, near in _MARKS]


def codes_in(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Every currency ``text`` names, in order of first mention (ISO codes of ``known`` included)."""
    found: dict[str, int] = {}
    usd = [m.start() for m in _ZH_USD.finditer(text)]
    if usd:
        found["USD"] = usd[0]
        text = _ZH_USD.sub("  ", text)
    for code, pattern in _ANY:
        if m := pattern.search(text):
            found.setdefault(code, m.start())
    for m in _ISO.finditer(text):
        if m.group(1) in known:
            found.setdefault(m.group(1), m.start())
    return sorted(found, key=found.__getitem__)


def currency_in(text: str, known: frozenset[str] = frozenset()) -> str | None:
    """The currency ``text`` names when it names exactly one, else None."""
    codes = codes_in(text, known)
    return codes[0] if len(codes) == 1 else None


def declared_codes(text: str) -> list[str]:
    """Each currency the text declares for its amounts: "Currency: USD", "(USD)", a feed's field."""
    codes = []
    for m in _DECLARED.finditer(text):
        raw = m.group("code") or m.group("head") or ""
        # "0" + raw: a mark that only counts beside a number ("(元)" heads a column of amounts).
        code = currency_in("0" + raw, ISO_CODES) or (raw.upper() if raw.upper() in ISO_CODES else None)
        if code:
            codes.append(code)
    return codes


@dataclass
class DocCurrency:
    """What one document says about currency: declared, and shown beside its amounts."""

    declared: str | None
    shown: Counter[str] = field(default_factory=Counter)
    dollar: str = "USD"
    """What a bare "$" means in this document (:mod:`dollars`)."""
    dollar_why: str = ""
    crown: str = "SEK"
    """What a bare "kr" means in this document (:mod:`crowns`)."""
    crown_why: str = ""

    @property
    def codes(self) -> list[str]:
        codes = [c for c, _ in self.shown.most_common()]
        return codes if self.declared is None or self.declared in codes else [self.declared, *codes]

    @property
    def main(self) -> str | None:
        return self.declared or (self.codes[0] if self.codes else None)


_AMOUNT = re.compile(r"\d[\d.,'’ \u00a0]*\d|\d")


def doc_currency(doc: Document, known: frozenset[str] = ISO_CODES) -> DocCurrency:
    text = doc.text
    declared = declared_codes(text) or [code for pattern, code in _STANDARD_CURRENCY if pattern.search(text)]
    # A feed declares each transaction's currency: a second one there makes the document mixed.
    info = DocCurrency(
        declared[0] if declared else None, Counter(declared), *bare_dollar(text), *bare_crown(text)
    )
    for m in _AMOUNT.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = len(text) if (e := text.find("\n", m.end())) < 0 else e
        before = text[max(line_start, m.start() - _WINDOW) : m.start()]
        after = text[m.end() : min(line_end, m.end() + _WINDOW)]
        code = _beside(before, after, known)
        if code == CROWN:
            info.shown[info.crown] += 1
        elif code:
            info.shown[info.dollar if code == "USD" and _bare(before, after) else code] += 1
    return info


# Each mark anchored at the amount: at the end of the text before it, at the start of the text after.
# A digit stands in for the amount, so marks that only count beside a number see one.
_BEFORE = [(code, re.compile(f"(?:{p.pattern})\\s*0$", re.I)) for code, p in _ANY]
_AFTER = [(code, re.compile(f"^0\\s*(?:万|千|亿)?\\s*(?:{p.pattern})", re.I)) for code, p in _ANY]


def _bare(before: str, after: str) -> bool:
    """The amount's dollar mark is a bare "$" (no "US", "C", "A" in front, no "USD" beside it)."""
    return "$" in before + after and not EXPLICIT_USD.search(before + after)


_ANY_MARK = re.compile(r"[^\s\d.,'’:;()|/\-]")  # a window of digits and spaces holds no mark


def _side(text: str, probe: str, patterns: list[tuple[str, re.Pattern[str]]], iso: str | None) -> str | None:
    codes = {code for code, pattern in patterns if pattern.search(probe)}
    if iso:
        codes.add(iso)
    if _ZH_USD.search(text) and "CNY" in codes:
        codes = (codes - {"CNY"}) | {"USD"}
    return codes.pop() if len(codes) == 1 else None


def _beside(before: str, after: str, known: frozenset[str]) -> str | None:
    """A mark right before or right after an amount (a space between allowed)."""
    after = re.sub(r"^[,.]-{1,2}", "", after)  # "12.000,-- EUR"
    if _ANY_MARK.search(before):
        m = re.search(r"(?<![A-Za-z])([A-Z]{3})\s*$", before)
        found = _side(before, before + "0", _BEFORE, m.group(1) if m and m.group(1) in known else None)
        if found:
            return found
    if _ANY_MARK.search(after):
        m = re.match(r"\s*([A-Z]{3})(?![A-Za-z])", after)
        return _side(after, "0" + after, _AFTER, m.group(1) if m and m.group(1) in known else None)
    return None


def fact_currency(fact: Fact, doc: Document | None, info: DocCurrency | None, known: frozenset[str]) -> str:
    """The currency ``fact``'s amount is stated in (the application currency when nothing says).

    A "$" with no country before it is the document's dollar: USD unless the document places itself
    in Canada, Australia or New Zealand (:func:`dollars.bare_dollar`)."""
    code = _fact_currency(fact, doc, info, known)
    if code == CROWN:
        return info.crown if info is not None else bare_crown(doc.text if doc else "")[0]
    if code == "USD" and info is not None and info.dollar != "USD" and doc is not None and fact.source:
        page = next((p.text for p in doc.pages if p.number == fact.source.page), "")
        line_start = page.rfind("\n", 0, fact.source.start) + 1
        line_end = len(page) if (e := page.find("\n", fact.source.end)) < 0 else e
        if not EXPLICIT_USD.search(page[line_start:line_end]):
            return info.dollar
    return code


def _fact_currency(fact: Fact, doc: Document | None, info: DocCurrency | None, known: frozenset[str]) -> str:
    unit_code = (fact.unit or "").split("/")[0] or None
    if fact.source is None or doc is None:
        return unit_code or APPLICATION_CURRENCY
    page = next((p.text for p in doc.pages if p.number == fact.source.page), "")
    start, end = fact.source.start, fact.source.end
    line_start = page.rfind("\n", 0, start) + 1
    line_end = len(page) if (e := page.find("\n", end)) < 0 else e
    statement = fact.name.startswith("statement_")
    if statement and info is not None and info.declared:
        return info.declared  # an account's own currency, not a transaction's
    own = currency_in(fact.source.quote, known)
    if own and not statement:
        return own
    before = page[max(line_start, start - _WINDOW) : start]
    near = _beside(before, page[end : min(line_end, end + _WINDOW)], known)
    if near:
        return near
    line = currency_in(page[line_start:line_end], known) if not statement else own
    if line:
        return line
    if unit_code and unit_code != APPLICATION_CURRENCY:
        return unit_code
    if info is not None and info.main:
        return info.main
    return APPLICATION_CURRENCY


def known_codes(extra: frozenset[str] | set[str] = frozenset()) -> frozenset[str]:
    """ISO codes read as currencies: the common ones and every code of the rate table."""
    return ISO_CODES | frozenset(extra)


def unit_currency(doc: Document, known: list[Fact]) -> str:
    """The currency the form's other amounts were read in (their units), else EUR."""
    codes = Counter(
        (f.unit or "").split("/")[0]
        for f in known
        if f.source and f.source.doc_id == doc.doc_id and re.fullmatch(r"[A-Z]{3}(?:/\w+)?", f.unit or "")
    )
    return codes.most_common(1)[0][0] if codes else "EUR"
