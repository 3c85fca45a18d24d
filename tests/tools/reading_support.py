"""Shared by the reader's layout tests: a document's facts, each checked to quote its page."""

from __future__ import annotations

from pathlib import Path

from underwrite.tools.intake import read_document
from underwrite.tools.intake.extraction import extract_facts


def facts_of(path: Path) -> dict[str, object]:
    doc = read_document(path)
    out: dict[str, object] = {}
    for fact in extract_facts([doc]):
        if fact.source is not None:  # every quote is the page's own text
            page = doc.pages[fact.source.page - 1].text
            assert fact.source.quote == page[fact.source.start : fact.source.end]
        # What the layout states: an amount in another currency as stated (its EUR value and the
        # rate are tests/tools/test_currency*.py's concern).
        out.setdefault(fact.name, fact.conversion.amount if fact.conversion else fact.value)
    return out
