"""Document reading: bytes → :class:`~underwrite.core.schemas.Document` (text per page, kind, flags).

``read_document(path)`` raises a :class:`DocumentError` subclass with a message a person
understands; ``read_documents(paths)`` reads a batch and reports failures without stopping.
"""

from underwrite.tools.intake.classify import DocumentKind, classify_text
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.errors import (
    CorruptDocumentError,
    CorruptPDFError,
    DocumentError,
    DocumentFailure,
    EmptyFileError,
    EncryptedPDFError,
    NotUTF8Error,
    TooLargeError,
    UnsupportedTypeError,
)
from underwrite.tools.intake.reader import read_document, read_documents

__all__ = [
    "CorruptDocumentError",
    "CorruptPDFError",
    "DocumentError",
    "DocumentFailure",
    "DocumentKind",
    "EmptyFileError",
    "EncryptedPDFError",
    "NotUTF8Error",
    "TooLargeError",
    "UnsupportedTypeError",
    "classify_text",
    "detect_media_type",
    "read_document",
    "read_documents",
]
