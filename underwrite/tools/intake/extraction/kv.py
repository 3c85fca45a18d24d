"""Label/value pairs from a page of text, whatever the layout.

Recognised per line, first match wins:

* cells — a line holding tabs is a table row (DOCX, HTML and PDF readers write cell boundaries as
  tabs); cells pair up as (label, value), so 2- and 4-column forms both read;
* ``| Label | value |`` — Markdown or pipe-separated exports (separator rows skipped);
* ``Label ....... value`` — dotted leaders of web-form exports (also ``___`` and ``…``);
* ``Label: value`` / ``Label：value`` — colon forms, the value cut before a further ``Label:``
  on the same line when that label is in the lexicon;
* tables with a column per party (applicant, co-applicant): the applicant's column (:mod:`kv_parties`);
* tables of credits, a row per credit, are no pairs at all (:mod:`debt_table` reads them);
* fixed-width exports, a dashed ruler under the column names (:mod:`fixed_width`).

Every pair keeps its page and the character span of the value, so a fact quotes the page exactly.
Whether a label names a field is :func:`label_match.match_label`'s decision, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import Document
from underwrite.tools.intake.extraction.debt_table import Columns, debt_columns, in_table
from underwrite.tools.intake.extraction.fixed_width import fixed_width_pairs
from underwrite.tools.intake.extraction.kv_parties import RULE_LINE, party_column, party_row
from underwrite.tools.intake.extraction.label_match import lexicon_match, looks_like_label
from underwrite.tools.intake.extraction.lexicon import category_value


@dataclass(frozen=True)
class Pair:
    doc_id: str
    label: str
    value: str
    page: int
    start: int
    end: int
    layout: str  # cells | pipe | dots | colon | fixed | data


_DOTS = re.compile(
    r"^(?P<label>[^\t.…_|:]{1,60}?)\s*(?:\.{3,}|…+|_{3,}|(?:\. ){3,}\.?)\s*(?P<value>\S.*?)\s*$"
)
_COLON = re.compile(r"^(?P<label>[^\t:：|]{1,60}?)\s*[:：]\s*(?P<value>\S.*?)\s*$")
_EMPHASIS = re.compile(r"(?:\*\*|__)?\s*")
# A form's hint column between label and answer: "required", a date mask, a unit ("v €", "in months").
_HINT = re.compile(
    r"\*|\(?(?:required|mandatory|optional|pflichtfeld|povinné|povinný|nepovinné|obrigatório|obligatoire"
    r"|obligatorio|obbligatorio|wymagane|obligatorisk|påkrævet|valgfri|frivillig)\)?"
    r"|[DTJ]{1,2}[./-]?[MN]{1,2}[./-]?(?:RRRR|RR|YYYY|YY|JJJJ|JJ|AAAA|AA|ÅÅÅÅ|rrrr)"
    r"|(?:mm|MM)[./](?:RRRR|YYYY|JJJJ|AAAA|ÅÅÅÅ|åååå|rrrr)"
    r"|(?:v|in|en|em|w|i)\s+(?:€|EUR|Kč|CZK|zł|kr|SEK|NOK|DKK|mesiacoch|měsících|months|meses|monaten|miesiącach|månader|måneder)"
    r"(?:,\s*\w+)?",
    re.IGNORECASE,
)


def _cells(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty, whitespace-trimmed cell of ``line`` split at ``sep``."""
    out, pos = [], 0
    for part in line.split(sep):
        left = len(part) - len(part.lstrip())
        text = part.strip()
        if text:
            out.append((pos + left, pos + left + len(text)))
        pos += len(part) + len(sep)
    return out


def _answers(label: str, value: str) -> bool:
    """``Do you rent or own? | Rent``: the value is a label word too, but one of the label's answers."""
    match = lexicon_match(label)
    return (
        match is not None
        and FIELDS[match.name].kind == FieldKind.category
        and bool(category_value(match.name, value))
    )


def _pairs_from_cells(line: str, cells: list[tuple[int, int]]) -> Iterator[tuple[str, int, int]]:
    i = 0
    while i < len(cells):
        label = line[cells[i][0] : cells[i][1]]
        inner = _COLON.match(label)
        if inner and looks_like_label(inner.group("label")):  # "Label: value" within one cell
            yield (
                inner.group("label").strip(),
                cells[i][0] + inner.start("value"),
                cells[i][0] + inner.end("value"),
            )
            i += 1
            continue
        if i + 1 >= len(cells):
            break
        answer = i + 1
        if i + 2 < len(cells) and _HINT.fullmatch(line[cells[answer][0] : cells[answer][1]].strip()):
            answer += 1  # "Dátum narodenia | DD.MM.RRRR | 1992-06-13": the hint is not the answer
        value = line[cells[answer][0] : cells[answer][1]]
        if looks_like_label(label) and (
            not (lexicon_match(value) and looks_like_label(value)) or _answers(label, value)
        ):
            yield label, cells[answer][0], cells[answer][1]
            i = answer + 1
        else:
            i += 1


