"""The credit bureau report (PDF) the lender pulled for the applicant (policy CP-3.1)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from underwrite.core.schemas import FactValue
from underwrite.synth.bureau import BUREAU_FIELDS
from underwrite.synth.pdfcanvas import PdfWriter
from underwrite.synth.style import Style
from underwrite.synth.truth import PacketTruth

BUREAUS = ["Mittelland Credit Bureau", "Consumer Credit Reference Agency", "Kreditauskunft Nord"]


def render_credit_report(truth: PacketTruth, fields: dict[str, FactValue], style: Style, path: Path) -> bool:
    """Write the report; False (nothing written) when the truth carries no bureau facts."""
    shown = [n for n in BUREAU_FIELDS if fields.get(n) is not None]
    if not shown:
        return False
    applied = date.fromisoformat(str(fields["application_date"]))
    pulled = applied - timedelta(days=1 + style.choice("bureau_days", 20))
    pdf = PdfWriter(path, style.pagesize, style.font_size, "Credit bureau report")
    pdf.line(BUREAUS[style.choice("bureau", len(BUREAUS))], size=9)
    pdf.heading("Credit Bureau Report", size=15)
    pdf.line(f"Bureau reference: CBR-{truth.application_id}", size=8)
    pdf.line(f"Report date: {style.date(pulled)}", size=8)
    pdf.heading("Subject", size=11)
    pdf.line(f"Consumer: {fields['applicant_name']}")
    pdf.heading("Repayment history and public records", size=11)
    for name in shown:
        value = fields[name]
        text = style.wording(name, str(value)) if name == "public_records" else str(value)
        pdf.line(f"{style.label(name)}: {text}")
    pdf.gap()
    pdf.line("Consent to this enquiry was given by the consumer with the loan application.", size=8)
    pdf.save()
    return True
