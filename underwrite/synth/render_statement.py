"""The three-month bank statement PDF in one of several column layouts."""

from __future__ import annotations

import textwrap
from pathlib import Path

from underwrite.synth.pdfcanvas import MARGIN, PdfWriter
from underwrite.synth.style import Style
from underwrite.synth.truth import PacketTruth

BANKS = ["Sparkasse Mittelland", "Commerzbank", "ING", "DKB", "Postbank", "Volksbank Rheintal eG"]
TITLES = ["Account statement", "Statement of account", "Current account statement"]


def render_statement(truth: PacketTruth, holder: str, style: Style, path: Path, memos: list[str]) -> None:
    bank = BANKS[style.choice("bank", len(BANKS))]
    title = TITLES[style.choice("statement_title", len(TITLES))]
    pdf = PdfWriter(path, style.pagesize, style.font_size - 0.5, f"{bank} {title}")
    pdf.line(bank, bold=True, size=12)
    pdf.heading(title, size=14)
    pdf.line(f"Account holder: {holder}")
    pdf.line(f"IBAN: DE{style.seed % 97:02d} 3704 0044 {style.seed % 10000:04d} {style.seed % 9973:04d} 00")
    txs = truth.transactions
    pdf.line(f"Statement period: {style.date(txs[0].day.replace(day=1))} - {style.date(txs[-1].day)}")
    pdf.gap()
    layout = style.statement_layout
    w = pdf.width - MARGIN
    # The date column is as wide as the longest date this packet's format prints.
    date_w = max(pdf.width_of(style.date(tx.day)) for tx in txs) + 14
    if layout == "signed":
        cols = [MARGIN, MARGIN + date_w]
        header = ["Date", "Description", "Amount", "Balance"]
        amount_x, balance_x = w - 110, w
    elif layout == "debit_credit":
        cols = [MARGIN, MARGIN + date_w]
        header = ["Date", "Description", "Debit", "Credit", "Balance"]
        amount_x, balance_x = w - 110, w  # debit at w-180, credit at w-110
    else:
        cols = [MARGIN, MARGIN + date_w, MARGIN + 2 * date_w]
        header = ["Booked", "Value date", "Description", "Amount", "Balance"]
        amount_x, balance_x = w - 110, w

    def header_row() -> None:
        pdf.row([(x, h) for x, h in zip(cols, header, strict=False)], bold=True)
        for i, h in enumerate(reversed(header[len(cols) :])):
            pdf.y += pdf.line_height
            pdf.right([balance_x, amount_x, w - 180][i], h, bold=True)
            pdf.y -= pdf.line_height

    # Leave room for the widest amount left of the first amount column; statements truncate memos.
    desc_right = (w - 180 if layout == "debit_credit" else amount_x) - pdf.width_of("-EUR 10,000.00") - 8
    header_row()
    pdf.row([(cols[0], style.date(txs[0].day.replace(day=1))), (cols[-1], "Opening balance")])
    pdf.y += pdf.line_height
    pdf.right(balance_x, style.money(truth.opening_balance, cents=True))
    pdf.y -= pdf.line_height
    memo_at = len(txs) // 2
    for i, tx in enumerate(txs):
        if pdf.y - pdf.line_height < MARGIN:
            pdf.new_page()
            header_row()
        when = style.date(tx.day)
        cells = [(cols[0], when)] + ([(cols[1], when)] if layout == "value_date" else [])
        pdf.row([*cells, (cols[-1], _fit(pdf, tx.description, desc_right - cols[-1]))])
        pdf.y += pdf.line_height
        money = style.money(abs(tx.amount) if layout == "debit_credit" else tx.amount, cents=True)
        if layout == "debit_credit":
            pdf.right(w - 180 if tx.amount < 0 else amount_x, money)
        else:
            pdf.right(amount_x, money)
        pdf.right(balance_x, style.money(tx.balance, cents=True))
        pdf.y -= pdf.line_height
        if memos and i == memo_at:
            for chunk in textwrap.wrap(" ".join(memos), 70):
                pdf.row([(cols[-1], f"Memo: {chunk}")])
    pdf.gap()
    pdf.line(f"Closing balance {style.money(txs[-1].balance, cents=True)}", bold=True)
    pdf.save()


def _fit(pdf: PdfWriter, text: str, width: float) -> str:
    while text and pdf.width_of(text) > width:
        text = text[:-1]
    return text.rstrip()