def _colon_value_end(line: str, start: int) -> int:
    """Where the value starting at ``start`` ends: before the next ``Label:`` the lexicon knows."""
    for colon in (m.start() for m in re.finditer(r"[:：]", line[start:])):
        before = line[start : start + colon]
        words = list(re.finditer(r"\S+", before))
        for n in range(min(len(words), 6), 0, -1):
            first = words[-n]
            if first.start() > 0 and lexicon_match(before[first.start() :]):
                return start + len(before[: first.start()].rstrip())
    return len(line.rstrip())


def line_pairs(line: str) -> Iterator[tuple[str, int, int, str]]:
    """(label, value start, value end, layout) for every pair on one line."""
    if "\t" in line:
        for label, s, e in _pairs_from_cells(line, _cells(line, "\t")):
            yield label, s, e, "cells"
        return
    if line.count("|") >= 1 and not RULE_LINE.match(line):
        cells = _cells(line, "|")
        if len(cells) >= 2:
            for label, s, e in _pairs_from_cells(line, cells):
                yield label, s, e, "pipe"
            return
    m = _DOTS.match(line)
    if m:
        yield m.group("label").strip(), m.start("value"), m.end("value"), "dots"
        return
    m = _COLON.match(line)
    if m and looks_like_label(m.group("label")):
        # Markdown bold around the label ("**Namn:** Johanna") closes after the colon.
        start = m.start("value") + len(_EMPHASIS.match(line, m.start("value")).group())  # type: ignore[union-attr]
        end = _colon_value_end(line, start)
        if end > start:
            yield m.group("label").strip().strip("*_ ").strip(), start, end, "colon"


_STACKED_VALUE = re.compile(r"^(?: {2,}|\t)\S")


def _stacks(line: str) -> bool:
    """Whether a line alone may be a label whose answer stands indented below it: a question, or
    label-like words with or without a closing colon."""
    text = line.strip()
    return (text.endswith(("?", "？")) and len(text) <= 90) or looks_like_label(text)


def _separator(line: str) -> str | None:
    if "\t" in line:
        return "\t"
    return "|" if "|" in line else None


def _page_pairs(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(label, value start, value end, layout) with offsets into the page ``text``.

    A header naming parties (:mod:`kv_parties`) switches the rows below it, up to the first line
    of another layout, to reading the applicant's column only.
    """
    offset = 0
    party: tuple[str, int] | None = None  # (separator, applicant's column) while in a party table
    records: Columns | None = None  # while in a table of credits
    stacked: str | None = None  # the label line just above, when it may head an indented answer
    for line in text.split("\n"):
        sep = _separator(line)
        heads: str | None = None  # this line's words, when they may head an indented answer below
        if party is not None and sep != party[0]:
            party = None
        records = records if records is not None and in_table(line, records) else None
        if records is not None:
            pass
        elif sep is not None and (columns := debt_columns(line, sep)) is not None:
            records = columns
        elif party is not None:
            row = None if RULE_LINE.match(line) else party_row(line, party[0], party[1])
            if row is not None:
                yield row[0], offset + row[1], offset + row[2], "pipe" if sep == "|" else "cells"
        elif sep is not None and (column := party_column(line, sep)) is not None:
            party = (sep, column)
        else:
            found = list(line_pairs(line))
            if not found and stacked is not None and _STACKED_VALUE.match(line):
                # A question on its own line, its answer indented on the next ("What is your name?"
                # / "    Marisol T. Vega"): print-outs of online applications.
                start = len(line) - len(line.lstrip())
                yield stacked, offset + start, offset + len(line.rstrip()), "stacked"
            for label, s, e, layout in found:
                yield label, offset + s, offset + e, layout
            if line.strip() and not line[:1].isspace() and not found and _stacks(line):
                heads = line.strip().rstrip(":：").strip()
        stacked = heads
        offset += len(line) + 1


# Check-box glyphs: an answer given by ticking one of several printed options.
_TICKED = "☒☑✔✓■⊠"
_BOX = re.compile(rf"[{_TICKED}☐□]|\[[ xX]\]")


def ticked_option(value: str) -> tuple[int, int] | None:
    """(start, end) of the one ticked option in "☐ 24 ☐ 36 ☒ 60 ☐ 72", else None (none or several)."""
    boxes = list(_BOX.finditer(value))
    ticked = [m for m in boxes if m.group() in _TICKED or m.group().lower() == "[x]"]
    if len(ticked) != 1:
        return None
    after = next((m.start() for m in boxes if m.start() > ticked[0].start()), len(value))
    option = value[ticked[0].end() : after]
    start = ticked[0].end() + len(option) - len(option.lstrip())
    end = ticked[0].end() + len(option.rstrip(" \t,;|/"))
    return (start, end) if end > start else None


def document_pairs(doc: Document) -> list[Pair]:
    """All label/value pairs on every page of a text-like document (not CSV/JSON: see data_pairs).

    A value of ticked and unticked boxes is narrowed to the ticked option's words."""
    pairs: list[Pair] = []
    for page in doc.pages:
        for label, s, e, layout in _page_pairs(page.text):
            if (option := ticked_option(page.text[s:e])) is not None:
                s, e = s + option[0], s + option[1]
            pairs.append(Pair(doc.doc_id, label, page.text[s:e], page.number, s, e, layout))
        for label, s, e in fixed_width_pairs(page.text):
            pairs.append(Pair(doc.doc_id, label, page.text[s:e], page.number, s, e, "fixed"))
    return pairs
