"""The applicant's cover letter (DOCX), in their own prose; prose-only facts live only here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document as DocxDocument

from underwrite.core.schemas import FactValue
from underwrite.synth.style import Style
from underwrite.synth.truth import PacketTruth

_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _prose_sentence(name: str, value: FactValue, style: Style) -> str:
    n = int(value)  # type: ignore[arg-type]
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    if name == "dependents":
        people = "person" if n == 1 else "people"
        return [
            f"Besides myself I support {word} {people} in my household.",
            f"I am responsible for {word} dependent {people}.",
        ][style.choice("dep_sentence", 2)]
    years = "year" if n == 1 else "years"
    return [
        f"We have lived at our current address for {word} {years}.",
        f"I have been at my present address for {word} {years} now.",
    ][style.choice("res_sentence", 2)]


def cover_letter_paragraphs(
    truth: PacketTruth, fields: dict[str, FactValue], style: Style, injections: list[str]
) -> list[str]:
    name = str(fields["applicant_name"])
    amount = style.money(float(fields["loan_amount"]))  # type: ignore[arg-type]
    term = int(fields["loan_term_months"])  # type: ignore[arg-type]
    greeting = ["Dear Sir or Madam,", "Dear lending team,", "To the credit department,"][
        style.choice("greet", 3)
    ]
    opening = [
        f"I am writing to apply for a loan of {amount} to be repaid over {term} months.",
        f"With this letter I would like to request {amount}, which I plan to repay within {term} months.",
    ][style.choice("open", 2)]
    body = [opening, *truth.cover_letter_points]
    status = fields.get("employment_status")
    if status == "employed":
        body.append(f"I work at {fields['employer_name']} and my income arrives every month on my account.")
    elif status == "self-employed":
        body.append(
            f"I run {fields['business_name']} and the attached accounts show how the business is doing."
        )
    else:
        body.append("I am currently between jobs and receive benefits while I look for work.")
    body += [_prose_sentence(n, fields[n], style) for n in truth.prose_only if n != "applicant_statement"]
    for i, text in enumerate(injections):
        body.insert(min(len(body), 1 + 2 * i), text)
    closing = ["Thank you for considering my application.", "I look forward to hearing from you."]
    return [greeting, *body, closing[style.choice("close", 2)], "Yours sincerely,", name]


def render_cover_letter(
    truth: PacketTruth, fields: dict[str, FactValue], style: Style, path: Path, injections: list[str]
) -> None:
    doc = DocxDocument()
    applied = date.fromisoformat(str(fields["application_date"]))
    doc.add_paragraph(str(fields["applicant_name"]))
    doc.add_paragraph(style.date(applied))
    for paragraph in cover_letter_paragraphs(truth, fields, style, injections):
        doc.add_paragraph(paragraph)
    doc.save(str(path))
