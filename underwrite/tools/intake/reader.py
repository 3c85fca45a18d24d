"""Read any supported file into a Document; read many without letting one bad file stop the rest."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from underwrite.core.schemas import Document, MediaType, Page
from underwrite.core.settings import Settings, get_settings
from underwrite.tools.intake.content_kind import classify_document
from underwrite.tools.intake.detect import IMAGE_TYPES, decode_text, detect_media_type
from underwrite.tools.intake.docx_text import docx_text
from underwrite.tools.intake.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentFailure,
    EmptyFileError,
    TooLargeError,
)
from underwrite.tools.intake.html_text import html_text
from underwrite.tools.intake.mime_mail import read_mail
from underwrite.tools.intake.ocr import DamagedImageError, read_scan_pages
from underwrite.tools.intake.office_text import odt_text, xlsx_pages
from underwrite.tools.intake.pdf import read_pdf
from underwrite.tools.intake.rtf_text import rtf_text


def read_document(path: Path | str) -> Document:
    """Read one file (PDF, DOCX, ODT, RTF, XLSX, TXT/MD, JSON, XML, CSV, EML, PNG/JPEG/TIFF — from content).

    Raises a :class:`DocumentError` subclass saying plainly what is wrong: EmptyFileError,
    CorruptPDFError / CorruptDocumentError, EncryptedPDFError, UnsupportedTypeError, TooLargeError,
    NotUTF8Error (text neither UTF-8 nor Windows-1252). Images and image-only PDF pages are read
    with Tesseract (flag ``ocr``, a confidence per page); without Tesseract they come back flagged
    ``needs_ocr`` with a note saying what to install. Invisible text is flagged ``hidden_text`` and
    kept out of the page text. A saved e-mail's attachments are read as its further pages.
    """
    path = Path(path)
    settings = get_settings()
    try:
        size = path.stat().st_size
        if size > settings.max_document_bytes:
            limit = settings.max_document_bytes
            raise TooLargeError(f"is {size:,} bytes; the limit is {limit:,} bytes (UW_MAX_DOCUMENT_BYTES)")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError("does not exist", str(path)) from exc
    except IsADirectoryError as exc:
        raise DocumentError("is a folder, not a file", str(path)) from exc
    except DocumentError as exc:
        raise type(exc)(str(exc), str(path)) from None
    try:
        return _parse(path, data, settings)
    except DocumentError as exc:
        raise type(exc)(str(exc), str(path)) from exc.__cause__


def _parse(path: Path, data: bytes, settings: Settings, depth: int = 0) -> Document:
    if not data.strip():
        raise EmptyFileError("is empty (0 bytes of content)" if not data else "contains only whitespace")
    media_type = detect_media_type(data)
    flags: list[str] = []
    hidden: list[str] = []
    notes: list[str] = []
    confidences: list[float | None] = []
    if media_type == MediaType.pdf:
        pdf = read_pdf(data, settings.max_pdf_pages)
        texts, flags, hidden, notes = pdf.pages, pdf.flags, pdf.hidden, pdf.notes
        if "needs_ocr" in flags:
            scan = read_scan_pages(data, texts, flags, settings, is_image=False)
            texts, confidences, flags = scan.pages, scan.confidences, scan.flags
            notes = [*notes, *scan.notes]
    elif media_type in IMAGE_TYPES:
        try:
            scan = read_scan_pages(data, [], [], settings, is_image=True)
        except DamagedImageError as exc:
            raise CorruptDocumentError(str(exc)) from exc
        texts, confidences, flags, notes = scan.pages, scan.confidences, scan.flags, scan.notes
        if len(texts) > settings.max_pdf_pages:
            raise TooLargeError(f"has {len(texts)} pages; the limit is {settings.max_pdf_pages}")
    elif media_type == MediaType.docx:
        text, hidden = docx_text(data)
        texts = [text]
        if hidden:
            flags.append("hidden_text")
    elif media_type == MediaType.html:
        text, note = decode_text(data)
        texts, notes = [html_text(text)], [note] if note else []
    elif media_type == MediaType.odt:
        texts = [odt_text(data)]
    elif media_type == MediaType.xlsx:
        texts = xlsx_pages(data)
        if len(texts) > settings.max_pdf_pages:
            raise TooLargeError(f"has {len(texts)} worksheets; the limit is {settings.max_pdf_pages}")
    elif media_type == MediaType.rtf:
        texts = [rtf_text(data)]
    elif media_type == MediaType.email:
        mail = read_mail(data, lambda name, part, level: _parse(Path(name), part, settings, level), depth)
        texts, confidences, flags, hidden, notes = (
            mail.pages,
            mail.confidences,
            mail.flags,
            mail.hidden,
            mail.notes,
        )
        if len(texts) > settings.max_pdf_pages:
            raise TooLargeError(
                f"has {len(texts)} pages with its attachments; the limit is {settings.max_pdf_pages}"
            )
    else:
        text, note = decode_text(data)
        texts, notes = [text], [note] if note else []
    sha = hashlib.sha256(data).hexdigest()
    pages = [
        Page(number=i + 1, text=t, ocr_confidence=confidences[i] if i < len(confidences) else None)
        for i, t in enumerate(texts)
    ]
    return Document(
        doc_id=sha[:16],
        filename=path.name,
        media_type=media_type,
        sha256=sha,
        size_bytes=len(data),
        pages=pages,
        kind=classify_document(media_type, "\n".join(texts)),
        flags=flags,
        hidden_text=hidden,
        notes=notes,
    )


def read_documents(paths: Iterable[Path | str]) -> tuple[list[Document], list[DocumentFailure]]:
    """Read every file; each failure is reported and the others are still read."""
    documents, failures = [], []
    for path in paths:
        try:
            documents.append(read_document(path))
        except DocumentError as exc:
            failures.append(DocumentFailure.from_error(str(path), exc))
        except Exception as exc:  # a reader bug on one file must not lose the others
            failures.append(
                DocumentFailure(
                    path=str(path), error_type=type(exc).__name__, message=f"{path}: unexpected error: {exc}"
                )
            )
    return documents, failures
