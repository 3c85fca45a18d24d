"""Facts read from OCR'd text say so: method ``ocr`` and a confidence no higher than Tesseract's.

The rule layer reads an OCR'd page like any other; a misread digit is the risk it cannot see, so
each such fact is re-labelled here with the page's mean word confidence, capped below the
confidence of a fact read from a born-digital file.
"""

from __future__ import annotations

from underwrite.core.schemas import Document, Fact, FactMethod

OCR_MAX_CONFIDENCE = 0.8
"""Even a perfectly recognised scan ranks below text the file itself carries (confidence 1.0)."""
READ_METHODS = frozenset({FactMethod.form, FactMethod.rule})


def mark_ocr_facts(facts: list[Fact], documents: list[Document]) -> list[Fact]:
    """``facts`` with every fact read from an OCR'd page turned into method ``ocr``.

    Computed facts keep their method (their inputs carry the OCR mark); facts from pages that
    were not OCR'd are returned unchanged.
    """
    confidence: dict[tuple[str, int], float] = {
        (doc.doc_id, page.number): page.ocr_confidence
        for doc in documents
        for page in doc.pages
        if page.ocr_confidence is not None
    }
    out: list[Fact] = []
    for fact in facts:
        key = (fact.source.doc_id, fact.source.page) if fact.source else ("", 0)
        if key in confidence and fact.method in READ_METHODS:
            value = round(min(OCR_MAX_CONFIDENCE, confidence[key], fact.confidence), 3)
            fact = fact.model_copy(update={"method": FactMethod.ocr, "confidence": value})
        out.append(fact)
    return out
