"""What a file is, from its bytes alone (magic numbers, zip members, UTF-8 decoding); never its name."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from xml.etree import ElementTree

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.errors import CorruptDocumentError, NotUTF8Error, UnsupportedTypeError
from underwrite.tools.intake.mime_mail import is_mime_message
from underwrite.tools.intake.zip_limits import check_zip_bounds

# Scans: read by OCR (underwrite.tools.intake.ocr).
_IMAGE_MAGIC: list[tuple[bytes, MediaType]] = [
    (b"\x89PNG\r\n\x1a\n", MediaType.png),
    (b"\xff\xd8\xff", MediaType.jpeg),
    (b"II*\x00", MediaType.tiff),
    (b"MM\x00*", MediaType.tiff),
]
IMAGE_TYPES = frozenset(media for _, media in _IMAGE_MAGIC)
_BINARY_MAGIC: list[tuple[bytes, str]] = [
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
]
SUPPORTED = (
    "PDF, DOCX, ODT, RTF, XLSX, plain text, Markdown, HTML, JSON, XML, CSV, a saved e-mail (.eml), "
    "an MT940 or camt.053 statement file, or a PNG/JPEG/TIFF scan"
)


def _zip_type(data: bytes) -> MediaType:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptDocumentError(
            f"looks like a ZIP-based file (DOCX?) but the archive is damaged: {exc}"
        ) from exc
    if "word/document.xml" in members:
        check_zip_bounds(archive)  # here, so the API refuses a ZIP bomb at upload, and so does the reader
        return MediaType.docx
    if "xl/workbook.xml" in members:
        return MediaType.xlsx
    if "content.xml" in members and b"application/vnd.oasis.opendocument.text" in data[:256]:
        return MediaType.odt  # the stored mimetype member comes first in every ODF package
    raise UnsupportedTypeError(f"is a ZIP archive, not a document. Supported: {SUPPORTED}")


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUTF8Error(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}); "
            "re-save it with UTF-8 encoding"
        ) from exc


CP1252_NOTE = (
    "not UTF-8: read as Windows-1252 (the code page of Western European spreadsheets and bank exports)"
)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of ``data`` and a note when it was not UTF-8.

    Excel's "CSV" and many French, German and Spanish bank exports are written in Windows-1252.
    Such text is read in that code page when it decodes strictly and its non-ASCII bytes stand
    alone between ASCII ones, as accented letters do; a double-byte encoding (GBK, Shift-JIS) pairs
    them, would come out as mojibake, and is refused (:class:`NotUTF8Error`) as before.
    """
    text, note = _decoded(data)
    # Windows (CRLF) and old Mac (CR) line ends become "\n": a reader that splits lines must not see
    # "Employer name\r" (a stray CR had turned the label's last word into its value).
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def _decoded(data: bytes) -> tuple[str, str | None]:
    try:
        return decode_utf8(data), None
    except NotUTF8Error as refused:
        high = [i for i, b in enumerate(data) if b >= 0x80]
        paired = sum(
            1 for i in high if (i + 1 < len(data) and data[i + 1] >= 0x80) or (i and data[i - 1] >= 0x80)
        )
        if len(high) > 0.2 * len(data) or paired > 0.25 * len(high):
            raise refused
        try:
            return data.decode("cp1252"), CP1252_NOTE
        except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
            raise refused from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) * 0.1


_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])|<(?:table|form|body)[\s>]", re.I)


def _is_xml(text: str) -> bool:
    """A well-formed XML document (a loan-origination payload, a MISMO file), not HTML."""
    if not text.startswith("<"):
        return False
    try:
        ElementTree.fromstring(text.encode("utf-8"))  # bytes: an encoding declaration is allowed
    except ElementTree.ParseError:
        return False
    return True


def _text_type(text: str) -> MediaType:
    stripped = text.strip()
    if _HTML.search(stripped[:2048]):
        return MediaType.html
    if _is_xml(stripped):
        return MediaType.xml
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
            return MediaType.json
        except json.JSONDecodeError:
            pass
    lines = [line for line in stripped.splitlines()[:20] if line.strip()]
    if re.search(r"^(#{1,6} |\|.*\|\s*$|```|[-*] \[)", stripped, re.MULTILINE):
        return MediaType.markdown
    if len(lines) >= 2:
        try:
            dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
            counts = {line.count(dialect.delimiter) for line in lines}
            if len(counts) == 1 and counts != {0}:
                return MediaType.csv
        except csv.Error:
            pass
    return MediaType.text


CSV_DELIMITERS = ",;\t|"


def csv_delimiter(text: str) -> str:
    """The delimiter that splits the first rows of ``text`` into the same number (> 1) of fields.

    Continental exports write ``;`` because the comma is their decimal mark (``14.500,00``), so
    counting raw characters would mislead: each candidate is parsed as CSV (quotes respected) and
    the one giving the most fields, equal on every row, wins; ``,`` when none does.
    """
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, fields = ",", 1
    for delimiter in CSV_DELIMITERS:
        counts = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        if len(counts) == 1 and (n := counts.pop()) > fields:
            best, fields = delimiter, n
    return best


def detect_media_type(data: bytes) -> MediaType:
    """The document type of ``data``; raises UnsupportedTypeError / NotUTF8Error when it is none
    (text is UTF-8, or Windows-1252 by :func:`decode_text`)."""
    if b"%PDF-" in data[:1024]:
        return MediaType.pdf
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    for magic, media in _IMAGE_MAGIC:
        if data.startswith(magic):
            return media
    if data.lstrip().startswith(b"{\\rtf"):
        return MediaType.rtf  # 7-bit text with its own escapes, whatever its code page
    if is_mime_message(data):
        return MediaType.email  # before decoding: a MIME part may be 8-bit in any charset
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UnsupportedTypeError(f"is {what}, not a document. Supported: {SUPPORTED}")
    if _looks_binary(data):
        raise UnsupportedTypeError(f"is binary data of an unknown kind. Supported: {SUPPORTED}")
    return _text_type(decode_text(data)[0])
