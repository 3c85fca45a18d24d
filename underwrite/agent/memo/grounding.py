"""Is a statement about what it cites? A lexical check, not an entailment model.

A small model can write grammatical text that says nothing about the application and still pass
the number, citation and prose checks: it echoed the prompt's own heading ("SOURCES (id:
content):") as a summary, or wrote "This memo is a guideline for the application of the policy
rules" citing two affordability rules. Such a statement shares no term with the sources it cites.
A statement is grounded when it shares at least one content term (compared on a short stem, so
"income" meets "incomes" and "passes" meets "pass") with the label and text of its cited sources,
or, when it cites nothing, with any source. It cannot tell a true statement from a false one that
uses the right words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from underwrite.agent.memo.evidence import Source

_TERM = re.compile(r"[^\W\d_]+")
STEM = 5
MIN_TERM = 3
# Function words, and words every source of a credit file shares (they ground nothing).
_STOP_WORDS = """the and for are was were not its has have had any all but per can may one two this that
    with from been will which their there these those them they than then also into about over
    under more most less such other some each very only just what when where who whom whose how
    why our out off own same both few nor too does did doing being here after before while
    memo application applicant applicants bank lender source sources content contents data policy
    rule rules loan loans credit case cases given based shows note notes item items system
    guideline guidelines"""
_STOP = frozenset(_STOP_WORDS.split())
# A mitigant may say that there is none; that is a statement about the file, not about a source.
_NONE_MITIGANT = re.compile(r"^\s*none(?:\s+identified)?\b", re.IGNORECASE)


_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


def _stem(word: str) -> str:
    return (_SUFFIX.sub("", word) if len(word) > 4 else word)[:STEM]


def terms(text: str) -> set[str]:
    """Content terms of ``text``: lower-cased words of 3+ letters, stop words dropped, stemmed
    (a plural or tense ending removed, then the first five letters)."""
    words = (w.lower() for w in _TERM.findall(text))
    return {_stem(w) for w in words if len(w) >= MIN_TERM and w not in _STOP}


def is_grounded(
    location: str,
    text: str,
    citations: Iterable[str],
    sources: Mapping[str, Source],
    file_notes: Iterable[str] = (),
) -> bool:
    """Whether ``text`` is about what it cites: it names a cited source's id (e.g. CP-4.2) or shares
    a content term with the cited sources or with ``file_notes`` — what the system reported about
    the file outside the sources (flag codes, missing documents), which any statement may discuss."""
    if location.endswith(".mitigant") and _NONE_MITIGANT.match(text):
        return True
    cited = [sources[c] for c in citations if c in sources] or list(sources.values())
    if any(s.id.partition(":")[2] in text for s in cited if ":" in s.id):
        return True
    vocabulary = set().union(*(terms(f"{s.id} {s.label} {s.detail}") for s in cited), *map(terms, file_notes))
    return bool(terms(text) & vocabulary)
