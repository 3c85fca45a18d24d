"""How pay slips name the net pay, besides the packet renderer's own wording. Data only.

Read on pay slips only (:mod:`form`), never written by the packet renderer: its labels are
:data:`vocabulary.LABELS`, and a wording added there would be drawn for generated pay slips too.
Not in the lexicon either: on a loan form "Auszahlungsbetrag" is the amount paid out to the borrower.
"""

from __future__ import annotations

PAYSLIP_NET_PAY_LABELS: list[str] = [
    "Auszahlungsbetrag",
    "Auszahlung",
    "Überweisungsbetrag",
    "Nettobezüge",
    "Nettoverdienst",
    "Nettoentgelt",
    "Nettolohn",
    "Take-home pay",
    "Net payment",
    "Total net pay",
    "实发工资",
    "实发金额",
    "实发合计",
    # pt, sv, da, no, cs, sk, pl: the amount paid out
    *("Líquido a receber", "Valor líquido", "Total líquido", "Líquido", "Vencimento líquido"),
    *("Att utbetala", "Utbetalas", "Nettolön", "Udbetalt", "Udbetaling", "Til udbetaling", "Utbetalt"),
    *("Til utbetaling", "Nettolønn", "K výplatě", "Čistá mzda", "K výplate", "Do wypłaty"),
    "Wynagrodzenie netto",
]
