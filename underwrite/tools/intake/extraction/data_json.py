"""The shapes of a JSON payload that a leaf-per-key walk gets wrong: money in minor units, the people
of an application as a list, and lists of commitments whose payments are one figure together.

- **Minor units.** Payment and broker APIs state money as an integer of the currency's smallest unit
  with its exponent: ``{"value_minor": 1450000, "currency": "EUR", "exponent": 2}`` is 14,500.00
  EUR. Read leaf by leaf it was "1450000" under "amount value minor", a loan a hundred times too big.
  Such an object is one leaf, its amount in major units with its currency ("14500.00 EUR").
- **Parties.** ``"applicants": [{...}, {...}]`` was kept whole as a count, so the applicant's name,
  birth date and employer were never read. The main applicant's object (``role`` PRIMARY / MAIN /
  APPLICANT, else the first) is walked as if it stood alone; a co-applicant's fields are not read
  as the applicant's.
- **Lists of like items** (commitments, debts, housing costs; at most 20, never a transaction
  feed): the count stays, and each money or number key the items share becomes one leaf holding
  their sum ("commitments monthly payment" = 375.00, the total the underwriter uses), spanning the
  whole list so the quote shows every item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

Leaf = tuple[tuple[str, ...], str, str | None]
"""(path of keys, the value as text, the key whose value the span covers; None: the path's last)."""

_MINOR = ("value_minor", "amount_minor", "minor_units", "minorunits", "valueminor", "amountminor")
_EXPONENT = ("exponent", "scale", "decimals", "minor_unit", "minorunit", "precision")
_PARTIES = re.compile(r"applicant|borrower|customer|client|part(?:y|ies)|person|antragsteller|kunde", re.I)
# Only lists of an applicant's commitments and costs are totalled: a transaction feed's amounts
# summed would be a number no field means (statements are read by the statement reader).
_TOTALLED = re.compile(
    r"commitment|liabilit|debt|loan|obligation|housing|outgoing|expense|verbindlichkeit|kredit|schuld", re.I
)
MAX_TOTALLED = 20
_MAIN_ROLE = re.compile(r"^(?:primary|main|applicant|borrower|first|lead|haupt\w*)$", re.I)


def _norm(key: str) -> str:
    return key.replace("-", "_").lower()


def _minor_units(value: Any) -> tuple[Decimal, int, str] | None:
    """(amount in major units, exponent, currency) of a minor-units money object, else None."""
    if not isinstance(value, dict):
        return None
    keys = {_norm(k): v for k, v in value.items()}
    minor = next((keys[k] for k in _MINOR if k in keys), None)
    exponent = next((keys[k] for k in _EXPONENT if k in keys), None)
    if not isinstance(minor, int) or isinstance(minor, bool) or not isinstance(exponent, int):
        return None
    if not 0 <= exponent <= 4:
        return None
    return (
        Decimal(minor).scaleb(-exponent),
        exponent,
        str(keys.get("currency") or keys.get("currency_code") or ""),
    )


def minor_units_amount(value: Any) -> str | None:
    """ "14500.00 EUR" for a minor-units money object, else None."""
    money = _minor_units(value)
    return None if money is None else f"{money[0]:.{money[1]}f} {money[2]}".strip()


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    money = _minor_units(value)
    return None if money is None else money[0]


_ROLE_KEYS = ("role", "type", "applicant_type")


def _main_party(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The main applicant's object, without its role: "PRIMARY" says which person, it is no fact."""
    chosen = items[0]
    for item in items:
        role = next((item[k] for k in _ROLE_KEYS if k in item), None)
        if isinstance(role, str) and _MAIN_ROLE.match(role.strip()):
            chosen = item
            break
    return {k: v for k, v in chosen.items() if k not in _ROLE_KEYS}


def _totals(path: tuple[str, ...], items: list[dict[str, Any]]) -> Iterator[Leaf]:
    """One leaf per number or money key every item has: the sum over the items."""
    shared = [k for k in items[0] if all(k in item for item in items)]
    for key in shared:
        numbers = [_number(item[key]) for item in items]
        if any(n is None for n in numbers):
            continue
        total = sum((n for n in numbers if n is not None), Decimal(0))
        money = _minor_units(items[0][key])
        yield (*path, str(key)), f"{total} {money[2] if money else ''}".strip(), path[-1]


def json_leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[Leaf]:
    """Every leaf of ``value`` in document order, with the three shapes above read as one figure."""
    money = minor_units_amount(value)
    if money is not None and path:
        yield path, money, None
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from json_leaves(item, (*path, str(key)))
    elif isinstance(value, list) and path:
        yield path, str(len(value)), None
        items = [i for i in value if isinstance(i, dict)]
        if not items or len(items) != len(value):
            return
        if _PARTIES.search(path[-1]):
            yield from json_leaves(_main_party(items), path)
        elif _TOTALLED.search(path[-1]) and len(items) <= MAX_TOTALLED:
            yield from _totals(path, items)
    elif path:
        yield path, "" if value is None else str(value), None
