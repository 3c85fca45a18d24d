"""XML documents parsed as data: every leaf element and attribute becomes a label/value pair.

Loan-origination systems send XML (MISMO-style loan files, vendor payloads). As with JSON
(:mod:`data_docs`), the label is the leaf's name humanised together with its two parents
(``TERMS_OF_LOAN/BaseLoanAmount`` → "TERMS OF LOAN Base Loan Amount"; container words such as
DETAIL and parents the leaf repeats are left out), attributes likewise (``<BORROWER _FirstName="Ann">``
→ "BORROWER First Name"). Namespace prefixes are dropped. The text
is scanned with a tokenizer rather than a parser so that each value keeps its character span in
the page; the document was already checked to be well-formed when its type was detected.
"""

from __future__ import annotations

import html
import re

from underwrite.core.schemas import Document
from underwrite.tools.intake.extraction.data_docs import humanise
from underwrite.tools.intake.extraction.kv import Pair

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SKIPPED = re.compile(r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[|\]\]>|<!DOCTYPE[^>]*>", re.S)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


# Container words that say how a payload is nested, not what a value is.
_GENERIC = {
    *("detail", "details", "item", "items", "info", "information", "data", "extension", "other"),
    *("role", "roles", "party", "parties", "record", "records", "section", "message", "deal"),
}


def _label(path: list[str]) -> str:
    """The leaf's name after up to two parents that add words to it (``EMPLOYER LEGAL ENTITY Full
    Name``; ``BORROWER/BORROWER_DETAIL/BorrowerBirthDate`` is just "Borrower Birth Date")."""
    path = path[1:] if len(path) > 2 else path  # the root names the document, not the value
    leaf = humanise(path[-1].lstrip("_"))
    leaf_words = {w.lower() for w in leaf.split()}
    parents: list[str] = []
    for part in path[-4:-1]:
        words = [w for w in humanise(part.lstrip("_")).split() if w.lower() not in _GENERIC]
        text = " ".join(words)
        if words and not {w.lower() for w in words} <= leaf_words and (not parents or parents[-1] != text):
            parents.append(text)
    return " ".join([*parents[-2:], leaf])


Leaf = tuple[str, str, int, int]  # (label, value, start, end)


def xml_leaves(text: str) -> list[Leaf]:
    """(label, value, value start, value end) for every leaf element and attribute of ``text``."""
    masked = _SKIPPED.sub(lambda m: " " * len(m.group()), text)  # comments never read as tags
    pairs: list[Leaf] = []
    stack: list[str] = []
    leaf_start: int | None = None  # where the text of the innermost open element starts
    for m in _TAG.finditer(masked):
        closing, name, attrs, empty = m.group(1), _local(m.group(2)), m.group(3), m.group(4)
        if closing:
            if leaf_start is not None and stack and stack[-1] == name:
                raw = text[leaf_start : m.start()]
                value = raw.strip()
                if value:
                    start = leaf_start + (len(raw) - len(raw.lstrip()))
                    pairs.append((_label(stack), html.unescape(value), start, start + len(value)))
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
            leaf_start = None
            continue
        for attr in _ATTR.finditer(attrs):
            if attr.group(1).startswith("xmlns") or ":" in attr.group(1):
                continue  # namespace declarations and schema hints are no data
            value = attr.group(2) if attr.group(2) is not None else attr.group(3)
            if value.strip():
                group = 2 if attr.group(2) is not None else 3
                start = m.start(3) + attr.start(group)
                label = _label([*stack, name, _local(attr.group(1))])
                pairs.append((label, html.unescape(value), start, start + len(value)))
        if empty:
            leaf_start = None
            continue
        stack.append(name)
        leaf_start = m.end()
    return pairs


def xml_pairs(doc: Document) -> list[Pair]:
    page = doc.pages[0]
    return [
        Pair(doc.doc_id, label, value, page.number, start, end, "data")
        for label, value, start, end in xml_leaves(page.text)
    ]
