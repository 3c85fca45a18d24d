"""The LLM path for prose: the fields' JSON schema, every value quoted and checked against its quote.

The model gets the ``fact_extraction`` prompt and a schema whose ``name`` is an enum of the fields
asked for. A reply only becomes a fact when (1) its quote is really in the document (whitespace- and
case-tolerant) and (2) its value is what the quote says: a number must be one of the quote's numbers
(digits or words, see :mod:`prose_numbers`; a duration may be converted between months and years, an
annual income divided by twelve); a purpose must name a category whose words are in the quote.
Anything else is dropped and counted, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.llm_protocol import StructuredModel
from underwrite.core.schemas import Document, Fact, FactMethod, FactValue, SourceSpan
from underwrite.core.settings import Settings, get_settings
from underwrite.prompts import render_prompt
from underwrite.tools.intake.extraction.conversion import apply_currency
from underwrite.tools.intake.extraction.prose_documents import PROSE_KINDS
from underwrite.tools.intake.extraction.prose_numbers import number_mentions
from underwrite.tools.intake.extraction.prose_purpose import purpose_category
from underwrite.tools.intake.extraction.values import UNITS
from underwrite.tools.intake.extraction.vocabulary import canonical_value
from underwrite.tools.intake.injection import neutralize_delimiters

LLM_FACT_CONFIDENCE = 0.6
MAX_PROSE_CHARS = 2500
MAX_TOKENS_PER_FACT = 60

# Fields the prose LLM path can be asked for (the measurement in underwrite.bench.prose_accuracy
# compares it with the rules on each of them).
PROSE_LLM_FIELDS: tuple[str, ...] = (
    "loan_amount",
    "loan_term_months",
    "loan_purpose",
    "monthly_net_income",
    "monthly_debt_payments",
    "monthly_housing_cost",
    "employment_years",
    "employer_name",
    "applicant_name",
)
# Fields where the embedded model added accuracy over the rules in that measurement (README,
# "Prose"): none. SmolLM2-135M returned right-looking values with invented quotes; the quote check
# dropped all 110 of its facts on the corpus, so asking it only costs time.
EMBEDDED_KEPT_FIELDS: tuple[str, ...] = ()


class QuotedFact(BaseModel):
    name: str = Field(description="One of the field names listed", max_length=40)
    value: str = Field(description="The value as stated", max_length=60)
    quote: str = Field(description="The exact words from the document that state it", max_length=160)


class QuotedFacts(BaseModel):
    facts: list[QuotedFact] = Field(default_factory=list)


def facts_schema(names: Sequence[str]) -> type[QuotedFacts]:
    """``QuotedFacts`` whose ``name`` is an enum of the fields asked for (grammar-enforced)."""
    name: Any = (Literal[tuple(names)], Field(description="One of the field names listed"))
    item = create_model("QuotedFact", __base__=QuotedFact, name=name)
    items: Any = (list[item], Field(default_factory=list, max_length=len(names)))
    return create_model("QuotedFacts", __base__=QuotedFacts, facts=items)


def locate_quote(quote: str, docs: Sequence[Document]) -> SourceSpan | None:
    """Where ``quote`` really is (whitespace- and case-tolerant), or None if the model made it up."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    for doc in docs:
        for page in doc.pages:
            m = pattern.search(page.text)
            if m:
                return SourceSpan(doc_id=doc.doc_id, page=page.number, start=m.start(), end=m.end(),
                                  quote=page.text[m.start() : m.end()])  # fmt: skip
    return None


_NUMERIC = {FieldKind.money, FieldKind.number, FieldKind.integer, FieldKind.months, FieldKind.years}


