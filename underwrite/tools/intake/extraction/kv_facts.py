"""Facts from label/value pairs in any layout: forms, tables, exports, CSV and JSON bureau files.

Runs after the renderer-label reader (:mod:`form`), fills the fields it did not find and replaces
the ones whose quote shows it read across a cell boundary (a tab, a ``|``, a dotted leader). Each
pair's label goes through the lexicon, then the encoder (best fields first, so a value that cannot
be the best field may still be the next); bureau JSON keys go through :mod:`bureau_keys` first.
Per field the most certain pair wins (lexicon over encoder), then the first in the document; within
one certainty "Other" yields to a stated category and a net income to an unqualified one. Repeated
liabilities in a data payload add up; a forename and a surname field make the name (:mod:`name_parts`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction import normalize as nz
from underwrite.tools.intake.extraction.bureau_keys import bureau_excluded, bureau_field
from underwrite.tools.intake.extraction.data_docs import data_pairs
from underwrite.tools.intake.extraction.data_xml import xml_pairs
from underwrite.tools.intake.extraction.field_values import Typed, typed_value
from underwrite.tools.intake.extraction.form_signed import signed_date_facts
from underwrite.tools.intake.extraction.kv import Pair, document_pairs
from underwrite.tools.intake.extraction.label_match import (
    FORM_FIELDS,
    Match,
    candidates,
    lexicon_match,
    prefetch,
)
from underwrite.tools.intake.extraction.name_parts import composed_name

BUREAU_FIELDS = {
    "delinquencies_2y",
    "inquiries_6m",
    "public_records",
    "revolving_utilization_pct",
    "debt_outstanding",
}
KIND_FIELDS: dict[str, set[str]] = {
    "application_form": set(FORM_FIELDS) - {"delinquencies_2y", "inquiries_6m", "revolving_utilization_pct"},
    "credit_report": BUREAU_FIELDS | {"existing_credits_count"},
    "profit_and_loss": {n for n in FORM_FIELDS if n.startswith("business_")},
}
LEXICON_CONFIDENCE = 0.95
ENCODER_CONFIDENCE_CAP = 0.85


def pairs_of(doc: Document) -> list[Pair]:
    if doc.media_type == MediaType.xml:
        return xml_pairs(doc)
    if doc.media_type in (MediaType.csv, MediaType.json):
        return data_pairs(doc)
    return document_pairs(doc)


_TYPE_WORDS = frozenset({"amount", "count", "value", "number", "total"})


def _lexicon_tail(label: str) -> Match | None:
    """The lexicon's field for the longest tail of a data label, its data-type word left off."""
    words = label.split()
    if len(words) < 2 or words[-1].lower() not in _TYPE_WORDS:
        return None
    words = words[:-1]
    return next((m for i in range(len(words)) if (m := lexicon_match(" ".join(words[i:])))), None)


def _matches(pair: Pair, kind: str) -> list[Match]:
    if kind == "credit_report" or pair.layout == "data":
        name = bureau_field(pair.label)
        if name is not None:
            return [Match(name, "bureau", 1.0)]
        if bureau_excluded(pair.label):
            return []
        leaf = pair.label.split(" ")[-4:] if pair.layout == "data" else []
        if pair.layout == "data" and (named := _lexicon_tail(pair.label)) is not None:
            return [named]  # "BORROWER Net Monthly Income Amount": the wording the lexicon knows
        found = list(candidates(pair.label))
        if not found and leaf:
            found = list(candidates(" ".join(leaf)))
        return found
    return list(candidates(pair.label))


def _currency(pairs: list[Pair]) -> str | None:
    seen = Counter(c for p in pairs if (c := nz.currency_of(p.value)))
    return seen.most_common(1)[0][0] if seen else None


def _applied(pairs: list[Pair]) -> date | None:
    for use_encoder in (False, True):  # a payload's "Application Received Date" is no lexicon label
        for pair in pairs:
            if use_encoder and pair.layout != "data":
                continue
            for match in candidates(pair.label, use_encoder=use_encoder)[:1]:
                if match.name == "application_date" and (day := nz.parse_date(pair.value)):
                    return day
    return None


def application_date(documents: list[Document], known: list[Fact]) -> date | None:
    for fact in known:
        if fact.name == "application_date" and isinstance(fact.value, str):
            return date.fromisoformat(fact.value)
    for doc in documents:
        if doc.kind == "application_form" and (day := _applied(pairs_of(doc))):
            return day
    signed = signed_date_facts(documents, known)  # "Aveiro, 4 de novembro de 2025" under the form
    return date.fromisoformat(str(signed[0].value)) if signed else None


