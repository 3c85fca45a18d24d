"""Comparable precedents: same product and purpose family, within a band of amount and term.

A 5,117 business loan over 27 months was shown a precedent of 670 over 48 months: text similarity
alone ranks a short description, not a comparable file. Here the search is filtered to the
applicant's product, purpose family and a band around amount and term; when fewer than
``MIN_MATCHES`` cases qualify the band is relaxed step by step (and the step taken is reported),
and the hits are ranked by a similarity that weighs amount and term distance with the text score.
Income is not in the precedent index's metadata, so it cannot be banded here (said in the notes).
Amounts are compared in EUR, the applicant's currency: each precedent's ``amount_eur``
(``retrieval.precedent_money``; a case whose currency is not stated has none and is left out of
every amount band, never compared as if its number were euro).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PURPOSE_FAMILIES: dict[str, tuple[str, ...]] = {
    "vehicle": ("car (new)", "car (used)"),
    "household": ("furniture/equipment", "radio/television", "domestic appliances", "repairs"),
    "education": ("education", "retraining"),
    "business": ("business",),
    "other": ("others", "unspecified"),
}
MIN_MATCHES = 3
_GENERATED_ID = re.compile(r"^APP-(?:GER|SME)-(\d{6})(?:-\d+)?$")
"""A packet ``underwrite packets generate`` built from a German-credit row (``-2`` when uploaded again)."""


@dataclass(frozen=True)
class Band:
    label: str
    amount: float | None
    """Relative band around the amount (0.5 = ±50%); None: any amount."""
    term: float | None
    same_family: bool


STEPS: tuple[Band, ...] = (
    Band("amount ±50%, term ±50%, same purpose family", 0.5, 0.5, True),
    Band("amount ±100%, term ±100%, same purpose family", 1.0, 1.0, True),
    Band("amount ±100%, term ±100%, any purpose", 1.0, 1.0, False),
    Band("same product only", None, None, False),
)


def family_of(purpose: object) -> str | None:
    text = str(purpose or "").strip().lower()
    return next((f for f, members in PURPOSE_FAMILIES.items() if text in members), None)


def band_filters(values: Mapping[str, Any], product: str, band: Band) -> dict[str, Any]:
    filters: dict[str, Any] = {"product": product}
    amount, term = values.get("loan_amount"), values.get("loan_term_months")
    if band.amount is not None and isinstance(amount, int | float) and amount > 0:
        filters["amount_eur"] = {
            "$gte": amount * (1 - min(band.amount, 0.9)),
            "$lte": amount * (1 + band.amount),
        }
    if band.term is not None and isinstance(term, int | float) and term > 0:
        filters["term_months"] = {
            "$gte": int(term * (1 - min(band.term, 0.9))),
            "$lte": int(term * (1 + band.term)) + 1,
        }
    family = family_of(values.get("loan_purpose"))
    if band.same_family and family is not None:
        filters["purpose"] = {"$in": list(PURPOSE_FAMILIES[family])}
    return filters


def _closeness(hit: Any, values: Mapping[str, Any]) -> float:
    """Text similarity times how close amount and term are (1 when equal, falling on a log scale)."""
    meta = getattr(hit, "metadata", {}) or {}
    score = float(getattr(hit, "similarity", 0.0))
    pairs = (("amount_eur", values.get("loan_amount")), ("term_months", values.get("loan_term_months")))
    for key, mine in pairs:
        theirs = meta.get(key)
        if isinstance(mine, int | float) and isinstance(theirs, int | float) and mine > 0 and theirs > 0:
            score *= 1.0 / (1.0 + abs(math.log(theirs / mine)))
    return score


def _with_comparability(hit: Any, score: float) -> Any:
    copy = getattr(hit, "model_copy", None)
    return copy(update={"comparability": round(score, 4)}) if callable(copy) else hit


def precedent_query(product: str, values: Mapping[str, Any], grade: str, reasons: Sequence[str]) -> str:
    """The text a comparable-precedent search embeds: the request, the grade and the top reasons
    (the memo's retrieve step and the eval's precedent report ask the same way)."""
    return (
        f"{product} loan of {values.get('loan_amount')} over {values.get('loan_term_months')} months for "
        f"{values.get('loan_purpose')}; grade {grade}; " + "; ".join(reasons[:3])
    )


def own_case_id(application_id: str) -> str | None:
    """The precedent that is this application itself, if any.

    Generated packets (the demo's, the benches') are built from German-credit hold-out rows, and those
    rows are the index's German precedents: without this the top "similar past case" of a generated
    file is its own row, same amount and term, showing the applicant's own outcome as evidence.
    """
    match = _GENERATED_ID.match(application_id)
    return f"german-{int(match.group(1)):05d}" if match else None


def comparable_precedents(
    search: Callable[[str, int, dict[str, Any] | None], Sequence[Any]],
    text: str,
    k: int,
    values: Mapping[str, Any],
    product: str,
    exclude: str | None = None,
) -> tuple[list[Any], str]:
    """(hits ranked by comparability, a note saying which band was used and why); ``exclude``: a case
    id never to show (the application's own case, see :func:`own_case_id`)."""
    tried: list[str] = []
    hits: list[Any] = []
    for band in STEPS:
        found = search(text, max(k * 3, k) + (exclude is not None), band_filters(values, product, band))
        hits = [h for h in found if h.case_id != exclude]
        if len(hits) >= min(MIN_MATCHES, k):
            break
        tried.append(f"{band.label}: {len(hits)} match(es)")
    scored = sorted(((_closeness(h, values), i, h) for i, h in enumerate(hits)), key=lambda t: (-t[0], t[1]))
    # The table shows the key it is ranked by, so an underwriter never sees an unsorted column.
    ranked = [_with_comparability(h, score) for score, _, h in scored[:k]]
    note = f"precedents within {band.label}"
    if tried:
        note += " (relaxed because too few matched: " + "; ".join(tried) + ")"
    note += (
        "; amounts compared in EUR (DEM at the fixed euro rate, USD at the rate table's; a case"
        " whose currency is not stated only where the amount is not banded)"
    )
    return ranked, note + "; income is not banded (not in the precedent index)"
