"""Prose rules over documents: which documents are read as sentences, and their facts with sources."""

from __future__ import annotations

from datetime import date

from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction.parse import find_date
from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.intake.extraction.values import UNITS

PROSE_KINDS = frozenset({"cover_letter", "email", "unknown"})
PROSE_RULE_CONFIDENCE = 0.75


def reference_date(doc: Document) -> date:
    """The date the document was written (first date in it, e.g. an e-mail's Date: line), else today."""
    found = find_date(doc.text[:600])
    return found[0] if found else date.today()


def prose_facts(documents: list[Document], skip: set[str] | frozenset[str] = frozenset()) -> list[Fact]:
    """Rule facts from the prose documents (cover letters, e-mails, unclassified text).

    Fields in ``skip`` (already read from a form) are not added; the first prose document that
    states a field wins.
    """
    facts: list[Fact] = []
    seen = set(skip)
    for doc in documents:
        if doc.kind not in PROSE_KINDS or doc.media_type in (MediaType.csv, MediaType.json, MediaType.xml):
            continue  # data exports are parsed as data, not read as sentences
        ref = reference_date(doc)
        for page in doc.pages:
            for hit in prose_hits(page.text, ref):
                if hit.name in seen:
                    continue
                seen.add(hit.name)
                span = SourceSpan(
                    doc_id=doc.doc_id, page=page.number, start=hit.start, end=hit.end,
                    quote=page.text[hit.start : hit.end],
                )  # fmt: skip
                facts.append(
                    Fact(
                        name=hit.name,
                        value=hit.value,
                        unit=UNITS.get(FIELDS[hit.name].kind),
                        source=span,
                        method=FactMethod.rule,
                        confidence=PROSE_RULE_CONFIDENCE,
                    )
                )
    return facts
