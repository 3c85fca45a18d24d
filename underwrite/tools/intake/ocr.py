"""Text from scans: images and image-only PDF pages read with the Tesseract command line.

Tesseract is a Debian package (``tesseract-ocr`` plus ``tesseract-ocr-deu`` / ``-chi-sim`` language
packs), not a Python one, so it is called as a program: one run per page writes the text and a
TSV of word confidences. PDF pages are rendered with pypdfium2; every page (each frame of a TIFF)
goes through a 3-pixel median filter first, which removes scanner speckle that Tesseract otherwise
reads as stray marks (on the corpus form scan: garbled labels at 300 dpi without it, clean text
with it). When Tesseract is missing the caller keeps the document flagged ``needs_ocr`` and shows
:data:`INSTALL_HINT`.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter, ImageSequence

from underwrite.core.settings import Settings

INSTALL_HINT = (
    "install Tesseract to read it: apt-get install tesseract-ocr tesseract-ocr-deu tesseract-ocr-chi-sim "
    "(or point UW_TESSERACT_CMD at the tesseract executable)"
)
# Page segmentation mode 4 ("a single column of text of variable sizes") keeps a form's label and
# its value on one line, where the default automatic mode often splits them into separate blocks.
PAGE_SEGMENTATION = "4"


class OcrUnavailableError(Exception):
    """Tesseract cannot be run here; the message says what to install."""


class OcrFailedError(Exception):
    """Tesseract ran but could not read the image (timeout, Tesseract error)."""


class DamagedImageError(Exception):
    """The file starts like an image but cannot be decoded: a damaged document, not an OCR problem."""


@dataclass
class OcrResult:
    pages: list[str]
    confidences: list[float]
    """Mean word confidence per page, 0-1 (0 when no word was recognised)."""
    notes: list[str] = field(default_factory=list)


def tesseract_executable(settings: Settings) -> str:
    found = shutil.which(settings.tesseract_cmd)
    if found is None:
        raise OcrUnavailableError(f"Tesseract ({settings.tesseract_cmd!r}) is not installed; {INSTALL_HINT}")
    return found


@lru_cache(maxsize=8)
def installed_languages(executable: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailableError(f"Tesseract at {executable} does not run ({exc}); {INSTALL_HINT}") from exc
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def _languages(executable: str, wanted: str) -> tuple[str, list[str]]:
    """The wanted languages that are installed, '+'-joined, and a note for each one that is not."""
    have = installed_languages(executable)
    asked = [lang for lang in wanted.split("+") if lang]
    usable = [lang for lang in asked if lang in have]
    notes = [f"Tesseract language pack {lang!r} is not installed; text in it may be misread" for lang in asked
             if lang not in have]  # fmt: skip
    if not usable:
        if "eng" not in have:
            raise OcrUnavailableError(f"Tesseract has none of the languages {wanted!r}; {INSTALL_HINT}")
        usable = ["eng"]
    return "+".join(usable), notes


def _confidences(tsv: str, pages: int) -> list[float]:
    """Mean confidence of the recognised words on each page (TSV level 5 rows)."""
    per_page: dict[int, list[float]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            continue
        if row.get("level") == "5" and conf >= 0 and (row.get("text") or "").strip():
            per_page[int(row.get("page_num") or 1)].append(conf)
    return [
        round(sum(per_page[n]) / len(per_page[n]) / 100.0, 3) if per_page[n] else 0.0
        for n in range(1, pages + 1)
    ]


def _ocr_page(png: bytes, executable: str, langs: str, settings: Settings) -> tuple[str, float]:
    with tempfile.TemporaryDirectory(prefix="uw-ocr-") as tmp:
        source, base = Path(tmp) / "page.png", Path(tmp) / "out"
        source.write_bytes(png)
        command = [executable, str(source), str(base), "-l", langs, "--psm", PAGE_SEGMENTATION]
        command += ["-c", "preserve_interword_spaces=1", "txt", "tsv"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=settings.ocr_timeout_s)
        except subprocess.TimeoutExpired as exc:
            raise OcrFailedError(f"Tesseract took longer than {settings.ocr_timeout_s:.0f} s") from exc
        except OSError as exc:
            raise OcrUnavailableError(f"Tesseract could not be started ({exc}); {INSTALL_HINT}") from exc
        txt, tsv = base.with_suffix(".txt"), base.with_suffix(".tsv")
        if done.returncode != 0 or not txt.exists():
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise OcrFailedError(f"Tesseract could not read the image ({detail[0]})")
        text = txt.read_text(encoding="utf-8").replace("\f", "").rstrip()
        confidence = _confidences(tsv.read_text(encoding="utf-8") if tsv.exists() else "", 1)[0]
    # Tesseract separates lines of a block with blank lines; one newline per line reads like the file.
    return re.sub(r"\n[ \t]*\n(?=\S)", "\n", text), confidence


def _cleaned_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").filter(ImageFilter.MedianFilter(3)).save(buffer, format="PNG")
    return buffer.getvalue()


def _ocr_images(images: list[Image.Image], settings: Settings) -> OcrResult:
    executable = tesseract_executable(settings)
    langs, notes = _languages(executable, settings.ocr_languages)
    result = OcrResult(pages=[], confidences=[], notes=notes)
    for image in images:
        text, confidence = _ocr_page(_cleaned_png(image), executable, langs, settings)
        result.pages.append(text)
        result.confidences.append(confidence)
    return result


def ocr_image(data: bytes, settings: Settings) -> OcrResult:
    """Every page of an image file (PNG, JPEG, TIFF incl. multi-page) as text with its confidence."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DamagedImageError(f"is a damaged image that cannot be decoded ({exc})") from exc
    return _ocr_images(frames, settings)


