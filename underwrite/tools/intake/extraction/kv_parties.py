"""Tables with one column per party: ``| Question | Applicant | Co-applicant |``.

Joint applications put the applicant and a co-applicant (co-borrower, Mitantragsteller, 共同申请人)
side by side. The header row names parties, not a field and its value, so it is no pair; below it
each row's first cell is the label and the applicant's column holds the value, the other parties'
columns are not this application's facts. The applicant's column is the first party column that is
not a second party's ("Co-applicant | Applicant" puts the applicant second).
"""

from __future__ import annotations

import re

_PARTY = re.compile(
    r"(?:(?:main|first|primary|1st|second|2nd|joint|co)[\s-]*)?(?:applicant|borrower)(?:\s*[12])?"
    r"|(?:[12]\.\s*|haupt|mit|zweit)?(?:antragsteller|kreditnehmer|darlehensnehmer)(?:in)?(?:\s*[12])?"
    r"|(?:共同|第一|第二|主)?(?:申请人|借款人)[12一二]?"
    # sv, no, da, cs, sk, pl, pt, es, fr, it: the applicant and the second party of a joint form
    r"|(?:med)?(?:sökande|søker|ansøger|låntagare|låntaker|låntager)"
    r"|(?:spolu)?(?:žadatel|dlužník|žiadateľ|dlžník)(?:ka)?|(?:współ)?(?:wnioskodawca|kredytobiorca)"
    r"|(?:co-?)?(?:proponente|titular|solicitante|emprunteur|richiedente|intestatario)(?:\s*[12])?"
    r"|(?:1\.º|2\.º|segundo|primeiro)\s*titular",
    re.IGNORECASE,
)
RULE_LINE = re.compile(r"^[\s|:\-–—=+]*$")
"""A table's rule line (``|---|:--|``, ``+----+``): a row of no cells."""
_SECOND = re.compile(
    r"^(?:second|2nd|joint|co|mit|zweit|2\.|共同|第二|med|spolu|współ|segundo)|(?:2|二)$", re.IGNORECASE
)


def positional_cells(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of every cell of ``line`` split at ``sep``, empty ones included (start == end);
    the empty edges of ``| a | b |`` are no cells."""
    out, pos = [], 0
    parts = line.split(sep)
    for i, part in enumerate(parts):
        text = part.strip()
        edge = (i == 0 or i == len(parts) - 1) and not text
        if not edge or sep == "\t":
            left = len(part) - len(part.lstrip()) if text else 0
            out.append((pos + left, pos + left + len(text)))
        pos += len(part) + len(sep)
    return out


def _is_party(text: str) -> bool:
    return _PARTY.fullmatch(text.strip().strip("*_:：").strip()) is not None


def party_column(line: str, sep: str) -> int | None:
    """The applicant's column when ``line`` is a header naming parties in every column but the first."""
    cells = [line[s:e] for s, e in positional_cells(line, sep)]
    if sep == "\t" and len(cells) >= 2 and all(_is_party(c) for c in cells):
        # A PDF's text layer drops the empty top-left cell: "Borrower<TAB>Co-borrower" over rows
        # "Name<TAB>Ann<TAB>Ben". (A pipe table keeps its empty cell, so "| A | B |" stays no header.)
        cells = ["", *cells]
    if len(cells) < 2 or _is_party(cells[0]) or not all(_is_party(c) for c in cells[1:] if c.strip()):
        return None
    parties = [i for i, c in enumerate(cells) if i > 0 and c.strip()]
    if not parties:
        return None
    first = [i for i in parties if not _SECOND.search(cells[i].strip().strip("*_:：").strip())]
    return (first or parties)[0]


def party_row(line: str, sep: str, column: int) -> tuple[str, int, int] | None:
    """(label, value start, value end) of one row of a party table: its first cell and the applicant's."""
    cells = positional_cells(line, sep)
    if len(cells) <= column:
        return None
    (ls, le), (vs, ve) = cells[0], cells[column]
    return (line[ls:le], vs, ve) if le > ls and ve > vs else None
