"""Render a packet folder from its truth: the one entry point for generation and compliance variants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from underwrite.core.schemas import FactValue
from underwrite.synth.render_bureau import render_credit_report
from underwrite.synth.render_form import render_form
from underwrite.synth.render_income import render_truth_income
from underwrite.synth.render_letter import render_cover_letter
from underwrite.synth.render_statement import render_statement
from underwrite.synth.style import make_style
from underwrite.synth.truth import PacketTruth, PacketVariant


def _shift_birth_date(born: date, applied: date, age: int) -> date:
    """Same birthday, moved so the applicant is ``age`` on the application date."""
    moved = born.replace(year=born.year + (int(applied.year - born.year) - age), day=min(born.day, 28))
    while (applied.year - moved.year - ((applied.month, applied.day) < (moved.month, moved.day))) > age:
        moved = moved.replace(year=moved.year + 1)
    while (applied.year - moved.year - ((applied.month, applied.day) < (moved.month, moved.day))) < age:
        moved = moved.replace(year=moved.year - 1)
    return moved


def apply_variant(fields: dict[str, FactValue], variant: PacketVariant | None) -> dict[str, FactValue]:
    """Field values as the variant's documents state them. Only demographic fields ever change."""
    out = dict(fields)
    if variant is None:
        return out
    if variant.name is not None:
        out["applicant_name"] = variant.name
    if variant.sex is not None:
        out["sex"] = variant.sex
    if variant.nationality is not None:
        out["nationality"] = variant.nationality
    if variant.age_years is not None:
        applied = date.fromisoformat(str(out["application_date"]))
        born = date.fromisoformat(str(out["date_of_birth"]))
        out["date_of_birth"] = _shift_birth_date(born, applied, variant.age_years).isoformat()
        out["age_years"] = variant.age_years
    return out


def render_packet(
    truth: PacketTruth, out_dir: Path, style_seed: int, variant: PacketVariant | None = None
) -> list[Path]:
    """Write the packet's documents and its truth.json into ``out_dir``; return the files written.

    ``variant`` swaps demographic wording (name, sex, age, nationality) and/or injects hostile text
    (a cover-letter sentence, white 1pt text on the application form, a bank-statement memo line);
    every financial number is rendered from the unchanged truth.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    style = make_style(style_seed)
    fields = apply_variant(truth.fields, variant)
    injections = variant.injections if variant else []

    def injected(target: str) -> list[str]:
        return [i.text for i in injections if i.target == target]

    name = str(fields["applicant_name"])
    written = [
        out_dir / "application_form.pdf",
        out_dir / "cover_letter.docx",
        out_dir / "bank_statement.pdf",
    ]
    render_form(truth, fields, style, written[0], hidden=injected("pdf_hidden_text"))
    render_cover_letter(truth, fields, style, written[1], injections=injected("cover_letter"))
    render_statement(truth, name, style, written[2], memos=injected("statement_memo"))
    written += render_truth_income(truth, fields, name, style, out_dir)
    if render_credit_report(truth, fields, style, out_dir / "credit_report.pdf"):
        written.append(out_dir / "credit_report.pdf")
    stated = truth.model_copy(update={"fields": fields, "variant": variant, "style_seed": style_seed})
    stated.write(out_dir / "truth.json")
    return [*written, out_dir / "truth.json"]
