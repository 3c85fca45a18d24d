"""Multilingual synonym lexicon: the ways application forms, exports and bureau files name a field.

English, German and Chinese labels (and, in their own modules, French, Spanish, Italian, Dutch,
Polish, Portuguese, Swedish, Danish, Norwegian, Czech and Slovak) as banks, portals and
loan-origination systems commonly word them, written from how such forms are usually laid out (not copied
from any test document). The packet renderer's labels (:data:`vocabulary.LABELS`) are included. Keys
are compared after :func:`key` (case-folded, punctuation to spaces), so "Net income (monthly):" and
"net income monthly" agree. Labels the lexicon lacks go to the encoder (:mod:`label_match`).
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction.lexicon_czech_slovak import CZECH_SLOVAK_LABELS, CZECH_SLOVAK_VALUES
from underwrite.tools.intake.extraction.lexicon_labels import EXTRA_LABELS as _EXTRA_LABELS
from underwrite.tools.intake.extraction.lexicon_nordic import NORDIC_LABELS, NORDIC_VALUES
from underwrite.tools.intake.extraction.lexicon_polish import POLISH_LABELS, POLISH_VALUES
from underwrite.tools.intake.extraction.lexicon_portuguese import PORTUGUESE_LABELS, PORTUGUESE_VALUES
from underwrite.tools.intake.extraction.lexicon_romance import ROMANCE_LABELS, ROMANCE_VALUES
from underwrite.tools.intake.extraction.lexicon_values import CODE_WORDS
from underwrite.tools.intake.extraction.lexicon_values import EXTRA_VALUES as _EXTRA_VALUES
from underwrite.tools.intake.extraction.vocabulary import LABELS, VALUE_WORDINGS

__all__ = [
    "CODE_WORDS",
    "EXTRA_LABELS",
    "EXTRA_VALUES",
    "LEXICON",
    "REDUCED_INDEX",
    "category_value",
    "expand_codes",
    "key",
    "reduced",
]


EXTRA_LABELS: dict[str, list[str]] = {
    name: [*_EXTRA_LABELS.get(name, []), *ROMANCE_LABELS.get(name, [])]
    for name in dict.fromkeys([*_EXTRA_LABELS, *ROMANCE_LABELS])
}
"""en/de/zh labels (:mod:`lexicon_labels`), then fr/es/it/nl (:mod:`lexicon_romance`), then the
languages of :data:`_LATER` in its order."""
EXTRA_VALUES: dict[str, dict[str, list[str]]] = {
    name: {
        canonical: [
            *_EXTRA_VALUES.get(name, {}).get(canonical, []),
            *ROMANCE_VALUES.get(name, {}).get(canonical, []),
        ]
        for canonical in dict.fromkeys([*_EXTRA_VALUES.get(name, {}), *ROMANCE_VALUES.get(name, {})])
    }
    for name in dict.fromkeys([*_EXTRA_VALUES, *ROMANCE_VALUES])
}
# Languages added after the first two tables, each in its own module; earlier wordings win a shared key.
_LATER = (
    (POLISH_LABELS, POLISH_VALUES),
    (PORTUGUESE_LABELS, PORTUGUESE_VALUES),
    (NORDIC_LABELS, NORDIC_VALUES),
    (CZECH_SLOVAK_LABELS, CZECH_SLOVAK_VALUES),
)
for _labels_of, _values_of in _LATER:
    for _name, _labels in _labels_of.items():
        EXTRA_LABELS[_name] = [*EXTRA_LABELS.get(_name, []), *_labels]
    for _name, _wordings in _values_of.items():
        for _canonical, _words in _wordings.items():
            _known = EXTRA_VALUES.setdefault(_name, {})
            _known[_canonical] = [*_known.get(_canonical, []), *_words]


def key(text: str) -> str:
    """Case-folded, punctuation-free form used to compare labels (keeps umlauts and Chinese)."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase → camel Case
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


_CAMEL = re.compile(r"[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")


def expand_codes(label: str) -> str:
    """``APPL_NET_INC_M`` / ``NetMonthlyInc`` → ``... net income monthly``; ordinary words pass through.

    Coded column names come as SNAKE_CASE capitals or as CamelCase (``ReqAmt``, ``HousingCostPM``):
    both are split into words and their abbreviations expanded; a label with spaces is left alone.
    """
    words = key(label).split()
    stripped = label.strip()
    coded = re.fullmatch(r"[A-Za-z0-9_-]+", stripped) and (
        "_" in stripped or stripped.isupper()
    )  # LOAN_AMT, NET-MTH, DOB
    if not coded and not _CAMEL.fullmatch(stripped):
        return " ".join(words)
    return " ".join(CODE_WORDS.get(w, w) for w in words)


# Words that do not change which field a label names: the subject ("Applicant full name" is the
# full name), the period (the value's unit says it; "Monthly rent" is the rent) and function words.
_NEUTRAL = frozenset(
    {
        *("applicant", "applicants", "borrower", "customer", "client"),
        *("monthly", "month", "per", "pm", "mtl", "monatlich", "monatliche", "monatlicher", "monatliches"),
        *("pro", "monat", "in", "of", "the", "at", "with", "for", "on", "im", "je", "der", "die", "das"),
        *("des", "für"),
    }
)


def reduced(label_key: str) -> frozenset[str]:
    """The words of a keyed label that name its field: neutral words dropped, plurals singular."""
    words = [w for w in label_key.split() if w not in _NEUTRAL]
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and w.isascii() else w for w in words)


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


def _reduced_index() -> dict[frozenset[str], str]:
    names: dict[frozenset[str], set[str]] = {}
    for label, name in LEXICON.items():
        # Pay-slip labels are read on pay slips only (form.py); on a form, "Net salary per month"
        # is the stated income, which the encoder places.
        if name != "payslip_net_pay" and (bag := reduced(label)):
            names.setdefault(bag, set()).add(name)
    return {bag: found.pop() for bag, found in names.items() if len(found) == 1}  # ambiguous: none


REDUCED_INDEX = _reduced_index()
"""reduced(label) → field, for the words that remain unambiguous once neutral words are dropped."""


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
# German nouns (capitalised in the tables) also name their category as the head of a compound
# ("Wohneigentum" is Eigentum) and with a case ending ("eines Neuwagens").
NOUN_WORDINGS = frozenset(
    key(w)
    for source in (VALUE_WORDINGS, EXTRA_VALUES)
    for values in source.values()
    for wordings in values.values()
    for w in wordings
    if w[:1].isupper() and " " not in w and len(w) >= 5
)
_ENDINGS = {True: "(?:s|es|n|en|e|er|ern|em)?", False: "(?:s|es|ing|ed|er)?"}
# ... and as the first part of a compound naming the act: "Gebrauchtwagenkauf", "Möbelfinanzierung".
_ACTS = "(?:kauf|käufe|finanzierung|anschaffung|erwerb)?"


def _inflected(wording: str, shown_key: str) -> bool:
    if len(wording) < 4 or not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", wording):
        return False
    noun = wording in NOUN_WORDINGS
    head = r"[^\W\d_]*" if noun else ""
    act = _ACTS if noun else ""
    pattern = rf"(?<!\w){head}{re.escape(wording)}{_ENDINGS[noun]}{act}(?!\w)"
    return re.search(pattern, shown_key) is not None


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
    for wording, canonical in pairs:  # inflected forms and compounds, only when nothing matched as is
        if _inflected(wording, shown_key):
            return canonical
    return None
