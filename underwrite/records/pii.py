"""Masking of raw personal identifiers before anything is written to the audit trail or a log.

A masked value becomes ``[pii:<64 hex>]``: HMAC-SHA256 with the pseudonym key (kept outside the
database, see ``core.keys``) over the normalised identifier. Two records about the same person
still carry the same pseudonym, so an auditor can match them; without the key a pseudonym cannot be
reversed by trying candidates (an unkeyed, shortened hash of a birth date falls to ~40k guesses).

What is masked: values of the fields in :data:`PII_FIELDS` (an explicit list: a key merely
containing "name", like ``loan_amount``'s entry in ``fact_sources``, is left alone); the known
identifiers of the application wherever they occur, in the spellings documents and file names use
(``Erika_Mustermann_payslip.pdf``, ``12.03.1984``); and by pattern, IBANs, e-mail addresses and phone
numbers in any text, plus dates in free-text fields (chat, cover letters, reasons).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from underwrite.core.keys import load_keyring
from underwrite.core.settings import get_settings

PII_FIELDS = frozenset(
    {
        "applicant_name",
        "date_of_birth",
        "iban",
        "telephone_number",
        "phone",
        "email",
        "address",
        "reviewer_name",
        "employer_name",
        "business_name",
    }
)
# Strings under these keys are prose written by people: dates in them are masked too.
FREE_TEXT_FIELDS = frozenset(
    {"question", "answer", "text", "message", "cover_letter", "note", "comment", "reason"}
)

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Not followed by a letter or digit: a hex digest ("66129508040af3…") is no phone number.
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d[\d ()/-]{7,}\d(?![\w.,]\d)(?![A-Za-z0-9])")
_DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4})\b"
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SEP = r"[\s_.\-]*"


@lru_cache(maxsize=4)
def _key(home: str, setting: str) -> bytes:
    ring = load_keyring("pseudonym")
    return ring.keys[ring.current]


def _pseudonym_key() -> bytes:
    s = get_settings()
    return _key(str(s.home), s.pseudonym_key.get_secret_value() if s.pseudonym_key else "")


def _normalise(value: str) -> str:
    return re.sub(r"[\s_.\-]+", "", value).casefold()


def mask_token(value: str) -> str:
    """The pseudonym of ``value``: same for every spelling that differs only in case/separators."""
    digest = hmac.new(_pseudonym_key(), _normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"[pii:{digest}]"


def _spellings(ident: str) -> str:
    """A regex for ``ident`` as documents write it: any separators between words, any case; an ISO
    date also in the day-first, month-first and written-out forms."""
    iso = _ISO_DATE.match(ident)
    if iso:
        try:
            d = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return re.escape(ident)
        forms = {
            ident,
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            f"{d.day}.{d.month}.{d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.day:02d}-{d.month:02d}-{d.year}",
            f"{d.day} {d:%B} {d.year}",
            f"{d:%B} {d.day}, {d.year}",
            f"{d.day} {d:%b} {d.year}",
        }
        return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    words = [re.escape(w) for w in re.split(r"[\s_.\-]+", ident.strip()) if w]
    return _SEP.join(words)


@lru_cache(maxsize=256)
def _known_pattern(idents: tuple[str, ...]) -> re.Pattern[str] | None:
    if not idents:
        return None
    parts = [f"(?:{_spellings(i)})" for i in idents]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(parts) + r")(?![A-Za-z0-9])", re.IGNORECASE)


def _is_phone(candidate: str) -> bool:
    # Nine digits at least, and no date inside ("02/03/2025 02/03/2025" on a statement).
    return sum(ch.isdigit() for ch in candidate) >= 9 and not _DATE.search(candidate)


def _mask_phone(m: re.Match[str]) -> str:
    return mask_token(m.group()) if _is_phone(m.group()) else m.group()


def mask_text(text: str, known: Iterable[str] = (), *, dates: bool = False) -> str:
    """Mask the known identifiers (any spelling), IBANs, e-mails, phone numbers; with ``dates``,
    every date too (free text, where a date is most likely a birth date)."""
    idents = tuple(sorted({k.strip() for k in known if k and len(k.strip()) >= 3}, key=len, reverse=True))
    pattern = _known_pattern(idents)
    if pattern is not None:
        by_norm = {_normalise(i): i for i in idents}

        def _known(m: re.Match[str]) -> str:
            return mask_token(by_norm.get(_normalise(m.group()), m.group()))

        text = pattern.sub(_known, text)
    text = _IBAN.sub(lambda m: mask_token(m.group()), text)
    text = _EMAIL.sub(lambda m: mask_token(m.group()), text)
    text = _PHONE.sub(_mask_phone, text)
    if dates:
        text = _DATE.sub(lambda m: mask_token(m.group()), text)
    return text


def mask_pii(payload: Any, known: Iterable[str] = (), *, _free: bool = False) -> Any:
    """A copy of ``payload`` (JSON-like) with identifiers masked, by field and by pattern."""
    known = tuple(known)
    if isinstance(payload, dict):
        out: dict[str, Any] = {}
        for key, value in payload.items():
            field = str(key).lower()
            if field in PII_FIELDS and value is not None and not isinstance(value, dict | list):
                out[key] = mask_token(str(value))
            else:
                out[key] = mask_pii(value, known, _free=_free or field in FREE_TEXT_FIELDS)
        return out
    if isinstance(payload, list | tuple):
        return [mask_pii(v, known, _free=_free) for v in payload]
    if isinstance(payload, str):
        return mask_text(payload, known, dates=_free)
    return payload


def clear_key_cache() -> None:
    """Tests that switch UW_HOME or the pseudonym key."""
    _key.cache_clear()
