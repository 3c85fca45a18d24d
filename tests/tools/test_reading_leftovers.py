"""What the third held-out round left unread, as general rules, on documents written here.

Not copies of ``tests/corpus/heldout3``: every document is built by the test (PDFs with reportlab).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from application_fakes import text_document
from reading_support import facts_of

from underwrite.core.schemas import Fact, FactMethod, SourceSpan
from underwrite.tools.intake.extraction.statement_unsigned import credit_choice
from underwrite.tools.intake.pdf import read_pdf

pytest.importorskip("reportlab")


def _two_frame_pdf(path: Path, left: list[list[str]], right: list[list[str]], header: str = "") -> None:
    """A page in two frames, one table per frame, rows of both at the same heights."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph, Table

    width, height = A4
    margin, gap = 40, 20
    col = (width - 2 * margin - gap) / 2
    frames = [Frame(margin + i * (col + gap), margin, col, height - 2 * margin, id=f"f{i}") for i in (0, 1)]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(id="two", frames=frames)])
    style = [("FONTSIZE", (0, 0), (-1, -1), 8), ("ALIGN", (2, 0), (-1, -1), "RIGHT")]
    widths = [34, col - 34 - 2 * 50, 50, 50]
    story = [Paragraph(header, getSampleStyleSheet()["Normal"])] if header else []
    story += [
        Table(left, colWidths=widths, style=style),
        FrameBreak(),
        Table(right, colWidths=widths, style=style),
    ]
    doc.build(story)


def _pdf_lines(path: Path) -> list[str]:
    return read_pdf(path.read_bytes(), 10).pages[0].split("\n")


def test_a_page_in_two_table_columns_reads_column_by_column(tmp_path: Path) -> None:
    left = [
        ["Dag", "Tekst", "Uit", "In"],
        ["02-03", "Kapper Smit", "31,50", ""],
        ["09-03", "Garage Oost", "410,00", ""],
        ["14-03", "Tandarts", "88,00", ""],
        ["20-03", "Loon maart", "", "2.410,00"],
    ]
    right = [
        ["Dag", "Tekst", "Uit", "In"],
        ["03-04", "Bakker Lont", "12,20", ""],
        ["08-04", "Fietsenmaker", "64,00", ""],
        ["15-04", "Apotheek", "19,95", ""],
        ["20-04", "Loon april", "", "2.410,00"],
    ]
    path = tmp_path / "two.pdf"
    _two_frame_pdf(path, left, right, header="Rekening 123 - overzicht")
    lines = _pdf_lines(path)
    assert lines[0] == "Rekening 123 - overzicht"
    march, april = lines.index("02-03\tKapper Smit\t31,50"), lines.index("03-04\tBakker Lont\t12,20")
    assert march < lines.index("20-03\tLoon maart\t2.410,00") < april  # all of March, then April
    assert lines[-1] == "20-04\tLoon april\t2.410,00"
    assert not any("Kapper" in line and "Bakker" in line for line in lines)  # no interleaved line


def test_a_wide_label_value_form_and_a_wide_table_stay_one_column(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "form.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    labels = ["Applicant", "Employer", "Net monthly income", "Loan amount", "Term", "Housing"]
    values = ["Ruth Ames", "Brightwater Ltd", "2,450.00", "9,000.00", "36 months", "Tenant"]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        page.drawString(60, 780 - 18 * i, label)  # labels on the left, answers past the middle
        page.drawString(330, 780 - 18 * i, value)
    for i in range(6):  # then a six-column table across the page
        y = 620 - 14 * i
        for x, cell in zip(
            (60, 130, 200, 330, 420, 500), ("01/05", "Card", "Shop", "12.00", "", "88.00"), strict=True
        ):
            page.drawString(x, y, cell)
    page.save()
    lines = _pdf_lines(path)
    assert "Applicant\tRuth Ames" in lines and "Housing\tTenant" in lines
    assert sum(line == "01/05\tCard\tShop\t12.00\t88.00" for line in lines) == 6


def test_two_columns_of_prose_read_one_after_the_other(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    width, height = A4
    col = (width - 100) / 2
    frames = [Frame(40 + i * (col + 20), 40, col, height - 80) for i in (0, 1)]
    doc = BaseDocTemplate(str(tmp_path / "prose.pdf"), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=frames)])
    text = " ".join(f"word{i}" for i in range(900))
    doc.build([Paragraph(text, getSampleStyleSheet()["Normal"])])
    words = " ".join(_pdf_lines(tmp_path / "prose.pdf")).split()
    assert words == [f"word{i}" for i in range(len(words))] and len(words) > 400  # in reading order


