"""The application form PDF: sections and fields in a per-packet order, label and layout."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import FactValue
from underwrite.synth.pdfcanvas import MARGIN, PdfWriter
from underwrite.synth.style import Style
from underwrite.synth.truth import PacketTruth

SECTIONS: dict[str, list[str]] = {
    "Applicant": [
        "applicant_name",
        "date_of_birth",
        "sex",
        "marital_status",
        "nationality",
        "foreign_worker",
        "dependents",
        "residence_years",
        "telephone",
        "housing_status",
        "monthly_housing_cost",
    ],
    "Employment and income": [
        "employment_status",
        "employer_name",
        "employment_years",
        "job_category",
        "monthly_net_income",
    ],
    "Business": ["business_name", "years_in_business"],
    "Financial situation": [
        "monthly_debt_payments",
        "existing_credits_count",
        "other_installment_plans",
        "checking_account_status",
        "savings_status",
        "property_type",
        "credit_history",
        "guarantors",
    ],
    "Credit requested": ["product", "loan_amount", "loan_term_months", "loan_purpose"],
}
TITLES = {
    "consumer_instalment": ["Loan Application", "Credit Application Form", "Application for a Personal Loan"],
    "sme_term_loan": ["Business Loan Application", "Application for a Business Term Loan"],
}


def _months_ago(applied: date, months: int) -> tuple[int, int]:
    index = applied.year * 12 + applied.month - 1 - months
    return index // 12, index % 12 + 1


def field_text(name: str, value: FactValue, style: Style, applied: date) -> str:
    """How this packet prints one field's value next to its label."""
    label = style.label(name)
    kind = FIELDS[name].kind
    if name == "residence_years" and label == "Living here since":
        return str(applied.year - int(value))  # type: ignore[arg-type]
    if name == "residence_years":
        return [f"{value} years", str(value)][style.choice(name, 2)]
    if name == "years_in_business":
        return str(applied.year - int(value)) if label == "Trading since" else f"{value} years"  # type: ignore[arg-type]
    if name == "employment_years":
        months = round(float(value) * 12)  # type: ignore[arg-type]
        if label == "Employed since":
            year, month = _months_ago(applied, months)
            return [f"{month:02d}/{year}", f"{date(year, month, 1).strftime('%B')} {year}"][
                style.choice(name, 2)
            ]
        years_part = f"{months // 12} years {months % 12} months" if months >= 12 else f"{months} months"
        return [years_part, f"{months} months"][style.choice(name, 2)]
    if name == "loan_term_months":
        options = [f"{value} months", str(value), f"{value} mo."]
        if int(value) % 12 == 0:  # type: ignore[arg-type]
            options.append(f"{int(value) // 12} years")  # type: ignore[arg-type]
        return options[style.choice(name, len(options))]
    if name == "dependents":
        return [str(value), f"{value} person" + ("s" if value != 1 else "")][style.choice(name, 2)]
    if kind == FieldKind.money:
        return style.money(float(value))  # type: ignore[arg-type]
    if kind == FieldKind.date:
        return style.date(date.fromisoformat(str(value)))
    if kind == FieldKind.category:
        return style.wording(name, str(value))
    return str(value)


def form_entries(
    truth: PacketTruth, fields: dict[str, FactValue], style: Style
) -> list[tuple[str, list[tuple[str, str]]]]:
    applied = date.fromisoformat(str(fields["application_date"]))
    rng = random.Random(style.order_seed)
    sections = list(SECTIONS.items())
    rng.shuffle(sections)
    out = []
    for title, names in sections:
        shown = [n for n in names if n in truth.form_fields]
        rng.shuffle(shown)
        if shown:
            out.append((title, [(style.label(n), field_text(n, fields[n], style, applied)) for n in shown]))
    return out


def render_form(
    truth: PacketTruth, fields: dict[str, FactValue], style: Style, path: Path, hidden: list[str]
) -> None:
    titles = TITLES[truth.product]
    pdf = PdfWriter(path, style.pagesize, style.font_size, titles[style.choice("form_title", len(titles))])
    lender = ["Northbank AG", "Sparkasse Mittelland", "Hanseatic Credit Bank"][style.choice("lender", 3)]
    pdf.line(lender, size=9)
    pdf.heading(titles[style.choice("form_title", len(titles))], size=15)
    pdf.line(f"Reference: {truth.application_id}", size=8)
    label_x, value_x = MARGIN, MARGIN + 190
    for section, entries in form_entries(truth, fields, style):
        pdf.heading(section, size=11)
        if style.form_layout == "two_column":
            _two_column(pdf, entries)
            continue
        for label, value in entries:
            if style.form_layout == "table":
                pdf.row([(label_x, label), (value_x, value)], grid=True)
            elif style.form_layout == "stacked":
                pdf.ensure(pdf.line_height * 2)
                pdf.line(label, size=pdf.font_size - 1.5)
                pdf.line(value)
            else:
                pdf.line(f"{label}: {value}")
    pdf.gap()
    date_label = style.label("application_date")
    applied = date.fromisoformat(str(fields["application_date"]))
    pdf.line(f"Signature: ______________________   {date_label}: {style.date(applied)}")
    for text in hidden:
        pdf.hidden(text)
    pdf.save()


def _two_column(pdf: PdfWriter, entries: list[tuple[str, str]]) -> None:
    half = (pdf.width - 2 * MARGIN) / 2
    queue = [f"{label}: {value}" for label, value in entries]
    while queue:
        first = queue.pop(0)
        fits = pdf.width_of(first) < half - 12
        partner = next((q for q in queue if fits and pdf.width_of(q) < half - 12), None)
        if partner:
            queue.remove(partner)
            pdf.row([(MARGIN, first), (MARGIN + half, partner)])
        else:
            pdf.line(first)
