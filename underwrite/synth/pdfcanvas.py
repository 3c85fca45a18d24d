"""A thin cursor over a reportlab canvas: lines, tables and page breaks for the PDF renderers."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import Color, black, white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

MARGIN = 50.0


class PdfWriter:
    def __init__(self, path: Path, pagesize: tuple[float, float], font_size: float, title: str) -> None:
        self.canvas = Canvas(str(path), pagesize=pagesize)
        self.canvas.setTitle(title)
        self.width, self.height = pagesize
        self.font_size = font_size
        self.line_height = font_size * 1.6
        self.y = self.height - MARGIN
        self.page = 1

    def ensure(self, space: float) -> None:
        if self.y - space < MARGIN:
            self.new_page()

    def new_page(self) -> None:
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def footer(self) -> None:
        self.canvas.setFont("Helvetica", 7)
        self.canvas.setFillColor(Color(0.4, 0.4, 0.4))
        self.canvas.drawRightString(self.width - MARGIN, MARGIN / 2, f"Page {self.page}")
        self.canvas.setFillColor(black)

    def text(self, x: float, value: str, size: float | None = None, bold: bool = False) -> None:
        self.canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size or self.font_size)
        self.canvas.drawString(x, self.y, value)

    def line(self, value: str, x: float = MARGIN, size: float | None = None, bold: bool = False) -> None:
        self.ensure(self.line_height)
        self.text(x, value, size, bold)
        self.y -= (size or self.font_size) * 1.6

    def heading(self, value: str, size: float = 13) -> None:
        self.ensure(size * 3)
        self.y -= size * 0.4
        self.line(value, size=size, bold=True)

    def gap(self, points: float | None = None) -> None:
        self.y -= self.line_height if points is None else points

    def row(self, cells: list[tuple[float, str]], grid: bool = False, bold: bool = False) -> None:
        """One table row: (x, text) cells on the same baseline, optionally boxed."""
        self.ensure(self.line_height)
        for x, value in cells:
            self.text(x, value, bold=bold)
        if grid:
            self.canvas.setLineWidth(0.3)
            top = self.y + self.font_size * 1.1
            bottom = self.y - self.font_size * 0.5
            self.canvas.line(MARGIN - 4, bottom, self.width - MARGIN, bottom)
            self.canvas.line(MARGIN - 4, top, self.width - MARGIN, top)
            for x, _ in cells:
                self.canvas.line(x - 4, bottom, x - 4, top)
            self.canvas.line(self.width - MARGIN, bottom, self.width - MARGIN, top)
        self.y -= self.line_height

    def right(self, x: float, value: str, bold: bool = False) -> None:
        self.canvas.setFont("Helvetica-Bold" if bold else "Helvetica", self.font_size)
        self.canvas.drawRightString(x, self.y, value)

    def hidden(self, value: str) -> None:
        """Text a person cannot see: white, 1pt, in the bottom margin."""
        self.canvas.setFillColor(white)
        self.canvas.setFont("Helvetica", 1)
        self.canvas.drawString(MARGIN, MARGIN / 3, value)
        self.canvas.setFillColor(black)

    def width_of(self, value: str, bold: bool = False) -> float:
        return stringWidth(value, "Helvetica-Bold" if bold else "Helvetica", self.font_size)

    def save(self) -> None:
        self.footer()
        self.canvas.save()
