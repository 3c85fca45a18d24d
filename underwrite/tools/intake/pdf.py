"""PDF text per page (pdfplumber), with encryption, page limit, image-only and hidden-text checks.

Hidden text — characters filled white (or near-white) or drawn smaller than 3 pt — is what a
hostile document uses to talk to a model behind a person's back. It is removed from the page text
(so neither the extractor nor the LLM sees it), kept aside in ``Document.hidden_text`` and the
document is flagged ``hidden_text``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from underwrite.tools.intake.errors import CorruptPDFError, EncryptedPDFError, TooLargeError
from underwrite.tools.intake.pdf_columns import column_pages
from underwrite.tools.intake.pdf_forms import with_form_fields
from underwrite.tools.intake.pdf_lines import layout_text

MIN_VISIBLE_SIZE = 3.0


@dataclass
class PdfText:
    pages: list[str]
    flags: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = list(color) if isinstance(color, list | tuple) else [color]
    if not values or not all(isinstance(v, int | float) for v in values):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def is_hidden_char(obj: dict[str, Any]) -> bool:
    return obj.get("object_type") == "char" and (
        _is_white(obj.get("non_stroking_color")) or float(obj.get("size", 10)) < MIN_VISIBLE_SIZE
    )


def _page_count(data: bytes, max_pages: int) -> int:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedPDFError("is password-protected; ask the applicant for an unprotected copy")
        count = len(reader.pages)
    except EncryptedPDFError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CorruptPDFError(f"is a damaged or truncated PDF and cannot be opened ({exc})") from exc
    if count == 0:
        raise CorruptPDFError("is a PDF without pages")
    if count > max_pages:
        raise TooLargeError(f"has {count} pages; the limit is {max_pages} (UW_MAX_PDF_PAGES)")
    return count


def _with_fields(text: str, page: Any, number: int, out: PdfText) -> str:
    """The page text with its filled form fields, or the page text alone when the fields cannot be read.

    A fillable form's answers live in its fields (pdf_forms). A malformed widget there must not turn
    a readable page into a "damaged PDF": the printed text is kept, the document is flagged
    ``form_fields_unread`` and a note says what to check by hand."""
    try:
        return with_form_fields(text, page)
    except Exception as exc:  # any widget fault: the printed text stands
        if "form_fields_unread" not in out.flags:
            out.flags.append("form_fields_unread")
        out.notes.append(
            f"form_fields_unread: the form fields on page {number} could not be read "
            f"({type(exc).__name__}); answers typed into the form may be missing, check them on the original"
        )
        return text


def read_pdf(data: bytes, max_pages: int) -> PdfText:
    _page_count(data, max_pages)
    out = PdfText(pages=[])
    needs_ocr = False
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for page in pdf.pages:
                visible = page.filter(lambda obj: not is_hidden_char(obj))
                # A page in two text columns is read column by column (pdf_columns).
                text = "\n".join(layout_text(part) for part in column_pages(visible))
                # Labels are read from the visible words only: white text must not name a field.
                text = _with_fields(text, visible, len(out.pages) + 1, out)
                hidden = page.filter(is_hidden_char).extract_text() or ""
                if hidden.strip():
                    out.hidden.append(hidden)
                if not text.strip() and page.images:
                    needs_ocr = True
                out.pages.append(text)
    except (
        PdfminerException,
        MalformedPDFException,
        PDFSyntaxError,
        PSException,
        ValueError,
        KeyError,
        TypeError,
    ) as exc:
        raise CorruptPDFError(f"is a damaged PDF whose pages cannot be read ({exc})") from exc
    if needs_ocr or not any(p.strip() for p in out.pages):
        out.flags.append("needs_ocr")
    if out.hidden:
        out.flags.append("hidden_text")
    return out
