"""OCR of scans: images and image-only PDFs are read with Tesseract; facts say method ``ocr``."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen.canvas import Canvas

from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, Page, SourceSpan
from underwrite.core.settings import reset_settings_cache
from underwrite.tools.intake import read_document, read_documents
from underwrite.tools.intake.extraction import extract_facts
from underwrite.tools.intake.extraction.ocr_facts import OCR_MAX_CONFIDENCE, mark_ocr_facts

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")
PAYSLIP = [
    "Brightwater Dental Practice",
    "PAY SLIP - February 2026",
    "Employee: Tomasz Wierzbicki",
    "Personnel no: 20931",
    "Gross pay                      3,120.00 EUR",
    "Income tax                      -402.15 EUR",
    "Social security contributions   -623.40 EUR",
    "Net pay                        2,094.45 EUR",
]


def scan_png(lines: list[str], path: Path) -> Path:
    """A page of text rendered like a 200 dpi greyscale scan (slight grey background)."""
    font = ImageFont.truetype(os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"), 28)
    image = Image.new("L", (1300, 80 + 52 * len(lines)), 242)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((70, 40 + 52 * i), line, font=font, fill=20)
    image.save(path)
    return path


def image_only_pdf(png: Path, path: Path) -> Path:
    width, height = Image.open(png).size
    canvas = Canvas(str(path))
    canvas.drawImage(str(png), 36, 400, width=540, height=540 * height / width)
    canvas.save()
    return path


@pytest.fixture(autouse=True)
def _fresh_settings():
    reset_settings_cache()
    yield
    reset_settings_cache()


def _net_pay(facts: list[Fact]) -> Fact:
    return next(f for f in facts if f.name == "payslip_net_pay")


@needs_tesseract
def test_scanned_payslip_image_yields_net_pay_with_method_ocr(tmp_path: Path) -> None:
    doc = read_document(scan_png(PAYSLIP, tmp_path / "slip.png"))
    assert doc.media_type == MediaType.png and doc.kind == "payslip"
    assert "ocr" in doc.flags and "needs_ocr" not in doc.flags
    assert doc.pages[0].ocr_confidence is not None and doc.pages[0].ocr_confidence > 0.5
    fact = _net_pay(extract_facts([doc]))
    assert fact.value == pytest.approx(2094.45)
    assert fact.method == FactMethod.ocr
    assert fact.confidence <= OCR_MAX_CONFIDENCE < 1.0
    assert fact.source is not None and "2,094.45" in fact.source.quote


@needs_tesseract
def test_image_only_pdf_is_ocrd(tmp_path: Path) -> None:
    pdf = image_only_pdf(scan_png(PAYSLIP, tmp_path / "slip.png"), tmp_path / "scan.pdf")
    doc = read_document(pdf)
    assert doc.media_type == MediaType.pdf and doc.flags == ["ocr"]
    fact = _net_pay(extract_facts([doc]))
    assert fact.value == pytest.approx(2094.45) and fact.method == FactMethod.ocr


@needs_tesseract
def test_jpeg_scan_is_read(tmp_path: Path) -> None:
    png = scan_png(PAYSLIP, tmp_path / "slip.png")
    buffer = io.BytesIO()
    Image.open(png).save(buffer, format="JPEG", quality=85)
    (tmp_path / "slip.jpg").write_bytes(buffer.getvalue())
    doc = read_document(tmp_path / "slip.jpg")
    assert doc.media_type == MediaType.jpeg and "Net pay" in doc.pages[0].text


@needs_tesseract
def test_blank_image_keeps_needs_ocr_with_a_reason(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), (255, 255, 255)).save(tmp_path / "blank.png")
    doc = read_document(tmp_path / "blank.png")
    assert "needs_ocr" in doc.flags and "found no text" in doc.notes[0]


def test_without_tesseract_the_scan_keeps_needs_ocr_and_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UW_TESSERACT_CMD", str(tmp_path / "no-such-tesseract"))
    reset_settings_cache()
    png = scan_png(PAYSLIP, tmp_path / "slip.png")
    pdf = image_only_pdf(png, tmp_path / "scan.pdf")
    documents, failures = read_documents([png, pdf])
    assert failures == [] and len(documents) == 2
    for doc in documents:
        assert "needs_ocr" in doc.flags and "ocr" not in doc.flags
        assert "apt-get install tesseract-ocr" in doc.notes[0]
        assert extract_facts([doc]) == []


def test_facts_from_ocr_pages_are_relabelled_with_the_page_confidence() -> None:
    doc = Document(
        doc_id="d1",
        filename="scan.png",
        media_type=MediaType.png,
        sha256="0" * 64,
        size_bytes=1,
        pages=[Page(number=1, text="Net pay 1,000.00", ocr_confidence=0.62), Page(number=2, text="x")],
    )

    def fact(page: int, method: FactMethod) -> Fact:
        span = SourceSpan(doc_id="d1", page=page, start=8, end=16, quote="1,000.00")
        return Fact(name="payslip_net_pay", value=1000.0, source=span, method=method)

    marked = mark_ocr_facts(
        [fact(1, FactMethod.form), fact(2, FactMethod.form), fact(1, FactMethod.computed)], [doc]
    )
    assert [(f.method, f.confidence) for f in marked] == [
        (FactMethod.ocr, 0.62),
        (FactMethod.form, 1.0),
        (FactMethod.computed, 1.0),
    ]


def test_damaged_image_is_a_corrupt_document(tmp_path: Path) -> None:
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    documents, failures = read_documents([tmp_path / "scan.png"])
    assert documents == [] and failures[0].error_type == "CorruptDocumentError"
    assert "damaged image" in failures[0].message
