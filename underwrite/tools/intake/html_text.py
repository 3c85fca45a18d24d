"""HTML form exports as text: block elements on their own lines, table cells separated by tabs.

A definition list is a form too: each ``<dt>`` term starts a line and its ``<dd>`` follows it as the
next cell (``term<TAB>definition``), so the label/value reader pairs them as it pairs table cells.
Blocks nested inside a cell (``<td><p>``) do not split it. Script and style contents are dropped,
entities decoded; an ``<input value=...>`` is written as its value so a saved form keeps what was
typed. The page text is what the extractor quotes from.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "br",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "title",
    "table",
    "form",
    "section",
    "header",
    "footer",
    "fieldset",
    "legend",
}
_CELLS = {"td", "th", "dt", "dd"}
_ROW_STARTS = {"dt"}  # a term begins a row of its own; its definitions continue it
_ROW_ENDS = {"dd"}
_SKIP = {"script", "style", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]
        self.cell: list[str] | None = None
        self.skip = 0
        self.in_title = False

    def _break(self) -> None:
        if self.cell is None and self.lines[-1]:
            self.lines.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        elif tag in _CELLS:
            if tag in _ROW_STARTS:
                self._break()
            self.cell = []
        elif tag in _BLOCKS:
            self._break()
        elif tag in ("input", "option") and not self.skip:
            value = dict(attrs).get("value")
            if value and dict(attrs).get("type") not in ("hidden", "submit", "button"):
                self.handle_data(f" {value} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self._break()
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _CELLS and self.cell is not None:
            self.lines[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
            if tag in _ROW_ENDS:
                self._break()
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip and not self.in_title:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif data.strip():
            self.lines[-1].append(" ".join(data.split()))


def html_text(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    parser.close()
    out = []
    for parts in parser.lines:
        line = "\t".join(p for p in parts if p) if len(parts) > 1 else "".join(parts)
        if line.strip():
            out.append(line)
    return "\n".join(out)
