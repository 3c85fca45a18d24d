"""Which field a label names: the synonym lexicon first, then the shared encoder's similarity.

1. exact lexicon wording (after :func:`lexicon.key`; coded names like ``APPL_NET_INC_M`` expanded);
2. the same words in another order ("housing cost monthly" = "Monthly housing cost"), then the same
   words once subject, period and function words are dropped ("Years at employer" = "Years with
   employer", "Applicant full name" = "Full name"; a bag two fields share names neither);
3. cosine similarity between the label and each field's descriptors (its label, description and
   English lexicon wordings) with the shared all-MiniLM-L6-v2 encoder; the best field is taken when
   the similarity reaches :data:`ENCODER_THRESHOLD`.

The threshold was chosen on the hand-written label list in ``label_examples.json`` (labels that
name a field and labels that name none), never on the corpus answer keys:
``python -m underwrite.bench.label_threshold`` prints the sweep.
When the encoder package is missing the lexicon still works; unknown labels then map to nothing.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from underwrite.core.fields import FIELDS
from underwrite.tools.encoder import EncoderUnavailableError, embed
from underwrite.tools.intake.extraction.lexicon import (
    BAG_INDEX,
    LEXICON,
    REDUCED_INDEX,
    expand_codes,
    key,
    reduced,
)
from underwrite.tools.intake.extraction.lexicon_labels import EXTRA_LABELS  # en/de/zh: the encoder's
from underwrite.tools.intake.extraction.vocabulary import LABELS

ENCODER_THRESHOLD = 0.56
"""Best accuracy of the sweep (86.0% of 86 labels; ``python -m underwrite.bench.label_threshold``)."""
NOT_FROM_FORMS = {
    "age_years",
    "employment_since_band",
    "installment_rate_code",
    "applicant_statement",
    "payslip_net_pay",
    "statement_avg_monthly_deposits",
    "statement_avg_closing_balance",
    "statement_monthly_salary",
    "statement_monthly_housing",
    "statement_monthly_loan_repayments",
}
FORM_FIELDS = [n for n in FIELDS if n not in NOT_FROM_FORMS]
_lock = threading.Lock()


@dataclass(frozen=True)
class Match:
    name: str
    how: str  # lexicon | words | encoder
    score: float


def _descriptors() -> tuple[list[str], list[str]]:
    names, texts = [], []
    for name in FORM_FIELDS:
        f = FIELDS[name]
        wordings = {f"{f.label}: {f.description}", f.label}
        wordings |= {w for w in [*LABELS.get(name, []), *EXTRA_LABELS.get(name, [])] if w.isascii()}
        for text in sorted(wordings):
            names.append(name)
            texts.append(text)
    return names, texts


@lru_cache(maxsize=1)
def _field_vectors() -> tuple[list[str], np.ndarray] | None:
    names, texts = _descriptors()
    try:
        with _lock:
            return names, embed(texts)
    except (EncoderUnavailableError, OSError, ImportError):
        return None


def encoder_match(label: str) -> Match | None:
    """Best field for ``label`` by the encoder, with its similarity (None without the encoder)."""
    vectors = _field_vectors()
    if vectors is None or not label.strip():
        return None
    names, matrix = vectors
    sims = matrix @ _vector(label)
    best = int(np.argmax(sims))
    return Match(names[best], "encoder", float(sims[best]))


def lexicon_match(label: str) -> Match | None:
    for variant in dict.fromkeys([key(label), key(expand_codes(label))]):
        if variant in LEXICON:
            return Match(LEXICON[variant], "lexicon", 1.0)
        bag = frozenset(variant.split())
        if bag in BAG_INDEX:
            return Match(BAG_INDEX[bag], "words", 1.0)
    for variant in dict.fromkeys([key(label), key(expand_codes(label))]):
        if (bag := reduced(variant)) in REDUCED_INDEX:  # "Years at employer" = "Years with employer"
            return Match(REDUCED_INDEX[bag], "words", 1.0)
    # A qualifier in brackets does not change the field: "Dochód netto (3 ost. miesiące)",
    # "Net income (average of the last 3 months)" name the net income.
    bare = _QUALIFIER.sub(" ", label).strip()
    return lexicon_match(bare) if bare and bare != label.strip() else None


_QUALIFIER = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]")


def looks_like_label(text: str) -> bool:
    """Short, mostly letters, not itself a number, date or amount (a qualifier in brackets not counted:
    "Encargos mensais com créditos (excluindo crédito à habitação)" is a label)."""
    stripped = (_QUALIFIER.sub(" ", text).strip() or text.strip()).rstrip(":：")
    # a portal's question is a longer label ("How much is your monthly rent or mortgage payment?")
    words, chars = (12, 90) if stripped.endswith(("?", "？")) else (8, 60)
    if not stripped or len(stripped) > chars or len(stripped.split()) > words:
        return False
    letters = sum(ch.isalpha() for ch in stripped)
    return letters >= max(1, 0.6 * sum(not ch.isspace() for ch in stripped)) and not re.search(
        r"\d{3}", stripped
    )


@lru_cache(maxsize=4096)
def match_label(label: str, use_encoder: bool = True) -> Match | None:
    """The field ``label`` names, or None; lexicon hits are certain, encoder hits carry their score."""
    if not looks_like_label(label):
        return None
    found = lexicon_match(label)
    if found is not None or not use_encoder:
        return found
    text = expand_codes(label)
    if not text.isascii():  # the encoder is English-only; German/Chinese rely on the lexicon
        return None
    hit = encoder_match(text)
    if hit is not None and rules_out(text, hit.name):
        return None
    return hit if hit is not None and hit.score >= ENCODER_THRESHOLD else None


# Labels the encoder hears as a field they never name. A credit limit (a card's, an overdraft's, a
# credit line's) sounds like an amount of credit ("Credit card limit" ~ loan amount, 0.59) but is
# never the loan asked for; an address sounds like how long one has lived there ("Address" ~
# residence years, 0.62; the house number then read as years) and an employer's address like the
# employer's name (0.71). A duration field's label says time or living somewhere ("Years at this
# address", "Employment start date", "Wohnhaft an der Adresse"); a name's label names no address.
_LIMIT = re.compile(r"\blimit|kredittramme|kreditramme|kreditrahmen|plafond|l[íi]mite|limiet", re.I)
_ADDRESS = re.compile(r"address|adresse|anschrift|street|post\s?code|postal|\bzip\b|eircode", re.I)
_DURATION_FIELDS = frozenset({"residence_years", "employment_years", "years_in_business"})
_TIME_WORD = re.compile(
    r"year|\byrs?\b|since|\blong\b|\btime\b|length|duration|tenure|period|month|seit|jahr|depuis|\bans\b"
    r"|desde|a[ñn]os\b|anni\b|\bdal\b|sinds|jaar|siden|sedan|\bod\b|\blat\b|\blet\b|\broky?\b"
    r"|\bdate\b|start|began|moved|living|lived|resident|wohnhaft|(?:at|an|unter)\s+(?:this|current|present|der)\s+",
    re.I,
)


# A business figure's label says business or a P&L line: a credit union's "Shares balance" (the
# member's savings) is no book equity (encoder 0.57 as the runner-up).
_BUSINESS_WORD = re.compile(
    r"business|company|firm|trading|enterprise|corporate|EBITDA|revenue|turnover|sales|profit|equity"
    r"|Unternehmen|Firma|Betrieb|Geschäft|Umsatz|Eigenkapital|société|entreprise|empresa|azienda|bedrijf",
    re.I,
)


def rules_out(label: str, name: str) -> bool:
    """True when ``label`` cannot name ``name`` whatever the encoder's similarity (see above)."""
    if name == "loan_amount":
        return _LIMIT.search(label) is not None
    if name in ("applicant_name", "employer_name"):
        return _ADDRESS.search(label) is not None
    if name.startswith("business_") and name != "business_name":
        return _BUSINESS_WORD.search(label) is None
    return name in _DURATION_FIELDS and _TIME_WORD.search(label) is None


