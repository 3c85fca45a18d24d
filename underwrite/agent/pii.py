"""Masking of raw personal identifiers before anything is written to the audit trail or a log.

A masked value becomes ``[masked:1a2b3c4d]`` (a short hash), so two records about the same person
can still be matched by an auditor without the identifier itself being stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from typing import Any

PII_KEYS = frozenset(
    {
        "applicant_name",
        "date_of_birth",
        "iban",
        "telephone_number",
        "phone",
        "email",
        "address",
        "name",
        "reviewer_name",
    }
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Not followed by a letter or digit: a hex digest ("66129508040af3…") is no phone number.
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d[\d ()/-]{7,}\d(?![\w.,]\d)(?![A-Za-z0-9])")


def mask_token(value: str) -> str:
    return f"[masked:{hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]}]"


def _mask_phone(m: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in m.group())
    return mask_token(m.group()) if digits >= 9 else m.group()


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """Mask IBANs, e-mails, phone numbers and the given known identifiers (names, birth dates)."""
    for ident in sorted({k for k in known if k and len(k) >= 3}, key=len, reverse=True):
        text = text.replace(ident, mask_token(ident))
    text = _IBAN.sub(lambda m: mask_token(m.group()), text)
    text = _EMAIL.sub(lambda m: mask_token(m.group()), text)
    return _PHONE.sub(_mask_phone, text)


def mask_pii(payload: Any, known: Iterable[str] = ()) -> Any:
    """A copy of ``payload`` (JSON-like) with identifiers masked, by key and by pattern."""
    known = tuple(known)
    if isinstance(payload, dict):
        out: dict[str, Any] = {}
        for key, value in payload.items():
            if str(key).lower() in PII_KEYS and value is not None and not isinstance(value, dict | list):
                out[key] = mask_token(str(value))
            else:
                out[key] = mask_pii(value, known)
        return out
    if isinstance(payload, list | tuple):
        return [mask_pii(v, known) for v in payload]
    if isinstance(payload, str):
        return mask_text(payload, known)
    return payload


class PiiMaskingFilter(logging.Filter):
    """Log filter that masks identifiers in every record's rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        return True


def install_log_masking(logger_name: str = "underwrite") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, PiiMaskingFilter) for f in logger.filters):
        logger.addFilter(PiiMaskingFilter())
