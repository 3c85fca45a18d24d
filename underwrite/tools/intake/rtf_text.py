"""Plain text of an RTF document (what WordPad, Word and many letter templates save).

A small tokenizer, not a renderer: ``\\par`` and ``\\line`` end a line, ``\\tab`` and ``\\cell`` are
tabs (table cells, as in :mod:`docx_text`), ``\\row`` ends a table row, ``\\'hh`` is a byte in the
document's code page (``\\ansicpg1252``), ``\\uN`` a Unicode character followed by ``\\ucN``
fallback characters that are skipped. Groups that hold no body text (font and colour tables,
style sheets, document info, pictures, ``{\\* ...}`` destinations) are dropped whole.
"""

from __future__ import annotations

import codecs
import re

from underwrite.tools.intake.errors import CorruptDocumentError

_TOKEN = re.compile(
    r"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.S
)
_SKIP = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl",
    "headerr", "footerl", "footerr", "listtable", "listoverridetable", "rsidtbl", "generator",
    "xmlnstbl", "themedata", "colorschememapping", "latentstyles", "datastore", "fldinst",
}  # fmt: skip
_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "sect": "\n", "page": "\n", "tab": "\t", "cell": "\t"}
_SYMBOLS = {"emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
            "ldblquote": "“", "rdblquote": "”", "~": "\u00a0", "_": "-", "-": ""}  # fmt: skip


def rtf_text(data: bytes) -> str:
    raw = data.decode("latin-1")
    if not raw.lstrip().startswith("{\\rtf"):
        raise CorruptDocumentError("does not start like an RTF document ({\\rtf)")
    match = re.search(r"\\ansicpg(\d+)", raw[:2048])
    codepage = f"cp{match.group(1)}" if match else "cp1252"
    try:
        codecs.lookup(codepage)
    except LookupError:
        codepage = "cp1252"
    out: list[str] = []
    stack: list[tuple[bool, int]] = []  # (skipping, \uc count) of the enclosing groups
    skipping, uc, pending_skip = False, 1, 0
    star = False
    for m in _TOKEN.finditer(raw):
        word, arg, hexbyte, symbol, brace, text = m.groups()
        if brace == "{":
            stack.append((skipping, uc))
            star = False
            continue
        if brace == "}":
            skipping, uc = stack.pop() if stack else (False, 1)
            continue
        if symbol == "*":
            star = True
            continue
        if word is not None:
            if star or word in _SKIP:  # a destination whose group holds no body text
                skipping = True
            star = False
            if skipping:
                continue
            if word == "uc" and arg:
                uc = int(arg)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                pending_skip = uc
            elif word in _BREAKS:
                out.append(_BREAKS[word])
            elif word in _SYMBOLS:
                out.append(_SYMBOLS[word])
            continue
        if skipping:
            continue
        if hexbyte is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            out.append(bytes([int(hexbyte, 16)]).decode(codepage, errors="replace"))
        elif symbol is not None:
            out.append(_SYMBOLS.get(symbol, symbol if symbol in "\\{}" else ""))
        elif text:
            if pending_skip:
                text, pending_skip = text[pending_skip:], max(0, pending_skip - len(text))
            out.append(text)
    return "\n".join(line.rstrip() for line in "".join(out).split("\n")).strip("\n")
