"""Formats and layouts the fourth held-out round showed the reader lacked, on text written here.

Not copies of ``tests/corpus/heldout4``: each test builds its own small document.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from docx import Document as new_docx  # noqa: N813  (a factory function, not a class)
from docx.oxml import parse_xml
from reading_support import facts_of
from reportlab.pdfgen.canvas import Canvas

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.detect import detect_media_type
from underwrite.tools.intake.docx_text import docx_text
from underwrite.tools.intake.reader import read_document

_VML_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape type="#_x0000_t202">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</v:shape></w:pict></w:r>"
)
_MC_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><wps:txbx><w:txbxContent><w:p><w:r><w:t>{0}</w:t></w:r></w:p>'
    "</w:txbxContent></wps:txbx></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>{0}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def _docx_with_boxes_and_nested_table(path: Path) -> Path:
    document = new_docx()
    anchor = document.add_paragraph("Kreditantrag (Kopie für die Filiale)")
    anchor._p.append(parse_xml(_VML_BOX.format("Antragsteller: Mira Sommer")))
    anchor._p.append(parse_xml(_MC_BOX.format("Antragsdatum: 03.03.2025")))
    layout = document.add_table(rows=1, cols=2)
    left, right = layout.cell(0, 0), layout.cell(0, 1)
    inner = left.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Kreditbetrag", "6.400 EUR"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "Laufzeit", "36 Monate"
    other = right.add_table(rows=1, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "Nettoeinkommen monatlich", "2.480 EUR"
    document.save(str(path))
    return path


def test_docx_text_boxes_are_read_once_and_nested_tables_give_their_rows(tmp_path: Path) -> None:
    path = _docx_with_boxes_and_nested_table(tmp_path / "antrag.docx")
    text, hidden = docx_text(path.read_bytes())
    lines = text.split("\n")
    assert lines[:3] == [
        "Kreditantrag (Kopie für die Filiale)",
        "Antragsteller: Mira Sommer",
        "Antragsdatum: 03.03.2025",
    ]
    assert text.count("Antragsdatum") == 1  # the DrawingML box's VML fallback copy is not read again
    assert lines[3:] == [
        "\t",
        "Kreditbetrag\t6.400 EUR",
        "Laufzeit\t36 Monate",
        "Nettoeinkommen monatlich\t2.480 EUR",
    ]
    assert hidden == []
    facts = facts_of(path)
    assert facts["applicant_name"] == "Mira Sommer"
    assert facts["loan_amount"] == 6400
    assert facts["loan_term_months"] == 36
    assert facts["monthly_net_income"] == 2480


def _form_pdf(rows: list[tuple[str, str]]) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    canvas = Canvas(buffer)
    for i, (label, value) in enumerate(rows):
        canvas.drawString(72, 760 - 18 * i, f"{label}: {value}")
    canvas.save()
    return buffer.getvalue()


def _mail(attachments: list[tuple[str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Ruth Hale <ruth.hale@example.org>"
    message["To"] = "loans@example.com"
    message["Subject"] = "my application"
    message["Date"] = "Mon, 10 Mar 2025 09:30:00 +0000"
    message.set_content("Hello,\n\nmy filled-in form is attached.\n\nRuth\n")
    for name, subtype, data in attachments:
        message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
    return bytes(message)


def test_a_mime_email_reads_its_body_and_its_attached_form(tmp_path: Path) -> None:
    form = _form_pdf([("Applicant name", "Ruth Hale"), ("Loan amount", "EUR 4,200"), ("Term", "24 months")])
    path = tmp_path / "message.eml"
    path.write_bytes(_mail([("form.pdf", "pdf", form)]))
    assert detect_media_type(path.read_bytes()) == MediaType.email
    doc = read_document(path)
    assert doc.media_type == MediaType.email
    assert len(doc.pages) == 2
    assert doc.pages[0].text.startswith("From: Ruth Hale <ruth.hale@example.org>\nTo: loans@example.com")
    assert "my filled-in form is attached" in doc.pages[0].text
    assert "base64" not in doc.text and "Content-Type" not in doc.text
    assert "Loan amount: EUR 4,200" in doc.pages[1].text
    assert any("form.pdf" in note for note in doc.notes)
    facts = facts_of(path)
    assert facts["loan_amount"] == 4200
    assert facts["loan_term_months"] == 24


def test_a_damaged_attachment_is_a_note_and_the_message_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(
        _mail([("broken.pdf", "pdf", b"%PDF-1.4 truncated"), ("empty.docx", "octet-stream", b" ")])
    )
    doc = read_document(path)
    assert len(doc.pages) == 1 and "form is attached" in doc.text
    assert any("broken.pdf" in note and "could not be read" in note for note in doc.notes)
    assert any("empty.docx" in note and "empty" in note for note in doc.notes)


def test_a_pasted_email_without_mime_headers_stays_text() -> None:
    pasted = b"From: Ruth Hale\nTo: loans@example.com\nSubject: loan\n\nI would like to borrow 4,000 euros.\n"
    assert detect_media_type(pasted) == MediaType.text


_EXPORT = (
    "Export du 02/04/2025;;;\r\n"
    "Compte courant 0099 - MME LENOIR;;;\r\n"
    "Solde au 31/03/2025;;;3 789,60\r\n"
    ";;;\r\n"
    "Date;Libellé;Montant;Solde\r\n"
    "31/03/2025;VIR RECU ATELIERS DUVAL SALAIRE MARS;+2 310,00;3 789,60\r\n"
    "10/03/2025;PRLV CETELEM MENSUALITE 4/36;-145,20;1 479,60\r\n"
    "03/03/2025;PRLV AGENCE DU PARC LOYER MARS;-1 020,00;1 624,80\r\n"
    "28/02/2025;VIR RECU ATELIERS DUVAL SALAIRE FEVRIER;+2 310,00;2 644,80\r\n"
    "10/02/2025;PRLV CETELEM MENSUALITE 3/36;-145,20;334,80\r\n"
    "03/02/2025;PRLV AGENCE DU PARC LOYER FEVRIER;-1 020,00;480,00\r\n"
)


def test_a_windows_1252_export_with_a_preamble_newest_first_and_signed_amounts(tmp_path: Path) -> None:
    path = tmp_path / "releve.csv"
    path.write_bytes(_EXPORT.encode("cp1252"))
    doc = read_document(path)
    assert doc.media_type == MediaType.csv and doc.kind == "bank_statement"
    facts = facts_of(path)
    assert facts["statement_avg_monthly_deposits"] == 2310.0
    # month ends: 28/02 2 644,80 and 31/03 3 789,60 — the latest row of each month, whatever the order
    assert facts["statement_avg_closing_balance"] == 3217.2
    assert facts["statement_monthly_salary"] == 2310.0
    assert facts["statement_monthly_housing"] == 1020.0
    assert facts["statement_monthly_loan_repayments"] == 145.2


_CHAT = (
    "[03/02/2025, 10:01] Northgate Loans: Hi Sam! How much are you looking to borrow?\n"
    "[03/02/2025, 10:03] Sam Okafor: 6,500\n"
    "[03/02/2025, 10:03] Sam Okafor: over 3 years if possible\n"
    "[03/02/2025, 10:04] Northgate Loans: Our loans run from 12 to 84 months. What do you pay in rent?\n"
    "[03/02/2025, 10:05] Sam Okafor: 720\n"
    "[03/02/2025, 10:06] Northgate Loans: Any other repayments, 150 or so?\n"
    "[03/02/2025, 10:07] Sam Okafor: just my phone, 40 a month\n"
)


def test_a_chat_reply_takes_its_cue_from_the_lenders_question(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(_CHAT)
    facts = facts_of(path)
    assert facts["applicant_name"] == "Sam Okafor"
    assert facts["loan_amount"] == 6500
    assert facts["loan_term_months"] == 36
    assert facts["monthly_housing_cost"] == 720
    assert facts["monthly_debt_payments"] == 40  # the lender's "150 or so" is never read


def test_the_lenders_words_are_kept_only_as_questions_and_without_digits() -> None:
    from underwrite.tools.intake.extraction.prose_chat import chat_view

    view = chat_view(_CHAT)
    assert view is not None
    assert "How much are you looking to borrow?" in view.text
    assert "Hi Sam" not in view.text and "84" not in view.text and "150" not in view.text
    assert "borrow" not in view.replies and "6,500" in view.replies
    assert len(view.turns) == 3  # each question with the replies that follow it


_POLISH_FORM = """WNIOSEK O POŻYCZKĘ
Data wniosku: 04.11.2025
Kredytobiorca: Marek Zieliński
Data urodzenia: 17.08.1979
Kwota pożyczki: 12 000 zł
Okres spłaty: 36 mies.
Cel pożyczki: remont mieszkania
Nazwa pracodawcy: Zakłady Mięsne Sokołów S.A.
Wynagrodzenie netto (średnia z 6 miesięcy): 5 200,00 zł
Sytuacja mieszkaniowa: własność
Liczba dzieci na utrzymaniu: 1
"""


def test_a_polish_form_is_read_by_its_labels_and_wordings(tmp_path: Path) -> None:
    path = tmp_path / "wniosek.txt"
    path.write_text(_POLISH_FORM)
    assert read_document(path).kind == "application_form"
    facts = facts_of(path)
    assert facts["applicant_name"] == "Marek Zieliński"
    assert facts["application_date"] == "2025-11-04"
    assert facts["loan_amount"] == 12000  # as stated, in złoty
    assert facts["loan_term_months"] == 36
    assert facts["loan_purpose"] == "repairs"
    assert facts["employer_name"] == "Zakłady Mięsne Sokołów S.A."
    assert facts["monthly_net_income"] == 5200  # the label's "(średnia z 6 miesięcy)" is a qualifier
    assert facts["housing_status"] == "own"
    assert facts["dependents"] == 1


def test_a_bracketed_qualifier_does_not_change_the_field() -> None:
    from underwrite.tools.intake.extraction.label_match import lexicon_match

    found = lexicon_match("Net monthly income (average of the last 3 months)")
    assert found is not None and found.name == "monthly_net_income"
    assert lexicon_match("(average of the last 3 months)") is None


def test_a_courtesy_title_is_no_part_of_the_name() -> None:
    from underwrite.tools.intake.extraction.field_values import person_name

    assert person_name("Full name", "Ms Priya Raman") == "Priya Raman"
    assert person_name("Name", "Frau Dr. Anna Roth") == "Dr. Anna Roth"  # an academic title stays
    assert person_name("Name", "Herr Brandt") == "Herr Brandt"  # nothing left but a surname: kept
    assert person_name("Name", "Pan Wei Ming") == "Pan Wei Ming"  # Pan is a surname too


def test_accommodation_held_on_a_mortgage_is_owned(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(
        "Loan application\nApplicant name: Mr Owen Price\nLoan amount: EUR 8,000\nTerm: 48 months\n"
        "Accommodation: Owner with mortgage\n"
    )
    facts = facts_of(path)
    assert facts["housing_status"] == "own"
    assert facts["applicant_name"] == "Owen Price"
