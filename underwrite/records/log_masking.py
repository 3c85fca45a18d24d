"""Masking of personal identifiers in every log line the product writes.

A filter on one logger misses its children (``underwrite.batch.worker`` logs reach the root's
handlers without passing the ``underwrite`` logger's filters), so masking sits on the HANDLERS: every
handler present at start-up (root, ``logging.lastResort``, any configured logger), plus a log-record
factory that masks each record as it is created, which covers handlers added later (uvicorn,
Gradio). Identifiers of applications this process has read are remembered and masked by value.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from underwrite.records.pii import mask_text

# Document parsers log the text they parse at DEBUG (pdfminer: every string on a page): with a
# debug root level that is the whole application in clear. They are held at WARNING.
CONTENT_LOGGERS = ("pdfminer", "pypdf", "docx", "PIL", "fontTools")
_known: set[str] = set()
_lock = threading.Lock()
_installed = False


def remember_identifiers(idents: tuple[str, ...]) -> None:
    """Names and birth dates of an application being processed: masked in logs from now on."""
    with _lock:
        _known.update(i for i in idents if i and len(i.strip()) >= 3)


def application_identifiers(app: Any) -> tuple[str, ...]:
    """The identifiers of an application that are masked by value (in the audit trail and in logs
    from now on): names, birth date, and the surname alone ("Mr Mustermann", file names)."""
    names = ("applicant_name", "date_of_birth", "business_name", "employer_name")
    idents = [str(app.value(n)) for n in names if app.value(n) is not None]
    applicant = app.value("applicant_name")
    if applicant is not None:
        idents += [w for w in str(applicant).split()[-1:] if len(w) >= 3]
    remember_identifiers(tuple(idents))
    return tuple(idents)


def _mask(text: str) -> str:
    with _lock:
        known = tuple(_known)
    return mask_text(text, known)


class PiiMaskingFilter(logging.Filter):
    """Masks identifiers in a record's rendered message and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "_uw_masked", False):
            record.msg = _mask(record.getMessage())
            record.args = None
            record._uw_masked = True
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _mask(record.exc_text)
        return True


def _add(handler: logging.Handler, flt: PiiMaskingFilter) -> None:
    if not any(isinstance(f, PiiMaskingFilter) for f in handler.filters):
        handler.addFilter(flt)


def mask_existing_handlers() -> None:
    """Put the filter on every handler that exists now (call again after configuring logging)."""
    flt = PiiMaskingFilter()
    loggers: list[logging.Logger] = [logging.getLogger()]
    loggers += [lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    for lg in loggers:
        for handler in lg.handlers:
            _add(handler, flt)
    if logging.lastResort is not None:
        _add(logging.lastResort, flt)


def install_log_masking() -> None:
    """Install masking for the whole process (idempotent): handlers now, records from now on."""
    global _installed
    mask_existing_handlers()
    for name in CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger(name).level))
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()
    flt = PiiMaskingFilter()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        flt.filter(record)
        return record

    logging.setLogRecordFactory(factory)
