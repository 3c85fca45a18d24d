"""A saved e-mail (``.eml``, RFC 5322 with MIME parts) as pages: the message, then its attachments.

An applicant who mails a lender often sends the application itself as an attachment (a PDF form,
a DOCX) under a two-line body. Read as text, the message is headers, quoted-printable soft breaks
and a base64 block; nothing in it is readable. Here the message page holds the sender, recipient,
date and subject and the body (the text/plain part; the HTML part's text when there is none), and
every attachment is read by the ordinary reader from its own bytes and its pages follow, with a
note naming each one. An attachment that cannot be read is a note, never a lost e-mail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from underwrite.core.schemas import Document
from underwrite.tools.intake.html_text import html_text

MAX_ATTACHMENTS = 10
MAX_DEPTH = 2
"""An e-mail attached to an e-mail is read; one attached inside that is not (a loop bound)."""
_HEADERS = ("From", "To", "Cc", "Date", "Subject")
# A MIME message: header lines from the first byte, one of them declaring MIME. A pasted e-mail
# (plain "From: ... Subject: ..." text) has no MIME-Version or Content-Type header and stays text.
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", re.M)
_MIME_HEADER = re.compile(rb"^(?:MIME-Version:|Content-Type:[ \t]*multipart/)", re.I | re.M)


def is_mime_message(data: bytes) -> bool:
    head = data[: data.find(b"\n\n")] if b"\n\n" in data[:16384] else data[:16384]
    head = head.replace(b"\r\n", b"\n")
    return bool(_HEADER_LINE.match(data.lstrip()) and _MIME_HEADER.search(head))


@dataclass
class MailPages:
    pages: list[str]
    notes: list[str] = field(default_factory=list)
    confidences: list[float | None] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    """The attachments' flags (``ocr``, ``hidden_text`` ...): the e-mail carries what they carry."""
    hidden: list[str] = field(default_factory=list)


ReadAttachment = Callable[[str, bytes, int], Document]
"""(file name, bytes, depth) → the attachment read as a document; raises on an unreadable file."""


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: the raw payload, decoded leniently
        raw = part.get_payload(decode=True)
        content = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
    text = str(content)
    return html_text(text) if part.get_content_subtype() == "html" else text


def read_mail(data: bytes, read_attachment: ReadAttachment, depth: int = 0) -> MailPages:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)  # policy.default builds EmailMessage objects
    header = "\n".join(f"{name}: {message[name]}" for name in _HEADERS if message[name])
    out = MailPages(pages=[f"{header}\n\n{_body(message).strip()}\n"], confidences=[None])
    attachments = list(message.iter_attachments())
    for index, part in enumerate(attachments):
        name = part.get_filename() or f"attachment {index + 1}"
        if index >= MAX_ATTACHMENTS or depth >= MAX_DEPTH:
            out.notes.append(f"attachment '{name}' not read (more than {MAX_ATTACHMENTS} or nested too deep)")
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            out.notes.append(f"attachment '{name}' is empty")
            continue
        try:
            doc = read_attachment(name, payload, depth + 1)
        except Exception as exc:  # a damaged attachment must not lose the message
            out.notes.append(f"attachment '{name}' could not be read: {exc}")
            continue
        first = len(out.pages) + 1
        out.pages += [page.text for page in doc.pages]
        out.confidences += [page.ocr_confidence for page in doc.pages]
        out.flags += [flag for flag in doc.flags if flag not in out.flags]
        out.hidden += doc.hidden_text
        out.notes += [f"attachment '{name}': {note}" for note in doc.notes]
        out.notes.append(f"pages {first}-{len(out.pages)}: attachment '{name}'")
    return out
