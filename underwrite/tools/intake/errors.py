"""Why a file could not be read, in words a person understands; one class per kind of failure."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class DocumentError(Exception):
    """A file that cannot be read as a document. ``str(error)`` is the message for the user."""

    def __init__(self, message: str, path: str = "") -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class EmptyFileError(DocumentError):
    """The file has no content."""


class CorruptDocumentError(DocumentError):
    """The file says what it is but its structure is broken."""


class CorruptPDFError(CorruptDocumentError):
    """A PDF that cannot be parsed (truncated, damaged, or not really a PDF)."""


class EncryptedPDFError(DocumentError):
    """A password-protected PDF."""


class UnsupportedTypeError(DocumentError):
    """Content that is none of PDF, DOCX, text, Markdown, JSON or CSV."""


class TooLargeError(DocumentError):
    """Over the configured size or page limit."""


class NotUTF8Error(DocumentError):
    """Text that is not valid UTF-8."""


class DocumentFailure(BaseModel):
    """One file that could not be read, reported next to the ones that could."""

    model_config = ConfigDict(extra="forbid")

    path: str
    error_type: str
    message: str

    @classmethod
    def from_error(cls, path: str, error: Exception) -> DocumentFailure:
        return cls(path=path, error_type=type(error).__name__, message=str(error))