def checked_value(name: str, raw: str, quote: str) -> FactValue:
    """The typed value the quote supports, or None when the quote does not say it."""
    kind = FIELDS[name].kind
    if kind in _NUMERIC:
        claimed = number_mentions(raw)
        if not claimed:
            return None
        value = claimed[0].value
        stated = [m.value for m in number_mentions(quote)]
        # A term written "3 years" may come back as 36; an annual net income as its twelfth.
        readings = (
            {v for s in stated for v in (s, s * 12, s / 12)} if kind != FieldKind.money else set(stated)
        )
        if name == "monthly_net_income":
            readings |= {round(s / 12, 2) for s in stated}
        if not any(abs(value - r) < 0.011 for r in readings):
            return None
        return round(value) if kind in {FieldKind.integer, FieldKind.months} else value
    if name == "loan_purpose":
        category = canonical_value(name, raw) or purpose_category(raw)
        return category if category is not None and purpose_category(quote) == category else None
    text = raw.strip()
    return text if text and text.lower() in quote.lower() else None


@dataclass
class LLMProseResult:
    facts: list[Fact] = field(default_factory=list)
    dropped: int = 0
    error: str | None = None
    prompt_version: str = ""


def prose_documents(documents: Sequence[Document]) -> list[Document]:
    return [d for d in documents if d.kind in PROSE_KINDS and d.media_type.value.startswith(("text/plain",
            "application/vnd", "application/pdf", "image/", "text/markdown"))]  # fmt: skip


def shown_documents(docs: Sequence[Document], budget: int = MAX_PROSE_CHARS) -> list[dict[str, str]]:
    """The prose as the extraction prompt shows it: delimiters neutralised, ``budget`` characters in all."""
    shown = []
    for d in docs:
        text = neutralize_delimiters(d.text)[:budget]
        budget -= len(text)
        shown.append({"doc_id": d.doc_id, "kind": d.kind, "text": text})
        if budget <= 0:
            break
    return shown


def llm_prose_facts(
    llm: StructuredModel, documents: Sequence[Document], names: Sequence[str]
) -> LLMProseResult:
    """Facts for ``names`` the model read from the prose documents, each quote-checked."""
    docs = prose_documents(documents)
    names = [n for n in names if n in FIELDS]
    if not docs or not names:
        return LLMProseResult()
    fields = [FIELDS[n].model_dump() for n in names]
    prompt = render_prompt("fact_extraction", fields=fields, documents=shown_documents(docs))
    result = LLMProseResult(prompt_version=prompt.version)
    try:
        schema = facts_schema(names)
        budget = MAX_TOKENS_PER_FACT * len(names)
        reply = llm.structured(prompt.messages, schema, max_tokens=budget, repair=False)
    except Exception as exc:  # any model failure: the rules' facts stand, the reason is reported
        result.error = f"{type(exc).__name__}: {exc}"[:300]
        return result
    for item in reply.facts:
        span = locate_quote(item.quote, docs)
        value = checked_value(item.name, item.value, item.quote) if span else None
        if span is None or value is None or any(f.name == item.name for f in result.facts):
            result.dropped += 1
            continue
        unit = UNITS.get(FIELDS[item.name].kind)
        fact = Fact(name=item.name, value=value, unit=unit, source=span, method=FactMethod.llm,
                    confidence=LLM_FACT_CONFIDENCE)  # fmt: skip
        result.facts.append(fact)
    result.facts = apply_currency(result.facts, docs)  # "$1,200" read by the model is not EUR 1,200
    return result


def kept_fields(settings: Settings | None = None) -> tuple[str, ...]:
    """The prose fields worth asking the configured LLM for (``UW_PROSE_LLM_FIELDS`` or by backend)."""
    s = settings or get_settings()
    if s.prose_llm_fields is not None:
        return tuple(n.strip() for n in s.prose_llm_fields.split(",") if n.strip() in FIELDS)
    return PROSE_LLM_FIELDS if s.llm_url.strip() else EMBEDDED_KEPT_FIELDS


def llm_fill(
    llm: StructuredModel,
    documents: Sequence[Document],
    facts: Sequence[Fact],
    settings: Settings | None = None,
) -> LLMProseResult:
    """Ask the LLM for the kept fields (:func:`kept_fields`) that ``facts`` lack; no call when none."""
    have = {f.name for f in facts}
    return llm_prose_facts(llm, documents, [n for n in kept_fields(settings) if n not in have])
