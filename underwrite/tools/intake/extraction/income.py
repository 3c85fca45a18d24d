"""Net pay stated in an employer letter or benefit notice (prose, but one fixed kind of sentence)."""

from __future__ import annotations

import re

from underwrite.core.schemas import Document, Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.parse import MONEY_RE, money_value

NET_PAY_SENTENCE = re.compile(
    r"\b(?:monthly\s+)?net\s+(?:monthly\s+)?(?:salary|pay|income|benefit)\b[^.\n]*?\b(?:is|was|amounts\s+to|of)\s+",
    re.IGNORECASE,
)


def letter_net_pay(doc: Document) -> list[Fact]:
    for page in doc.pages:
        for sentence in NET_PAY_SENTENCE.finditer(page.text):
            money = MONEY_RE.match(page.text, sentence.end())
            if money:
                span = SourceSpan(
                    doc_id=doc.doc_id,
                    page=page.number,
                    start=money.start(),
                    end=money.end(),
                    quote=money.group(),
                )
                return [
                    Fact(
                        name="payslip_net_pay",
                        value=money_value(money.group()),
                        unit="EUR",
                        source=span,
                        method=FactMethod.rule,
                        confidence=0.9,
                    )
                ]
    return []