def ocr_pdf_pages(data: bytes, page_indexes: list[int], settings: Settings) -> OcrResult:
    """OCR text and confidence for the given 0-based pages of a PDF (rendered with pypdfium2)."""
    tesseract_executable(settings)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise OcrFailedError(f"the PDF pages cannot be rendered for OCR ({exc})") from exc
    try:
        images = [pdf[i].render(scale=settings.ocr_dpi / 72.0, grayscale=True).to_pil() for i in page_indexes]
    finally:
        pdf.close()
    return _ocr_images(images, settings)


@dataclass
class ScanText:
    """What the reader gets back for a scanned file: page texts, confidences, flags and notes."""

    pages: list[str]
    confidences: list[float | None]
    flags: list[str]
    notes: list[str]


def read_scan_pages(
    data: bytes, pages: list[str], flags: list[str], settings: Settings, is_image: bool
) -> ScanText:
    """OCR the text-less pages of a PDF flagged ``needs_ocr``, or every page of an image.

    On success the pages carry the OCR text, ``needs_ocr`` becomes ``ocr``; when Tesseract is not
    there (or cannot read the file) the document keeps ``needs_ocr`` and a note says why and what to do.
    """
    confidences: list[float | None] = [None] * len(pages)
    rest = [f for f in flags if f != "needs_ocr"]
    try:
        if is_image:
            result = ocr_image(data, settings)
            pages, confidences = result.pages, list(result.confidences)
        else:
            todo = [i for i, text in enumerate(pages) if not text.strip()]
            result = ocr_pdf_pages(data, todo, settings)
            pages = list(pages)
            for i, text, conf in zip(todo, result.pages, result.confidences, strict=True):
                pages[i], confidences[i] = text, conf
    except (OcrUnavailableError, OcrFailedError) as exc:
        return ScanText(pages or [""], confidences or [None], [*rest, "needs_ocr"], [f"needs_ocr: {exc}"])
    if not any(p.strip() for p in pages):
        note = "needs_ocr: Tesseract found no text in the image; send a sharper scan or the original file"
        return ScanText(pages, confidences, [*rest, "needs_ocr"], [note, *result.notes])
    return ScanText(pages, confidences, [*rest, "ocr"], list(result.notes))
