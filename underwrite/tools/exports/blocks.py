"""A small document model (headings, paragraphs, bullets, tables) and its DOCX / PDF writers.

Two producers feed it: the structured memo (``tools.exports``) and Markdown a reviewer edited in the
workbench (parsed with markdown-it-py, the CommonMark parser rich already depends on), so both reach
the bank's formats through one layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    """0 is the document title."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"
    """``body``, ``bullet`` (a list item) or ``quote`` (a notice set apart from the text)."""


@dataclass(frozen=True)
class TableBlock:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


Block = Heading | Paragraph | TableBlock


def _plain(inline: Any) -> str:
    """The visible text of a markdown-it inline token (emphasis markers dropped)."""
    parts = []
    for child in inline.children or []:
        if child.type in {"text", "code_inline", "html_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def markdown_blocks(markdown: str) -> list[Block]:
    """Parse CommonMark (+ GitHub tables) into blocks; anything else becomes body paragraphs."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks: list[Block] = []
    lists = quotes = 0
    table: list[list[str]] | None = None
    row: list[str] = []
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            lists += 1
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists -= 1
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "table_open":
            table = []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None:
            table.append(row)
        elif kind == "table_close" and table is not None:
            if table:
                width = len(table[0])
                blocks.append(TableBlock(table[0], [(r + [""] * width)[:width] for r in table[1:]]))
            table = None
        elif kind == "inline":
            text = _plain(token)
            if table is not None:
                row.append(text)
            elif heading_level:
                blocks.append(Heading(text, heading_level - 1))  # '# x' is the title
                heading_level = 0
            elif text:
                style = "bullet" if lists else "quote" if quotes else "body"
                blocks.append(Paragraph(text, style))
        elif kind in {"fence", "code_block"} and token.content.strip():
            blocks.append(Paragraph(token.content.rstrip("\n")))
    return blocks


def blocks_to_docx(blocks: list[Block]) -> bytes:
    from docx import Document

    doc = Document()
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            style = {"bullet": "List Bullet", "quote": "Intense Quote"}.get(block.style)
            doc.add_paragraph(block.text, style=style)
        else:
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for cells in block.rows:
                for cell, text in zip(table.add_row().cells, cells, strict=True):
                    cell.text = text
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def blocks_to_pdf(blocks: list[Block], title: str) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    quote = styles["BodyText"].clone("quote", leftIndent=12, textColor=colors.darkred)
    heading_styles = {0: "Title", 1: "Heading2", 2: "Heading3"}
    story: list[object] = []
    for block in blocks:
        if isinstance(block, Heading):
            style = styles[heading_styles.get(block.level, "Heading4")]
            story.append(PdfParagraph(escape(block.text), style))
        elif isinstance(block, Paragraph):
            text = ("• " if block.style == "bullet" else "") + escape(block.text)
            story.append(PdfParagraph(text, quote if block.style == "quote" else styles["BodyText"]))
        else:
            data = [[PdfParagraph(escape(c), cell) for c in r] for r in [block.header, *block.rows]]
            grid = PdfTable(data, repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ]
                )
            )
            story += [grid, Spacer(1, 6)]
    buf = BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=title).build(story)
    return buf.getvalue()
