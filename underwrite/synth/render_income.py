"""Income evidence PDFs: pay slip, employer letter, benefit letter, profit-and-loss statement."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from underwrite.core.schemas import FactValue
from underwrite.synth.pdfcanvas import MARGIN, PdfWriter
from underwrite.synth.style import Style
from underwrite.synth.truth import PacketTruth, PayslipTruth, ProfitAndLossTruth

PAYSLIP_TITLES = ["Pay slip", "Salary statement", "Earnings statement"]


def render_payslip(slip: PayslipTruth, holder: str, style: Style, path: Path) -> None:
    title = PAYSLIP_TITLES[style.choice("payslip_title", len(PAYSLIP_TITLES))]
    pdf = PdfWriter(path, style.pagesize, style.font_size, title)
    pdf.line(slip.issuer, bold=True, size=12)
    pdf.heading(f"{title} {slip.period}")
    pdf.line(f"Employee: {holder}")
    pdf.line(f"Personnel no.: P-{style.seed % 100000:05d}")
    pdf.gap()
    net_label = style.label("payslip_net_pay")
    rows = [
        ("Gross pay", slip.gross_pay),
        ("Income tax", -slip.income_tax),
        ("Social security contributions", -slip.social_contributions),
        (net_label, slip.net_pay),
    ]
    table = style.choice("payslip_layout", 2) == 0
    for label, amount in rows:
        money = style.money(amount, cents=True)
        if table:
            pdf.row([(MARGIN, label), (MARGIN + 260, money)], grid=True, bold=label == net_label)
        else:
            pdf.line(f"{label}: {money}", bold=label == net_label)
    pdf.save()


def render_income_letter(
    slip: PayslipTruth, fields: dict[str, FactValue], holder: str, style: Style, path: Path
) -> None:
    """An employer's confirmation of employment, or an agency's benefit notice, stating net pay."""
    applied = date.fromisoformat(str(fields["application_date"]))
    written = applied - timedelta(days=random.Random(style.seed).randint(3, 20))
    pdf = PdfWriter(path, style.pagesize, style.font_size + 1, "Confirmation")
    pdf.line(slip.issuer, bold=True, size=12)
    pdf.line(style.date(written))
    pdf.gap()
    net = style.money(slip.net_pay)
    if slip.source == "benefit_letter":
        pdf.heading("Notice of benefit entitlement")
        sentences = [
            f"This notice confirms that {holder} currently receives unemployment benefit.",
            f"The monthly net benefit amounts to {net}, paid at the end of each month.",
        ]
    else:
        pdf.heading(["Employment confirmation", "To whom it may concern"][style.choice("letter_title", 2)])
        months = round(float(fields["employment_years"] or 0) * 12)
        openers = [
            f"We hereby confirm that {holder} has been employed by {slip.issuer} for {months} months.",
            f"{holder} has worked for {slip.issuer} on a permanent contract for {months} months.",
        ]
        salary = [
            f"The current net monthly salary is {net}.",
            f"The net pay for {slip.period} was {net}; the gross salary was {style.money(slip.gross_pay)}.",
            f"Our employee's monthly net income amounts to {net}.",
        ]
        sentences = [
            openers[style.choice("opener", 2)],
            salary[style.choice("salary", 3)],
            "The employment is not under notice.",
        ]
    for sentence in sentences:
        pdf.line(sentence)
    pdf.gap()
    pdf.line("Yours faithfully,")
    pdf.line("Human Resources" if slip.source != "benefit_letter" else "Benefits office")
    pdf.save()


PNL_TITLES = ["Profit and loss statement", "Income statement", "Statement of profit or loss"]


def render_profit_and_loss(pnl: ProfitAndLossTruth, business: str, style: Style, path: Path) -> None:
    title = PNL_TITLES[style.choice("pnl_title", len(PNL_TITLES))]
    pdf = PdfWriter(path, style.pagesize, style.font_size, title)
    pdf.line(business, bold=True, size=12)
    pdf.heading(f"{title} for the fiscal year {pnl.fiscal_year}")
    prior = style.choice("pnl_prior", 2) == 0
    factor = random.Random(style.seed).uniform(0.85, 1.1)
    gross = pnl.revenue - pnl.cost_of_sales
    ebit = pnl.ebitda - pnl.depreciation
    lines = [
        (style.label("business_annual_revenue"), pnl.revenue),
        ("Cost of sales", -pnl.cost_of_sales),
        ("Gross profit", gross),
        ("Operating expenses", -pnl.operating_expenses),
        (style.label("business_ebitda"), pnl.ebitda),
        ("Depreciation and amortisation", -pnl.depreciation),
        ("EBIT", ebit),
        ("Interest paid", -pnl.interest),
        ("Income taxes", -pnl.tax),
        ("Net profit", pnl.net_profit),
    ]
    debt = [
        (style.label("business_total_debt"), pnl.total_debt),
        (style.label("business_equity"), pnl.equity),
        (style.label("business_existing_debt_service"), pnl.existing_debt_service),
    ]
    x_cur, x_prior = pdf.width - MARGIN - 110, pdf.width - MARGIN
    heads = [(x_cur, f"FY {pnl.fiscal_year}")] + ([(x_prior, f"FY {pnl.fiscal_year - 1}")] if prior else [])
    for block_title, block in (("", lines), ("Debt and equity at year end", debt)):
        if block_title:
            pdf.heading(block_title, size=11)
        pdf.row([(MARGIN, "EUR")], bold=True)
        pdf.y += pdf.line_height
        for x, head in heads:
            pdf.right(x, head, bold=True)
        pdf.y -= pdf.line_height
        for label, amount in block:
            pdf.row([(MARGIN, label)])
            pdf.y += pdf.line_height
            pdf.right(x_cur, style.money(amount))
            if prior:
                pdf.right(x_prior, style.money(round(amount * factor)))
            pdf.y -= pdf.line_height
    pdf.save()


def render_truth_income(
    truth: PacketTruth, fields: dict[str, FactValue], holder: str, style: Style, folder: Path
) -> list[Path]:
    """Whichever income evidence this packet carries; returns the files written."""
    written = []
    if truth.payslip is not None:
        if truth.payslip.source == "payslip":
            path = folder / "payslip.pdf"
            render_payslip(truth.payslip, holder, style, path)
        else:
            path = folder / (
                "employer_letter.pdf" if truth.payslip.source == "employer_letter" else "benefit_letter.pdf"
            )
            render_income_letter(truth.payslip, fields, holder, style, path)
        written.append(path)
    if truth.profit_and_loss is not None:
        path = folder / "profit_and_loss.pdf"
        render_profit_and_loss(truth.profit_and_loss, str(fields["business_name"]), style, path)
        written.append(path)
    return written