def doc_facts(doc: Document, applied: date | None, wanted: set[str]) -> list[Fact]:
    """Facts for the fields ``wanted`` that ``doc``'s pairs state, one per field."""
    allowed = KIND_FIELDS.get(doc.kind, set()) & wanted
    pairs = pairs_of(doc)
    if not allowed:
        return []
    prefetch(
        [p.label for p in pairs] + [" ".join(p.label.split(" ")[-4:]) for p in pairs if p.layout == "data"]
    )
    currency = _currency(pairs)
    best: dict[str, tuple[float, int, Fact]] = {}
    for order, pair in enumerate(pairs):
        for match in _matches(pair, doc.kind):
            if match.name not in allowed:
                break  # the pair names a field already known (or not this document's): not another one
            typed: Typed | None = typed_value(match.name, pair.value, pair.label, applied, currency)
            if typed is None:
                continue
            certain = match.how in ("lexicon", "words", "bureau")
            rank = (0 if certain else 1) + _doubt(match.name, typed.value, pair.label)
            confidence = LEXICON_CONFIDENCE if certain else min(match.score, ENCODER_CONFIDENCE_CAP)
            quote = doc.pages[pair.page - 1].text[
                pair.start : pair.end
            ]  # exact page text (a JSON list, not its count)
            span = SourceSpan(doc_id=doc.doc_id, page=pair.page, start=pair.start, end=pair.end, quote=quote)
            fact = Fact(
                name=match.name,
                value=typed.value,
                unit=typed.unit,
                source=span,
                method=FactMethod.form,
                confidence=round(confidence, 3),
            )
            if match.name not in best or (rank, order) < best[match.name][:2]:
                best[match.name] = (rank, order, fact)
            break  # a pair states one field: the first of its candidates whose kind the value fits
    if "monthly_debt_payments" in best:
        best["monthly_debt_payments"] = _summed(best["monthly_debt_payments"], pairs, applied, currency)
    if "applicant_name" in allowed and (parts := composed_name(pairs)):
        value, first, last = parts
        current = best.get("applicant_name")
        if current is None or _words(current[2].value) <= _words(value):
            best["applicant_name"] = (0, pairs.index(first), _name_fact(doc, value, first, last))
    return [fact for _, _, fact in sorted(best.values(), key=lambda item: item[1])]


def _words(value: object) -> set[str]:
    return set(str(value).lower().split())


_NET = re.compile(r"\b(?:net|netto|neto|nets?|take[- ]home)\b", re.I)


def _doubt(name: str, value: object, label: str) -> float:
    """Rank adjustment within one certainty: "Other" yields to a stated purpose ("Other" then
    "Other description: roof repair"); an income the label calls net beats one it does not."""
    if value == "others":
        return 0.5
    if name == "monthly_net_income" and _NET.search(label):
        return -0.5
    return 0.0


def _summed(chosen: tuple[float, int, Fact], pairs: list[Pair], applied: date | None,
            currency: str | None) -> tuple[float, int, Fact]:  # fmt: skip
    """A data payload's list of liabilities states one monthly payment per liability: their total."""
    rank, order, fact = chosen
    winner = pairs[order]
    if winner.layout != "data":
        return chosen
    same = [p for p in pairs if p.label == winner.label]
    typed = [typed_value(fact.name, p.value, p.label, applied, currency) for p in same]
    amounts = [t.value for t in typed if t is not None and isinstance(t.value, float)]
    if len(same) < 2 or len(amounts) != len(same):
        return chosen
    total = round(sum(amounts), 2)
    return rank, order, fact.model_copy(update={"value": total})


def _name_fact(doc: Document, value: str, first: Pair, last: Pair) -> Fact:
    """The name read from its two fields; the span covers both when they share a page."""
    pair = min(first, last, key=lambda p: p.start)
    end = max(first.end, last.end) if first.page == last.page else pair.end
    quote = doc.pages[pair.page - 1].text[pair.start : end]
    span = SourceSpan(doc_id=doc.doc_id, page=pair.page, start=pair.start, end=end, quote=quote)
    return Fact(name="applicant_name", value=value, source=span, method=FactMethod.form,
                confidence=LEXICON_CONFIDENCE)  # fmt: skip


def _misread(fact: Fact) -> bool:
    quote = fact.source.quote if fact.source else ""
    return "\t" in quote or "|" in quote or quote.lstrip().startswith(("..", "…", "__"))


def structured_facts(documents: list[Document], known: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(known facts to drop as misread, new facts) for form-like documents in any layout."""
    dropped = [f for f in known if f.method == FactMethod.form and _misread(f)]
    have = {f.name for f in known if f not in dropped}
    applied = application_date(documents, [f for f in known if f not in dropped])
    new: list[Fact] = []
    for doc in documents:
        if doc.kind not in KIND_FIELDS:
            continue
        part = next((f for f in known if f.name == "applicant_name" and f not in dropped), None)
        if part is not None and part.source and part.source.doc_id == doc.doc_id:
            parts = composed_name(pairs_of(doc))  # "Name: HOFMANN" read as the name, "Vorname" beside it
            if parts and _words(part.value) < _words(parts[0]):
                dropped.append(part)
                have.discard("applicant_name")
        facts = doc_facts(doc, applied, set(FORM_FIELDS) - have)
        have |= {f.name for f in facts}
        new += facts
    return dropped, new