_label_vectors: dict[str, np.ndarray] = {}


def prefetch(labels: list[str]) -> None:
    """Embed every label the lexicon cannot place in one encoder call (one call per label is slow)."""
    if _field_vectors() is None:
        return
    todo = sorted(
        {
            t
            for label in labels
            if looks_like_label(label)
            and lexicon_match(label) is None
            and (t := expand_codes(label)).isascii()
            and t not in _label_vectors
        }
    )
    if todo:
        with _lock:
            _label_vectors.update(zip(todo, embed(todo), strict=True))


def _vector(text: str) -> np.ndarray:
    if text not in _label_vectors:  # asked directly (encoder_match), even for a label the lexicon knows
        with _lock:
            _label_vectors[text] = embed([text])[0]
    return _label_vectors[text]


def candidates(label: str, use_encoder: bool = True, top: int = 3) -> tuple[Match, ...]:
    """Fields ``label`` may name, best first: the lexicon's one field, else the encoder's top fields
    at or above the threshold (so a value that cannot be the best field can still be the next)."""
    if not looks_like_label(label):
        return ()
    found = lexicon_match(label)
    if found is not None:
        return (found,)
    text = expand_codes(label)
    if not use_encoder or not text.isascii():
        return ()
    vectors = _field_vectors()
    if vectors is None:
        return ()
    names, matrix = vectors
    sims = matrix @ _vector(text)
    best: dict[str, float] = {}
    for i in np.argsort(-sims):
        if sims[i] < ENCODER_THRESHOLD or len(best) >= top:
            break
        best.setdefault(names[int(i)], float(sims[i]))
    first = next(iter(best), None)
    if first == "loan_amount" and rules_out(text, first):
        return ()  # the label names a limit: no field, not the next-best one either
    # otherwise a refused field gives way to the next ("Reason for borrowing": business debt, 0.83,
    # is refused for want of a business word; the loan purpose, 0.73, is read)
    return tuple(Match(name, "encoder", score) for name, score in best.items() if not rules_out(text, name))
