"""The part of an e-mail thread its sender wrote: a reply's quoted earlier messages from others blanked.

An Outlook reply copies the message it answers below its own, headers and all::

    From: Gareth Hollis <gareth@…>         ← the applicant
    Subject: RE: Personal loan …
    … the application …
    -----Original Message-----
    From: Rachel Pryce <rachel.pryce@…>    ← the broker: her sign-off, her "two years", her example

Read whole, the broker signed it and asked for "the last two years" (read as the loan term). In a
reply, each quoted message with a sender other than the reply's is blanked (spaces, so every offset
into the text stays true). A forward (``FW:``, ``Fwd:``, ``WG:`` …) is left whole: there the
forwarded message is the applicant's (:func:`prose_names.find_applicant` reads it first), and so is
a quoted message from the reply's own sender. Inline answers under ``>`` quotes are not headers and
are untouched (:mod:`prose_chat` reads those).
"""

from __future__ import annotations

import re

from underwrite.tools.intake.classify import SUBJECT_LINE

_I = re.IGNORECASE | re.MULTILINE
_SEPARATOR = re.compile(
    r"^[ \t>]*-{2,}[ \t]*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original"
    r"|Messaggio originale|Oorspronkelijk bericht|Originalmeddelande|Oprindelig meddelelse"
    r"|Opprinnelig melding|Původní zpráva|Wiadomość oryginalna|Alkuperäinen viesti)[ \t]*-*[ \t]*$",
    _I,
)
_FROM = re.compile(
    r"^[ \t>]*(?:From|Von|De|Da|Van|Från|Fra|Od|Lähettäjä|发件人)[ \t]*[:：][ \t]*(?P<who>.+)$", _I
)
# FW/Fwd, WG (de), TR (fr), RV (es), I (it), VL (fi; "VS:" is a Finnish reply), VB (sv), PD (pl), ENC (pt)
_FORWARD = re.compile(r"^\s*(?:fwd?|wg|tr|rv|i|vl|vb|pd|enc|doorst)\s*:", re.IGNORECASE)
_ADDRESS = re.compile(r"<([^>]+)>|([\w.+-]+@[\w.-]+)")


def _sender(line: str) -> str:
    """The sender of a ``From:`` line as an address if it has one, else the name, lower-cased."""
    m = _ADDRESS.search(line)
    return (m.group(1) or m.group(2) if m else line).strip().lower()


def own_message(text: str) -> str:
    """``text`` with a reply's quoted messages from other senders replaced by spaces (same length)."""
    separators = [m.start() for m in _SEPARATOR.finditer(text)]
    if not separators:
        return text
    head = text[: separators[0]]
    subject = SUBJECT_LINE.search(head)
    top = _FROM.search(head)
    if top is None or (subject and _FORWARD.match(subject.group("subject"))):
        return text
    me = _sender(top.group("who"))
    out = list(text)
    for start, end in zip(separators, [*separators[1:], len(text)], strict=True):
        quoted = _FROM.search(text, start, end)
        if quoted is not None and _sender(quoted.group("who")) != me:
            out[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    return "".join(out)