def test_credit_choice_is_the_one_subset_that_reconciles_the_balances() -> None:
    assert credit_choice(100.0, [40.0, 250.0, 10.0], 300.0) == [False, True, False]  # 100 - 40 + 250 - 10
    assert credit_choice(100.0, [50.0, 50.0], 100.0) is None  # either one could be the credit
    assert credit_choice(100.0, [40.0], 100.0) is None  # nothing reconciles


def _statement_pdf(path: Path, months: list[tuple[str, float, list[tuple[str, str, float, bool]]]]) -> None:
    """One column of month tables with only Debit/Credit columns and a start and end balance each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    def nl(x: float) -> str:
        whole, cents = f"{x:,.2f}".split(".")
        return f"{whole.replace(',', '.')},{cents}"

    story: list[object] = [
        Paragraph("Bank Zuid - afschrift, periode 01-02-2024 t/m 31-03-2024", getSampleStyleSheet()["Normal"])
    ]
    for name, opening, rows in months:
        data, balance = (
            [["Datum", "Omschrijving", "Af", "Bij"], ["", f"Beginsaldo {name}", "", nl(opening)]],
            opening,
        )
        for day, text, amount, credit in rows:
            balance += amount if credit else -amount
            data.append([day, text, "" if credit else nl(amount), nl(amount) if credit else ""])
        data.append(["", f"Eindsaldo {name}", "", nl(balance)])
        story.append(Table(data, colWidths=[50, 250, 70, 70], style=[("ALIGN", (2, 0), (-1, -1), "RIGHT")]))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)  # type: ignore[arg-type]


def test_a_statement_without_running_balance_reads_its_directions_from_the_balances(tmp_path: Path) -> None:
    path = tmp_path / "afschrift.pdf"
    feb = [
        ("01-02", "Huur februari Stichting Wonen", 810.0, False),
        ("04-02", "Aflossing lening Geldhuis", 155.0, False),
        ("12-02", "Supermarkt 2231 Breda", 61.35, False),
        ("25-02", "Salaris februari Breda Bouw", 2310.75, True),
    ]
    mar = [
        ("01-03", "Huur maart Stichting Wonen", 810.0, False),
        ("04-03", "Aflossing lening Geldhuis", 155.0, False),
        ("18-03", "Terugbetaling zorg", 42.10, True),
        ("25-03", "Salaris maart Breda Bouw", 2310.75, True),
    ]
    _statement_pdf(path, [("februari", 500.0, feb), ("maart", 1784.40, mar)])
    facts = facts_of(path)
    assert facts["statement_monthly_salary"] == 2310.75
    assert facts["statement_monthly_housing"] == 810.0
    assert facts["statement_monthly_loan_repayments"] == 155.0
    assert facts["statement_avg_monthly_deposits"] == pytest.approx((2310.75 + 2310.75 + 42.10) / 2, abs=0.01)
    assert facts["statement_avg_closing_balance"] == pytest.approx((1784.40 + 3172.25) / 2, abs=0.01)


def _prose(text: str) -> dict[str, object]:
    from underwrite.tools.intake.extraction.prose import prose_hits

    return {h.name: h.value for h in prose_hits(text, date(2025, 6, 1))}


def test_a_spanish_letter_states_its_fields_in_sentences() -> None:
    letter = (
        "Sevilla, 12 de mayo de 2025\n\nMuy señores míos:\n\n"
        "Les escribo para pedir un préstamo de 4.500 € a devolver en 24 meses para comprar muebles "
        "para el salón. Soy empleada en Ferretería Lucena S.A. desde hace cinco años y cobro 1.640,75 € "
        "netos al mes. Vivo de alquiler y pago 540 € al mes. Tengo una tarjeta con una cuota de 60 € "
        "mensuales.\n\nUn saludo,\n\nLucía Serrano Vidal\n"
    )
    assert _prose(letter) == {
        "loan_amount": 4500.0, "loan_term_months": 24, "loan_purpose": "furniture/equipment",
        "employer_name": "Ferretería Lucena S.A.", "employment_years": 5.0, "monthly_net_income": 1640.75,
        "housing_status": "rent", "monthly_housing_cost": 540.0, "monthly_debt_payments": 60.0,
        "applicant_name": "Lucía Serrano Vidal",
        "application_date": "2025-05-12",  # "Sevilla, 12 de mayo de 2025": month names of every language
    }  # fmt: skip


def test_french_italian_and_dutch_sentences_read_like_the_spanish_ones() -> None:
    fr = _prose(
        "Je souhaite un prêt de 8 000 € sur 48 mois. Je travaille chez Boulangerie Marceau depuis trois ans."
    )
    assert (fr["loan_amount"], fr["loan_term_months"], fr["employer_name"], fr["employment_years"]) == (
        8000.0, 48, "Boulangerie Marceau", 3.0)  # fmt: skip
    it = _prose("Chiedo un prestito di 7.000 € in 36 rate. Il mio stipendio netto è di 1.480 € al mese.")
    assert (it["loan_amount"], it["loan_term_months"], it["monthly_net_income"]) == (7000.0, 36, 1480.0)
    nl = _prose("Ik werk bij Bakkerij Mol sinds 2019. Mijn huur is 875 euro per maand.")
    assert (nl["employer_name"], nl["employment_years"], nl["monthly_housing_cost"]) == (
        "Bakkerij Mol",
        6.0,
        875.0,
    )


def test_a_number_word_is_read_only_where_it_counts_years_or_months() -> None:
    from underwrite.tools.intake.extraction.prose_numbers import number_mentions

    assert [m.value for m in number_mentions("trabajo allí desde hace siete años")] == [7]
    assert number_mentions("I go there once a week, the payment is due") == []


# --- currency: which dollar, how old the rates are, the statement's unit ---------------------------


def test_a_form_answer_written_as_a_sentence_states_more_fields() -> None:
    from underwrite.tools.intake.extraction import extract_facts

    text = (
        "Solicitud de préstamo\nFecha de solicitud: 02/06/2025\nNombre y apellidos: Marta Gil Soto\n"
        "Importe solicitado: 5.000 €\nVivienda: inquilina desde 2020, alquiler de 610,00 € al mes\n"
        "Estado civil: casada, 3 hijos a cargo\nEmpresa: Conservas Ría S.A.\n"
        "Contrato: indefinido, trabajo allí desde 2015\nOtros préstamos: 95,00 € / mes (tarjeta)\n"
    )
    doc = text_document("application_form", text)
    facts = {f.name: f.value for f in extract_facts([doc])}
    assert (facts["monthly_housing_cost"], facts["dependents"], facts["employment_years"]) == (610.0, 3, 10.0)
    assert facts["monthly_debt_payments"] == 95.0
    assert facts["loan_amount"] == 5000.0  # the label's own value, not re-read from a sentence


def test_a_list_of_outgoings_gives_its_debts_as_a_sum_and_the_home_by_its_rent_row() -> None:
    from underwrite.tools.intake.extraction.form_outgoings import outgoings_facts

    text = (
        "Monthly outgoings\nMortgage\t1,020\nWater\t38\nStore card\t25\nPersonal loan (Halcyon)\t210\n"
        "Broadband\t30\nTotal outgoings\t1,323\n"
    )
    doc = text_document("application_form", text)
    start = text.index("1,020")
    span = SourceSpan(doc_id=doc.doc_id, page=1, start=start, end=start + 5, quote="1,020")
    housing = Fact(
        name="monthly_housing_cost", value=1020.0, unit="GBP/month", source=span, method=FactMethod.form
    )
    found = {f.name: f for f in outgoings_facts([doc], [housing])}
    assert (
        found["monthly_debt_payments"].value == 235.0 and found["monthly_debt_payments"].unit == "GBP/month"
    )
    assert found["housing_status"].value == "own"
    stated = Fact(name="monthly_debt_payments", value=0.0, method=FactMethod.form)
    assert "monthly_debt_payments" not in {f.name for f in outgoings_facts([doc], [housing, stated])}


def test_a_data_label_is_looked_up_without_its_parents_and_type_word() -> None:
    from underwrite.tools.intake.extraction.kv_facts import _lexicon_tail

    found = _lexicon_tail("BORROWER Net Monthly Income Amount")
    assert found is not None and found.name == "monthly_net_income" and found.score == 1.0  # certain
    assert _lexicon_tail("BORROWER Net Monthly Income") is None  # no type word: the usual matching


def test_a_form_answer_can_say_what_the_loan_is_for_when_no_label_did() -> None:
    from underwrite.tools.intake.extraction.form_sentences import sentence_facts

    doc = text_document(
        "application_form", "Loan application\nComments: we would use it to pay for a new washing machine\n"
    )
    assert [(f.name, f.value) for f in sentence_facts([doc], [])] == [("loan_purpose", "domestic appliances")]
    stated = Fact(name="loan_purpose", value="repairs", method=FactMethod.form)
    assert sentence_facts([doc], [stated]) == []
