"""Multilingual synonym lexicon: the ways application forms, exports and bureau files name a field.

English, German and Chinese labels as banks, portals and loan-origination systems commonly word them,
written from how such forms are usually laid out (not copied from any test document). The packet
renderer's labels (:data:`vocabulary.LABELS`) are included. Keys are compared after :func:`key`
(case-folded, punctuation to spaces), so "Net income (monthly):" and "net income monthly" agree.
Labels the lexicon lacks go to the encoder (:mod:`label_match`).
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction.lexicon_labels import EXTRA_LABELS
from underwrite.tools.intake.extraction.lexicon_values import CODE_WORDS, EXTRA_VALUES
from underwrite.tools.intake.extraction.vocabulary import LABELS, VALUE_WORDINGS

__all__ = ["CODE_WORDS", "EXTRA_LABELS", "EXTRA_VALUES", "LEXICON", "category_value", "expand_codes", "key"]


def key(text: str) -> str:
    """Case-folded, punctuation-free form used to compare labels (keeps umlauts and Chinese)."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase → camel Case
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def expand_codes(label: str) -> str:
    """``APPL_NET_INC_M`` → ``applicant net income monthly``; ordinary words pass through."""
    words = key(label).split()
    if not re.fullmatch(r"[A-Za-z0-9_]+", label.strip()) or ("_" not in label and not label.isupper()):
        return " ".join(words)
    return " ".join(CODE_WORDS.get(w, w) for w in words)


def _label_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for source in (LABELS, EXTRA_LABELS):
        for name, labels in source.items():
            for label in labels:
                index.setdefault(key(label), name)
    return index


LEXICON: dict[str, str] = _label_index()
"""key(label) → field name; the renderer's own labels win where a wording is shared."""
BAG_INDEX: dict[frozenset[str], str] = {}
for _label, _name in LEXICON.items():
    BAG_INDEX.setdefault(frozenset(_label.split()), _name)


def _value_index() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for source in (VALUE_WORDINGS, EXTRA_VALUES):
        for name, values in source.items():
            for canonical, wordings in values.items():
                for wording in [canonical, *wordings]:
                    index.setdefault(name, []).append((key(wording), canonical))
    for pairs in index.values():  # longest wording first, so "self employed" beats "employed"
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return index


VALUE_LEXICON = _value_index()


def category_value(name: str, shown: str) -> str | None:
    """The canonical category ``shown`` words: an exact wording, else the longest wording it contains."""
    pairs = VALUE_LEXICON.get(name)
    if not pairs:
        return None
    shown_key = key(shown)
    for wording, canonical in pairs:
        if wording == shown_key:
            return canonical
    padded = f" {shown_key} "
    for wording, canonical in pairs:
        if not wording:
            continue
        cjk = bool(re.search(r"[\u4e00-\u9fff]", wording))
        if (cjk and wording in shown_key) or (not cjk and f" {wording} " in padded):
            return canonical
    return None
