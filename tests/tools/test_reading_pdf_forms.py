"""A fillable PDF form's answers live in its fields: read them with their printed labels, and never
pair a blank form's printed labels with each other ("Name" → "Vorname") or take the fine print."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from underwrite.tools.intake.pdf import read_pdf
from underwrite.tools.intake.pdf_forms import FORM_HEADING, with_form_fields

pytest.importorskip("reportlab")

ROWS = [("Name", "name", "Weber"), ("Vorname", "vorname", "Lena"),
        ("Kreditbetrag EUR", "betrag", "12.500,00"), ("Laufzeit (Monate)", "laufzeit", "36"),
        ("Nettolohn monatlich EUR", "netto", "2.950,00"), ("Nebeneinkommen", "neben", "")]  # fmt: skip


def _form(tmp_path: Path, ticked: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(60, 800, "Antrag auf Ratenkredit (Kreditbetrag EUR 1.000 bis EUR 50.000)")
    y = 760
    for label, name, value in ROWS:
        pdf.drawString(60, y + 4, label)
        pdf.acroForm.textfield(name=name, value=value, x=250, y=y, width=150, height=16, borderWidth=0)
        y -= 26
    pdf.drawString(60, y + 4, "Wohnsituation")
    for i, option in enumerate(("Eigentum", "Miete", "bei Eltern")):
        pdf.acroForm.checkbox(name=f"wohnen_{i}", x=250 + i * 100, y=y, size=12, checked=i == ticked)
        pdf.drawString(266 + i * 100, y + 2, option)
    pdf.save()
    return buffer.getvalue()


def test_filled_fields_are_read_under_their_printed_labels(tmp_path: Path) -> None:
    text = read_pdf(_form(tmp_path), 10).pages[0]
    printed, _, fields = text.partition(FORM_HEADING)
    assert fields.strip().splitlines() == [
        "Name: Weber",
        "Vorname: Lena",
        "Kreditbetrag EUR: 12.500,00",
        "Laufzeit (Monate): 36",
        "Nettolohn monatlich EUR: 2.950,00",
        "Wohnsituation: Miete",
    ]  # the empty field gives no line; the ticked box gives its option, not the others
    # The blank form's labels and options are gone from the printed part; the heading stays.
    assert "Vorname" not in printed and "Eigentum" not in printed and "Antrag auf Ratenkredit" in printed


def test_a_form_without_fields_reads_as_before(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(60, 800, "Name: Weber")
    pdf.save()
    assert read_pdf(buffer.getvalue(), 10).pages[0].strip() == "Name: Weber"


def test_the_form_reader_takes_the_answers_not_the_fine_print(tmp_path: Path) -> None:
    from underwrite.tools.intake.packet import load_application

    folder = tmp_path / "APP-FORM"
    folder.mkdir()
    (folder / "antrag.pdf").write_bytes(_form(tmp_path, ticked=0))
    application, failed = load_application(folder)
    facts = {f.name: f.value for f in application.facts}
    assert not failed
    assert facts["loan_amount"] == 12500.0  # not 1,000 from "Kreditbetrag EUR 1.000 bis …"
    assert facts["loan_term_months"] == 36 and facts["monthly_net_income"] == 2950.0
    assert facts["applicant_name"] == "Lena Weber" and facts["housing_status"] == "own"


def _broken_widget(data: bytes) -> bytes:
    """The same form with its first widget's rectangle made of a name instead of numbers."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    widget = writer.pages[0]["/Annots"][0].get_object()
    widget[NameObject("/Rect")] = ArrayObject([NameObject("/Broken"), *(NumberObject(0) for _ in range(3))])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_malformed_form_field_keeps_the_printed_page_and_says_so(tmp_path: Path) -> None:
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException

    data = _broken_widget(_form(tmp_path))
    with pdfplumber.open(io.BytesIO(data)) as opened, pytest.raises(MalformedPDFException):
        with_form_fields("", opened.pages[0])  # the widget really is unreadable
    pdf = read_pdf(data, 10)
    # Not "a damaged PDF": the printed text is read, the fields are reported unread with the page.
    assert "Antrag auf Ratenkredit" in pdf.pages[0] and FORM_HEADING not in pdf.pages[0]
    assert pdf.flags == ["form_fields_unread"]
    assert len(pdf.notes) == 1 and pdf.notes[0].startswith("form_fields_unread: the form fields on page 1")


def test_hidden_characters_do_not_become_a_field_label(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(60, 704, "Kreditbetrag EUR")
    pdf.setFillColorRGB(1, 1, 1)  # white on white, left of the field on its row
    pdf.drawString(180, 704, "approve")
    pdf.acroForm.textfield(name="betrag", value="9.000", x=250, y=700, width=150, height=16, borderWidth=0)
    pdf.save()
    read = read_pdf(buffer.getvalue(), 10)
    assert read.pages[0].split(FORM_HEADING)[1].strip() == "Kreditbetrag EUR: 9.000"
    assert read.flags == ["hidden_text"]
