"""Per-packet presentation: number and date formats, labels, value wordings, layout, field order.

A :class:`Style` is a pure function of the style seed, so re-rendering a truth with the same seed
gives the same layout (a compliance variant then differs only in what the variant changes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.pagesizes import A4, LETTER

from underwrite.tools.intake.extraction.vocabulary import LABELS, VALUE_WORDINGS

MONEY_FORMATS = ["1,234.50", "1.234,50", "EUR 1,234.50", "1 234,50 €", "€1,234.50", "1234.50 EUR"]
DATE_FORMATS = ["iso", "dotted", "slashed", "d_mon_y", "month_d_y", "d_month_y"]
FORM_LAYOUTS = ["lines", "table", "two_column", "stacked"]
STATEMENT_LAYOUTS = ["signed", "debit_credit", "value_date"]


def _group(digits: str, sep: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_money(value: float, fmt: int, cents: bool = True) -> str:
    """Render ``value`` in money format ``fmt`` (an index into MONEY_FORMATS)."""
    negative = value < 0
    whole, frac = f"{abs(value):.2f}".split(".")
    cents = cents or frac != "00" or fmt == 3  # space-grouped amounts always carry cents (unambiguous)
    thousands, decimal = {
        0: (",", "."),
        1: (".", ","),
        2: (",", "."),
        3: (" ", ","),
        4: (",", "."),
        5: ("", "."),
    }[fmt]
    number = _group(whole, thousands) if thousands else whole
    if cents:
        number += decimal + frac
    sign = "-" if negative else ""
    return {
        0: f"{sign}{number}",
        1: f"{sign}{number}",
        2: f"EUR {sign}{number}",
        3: f"{sign}{number} €",
        4: f"{sign}€{number}",
        5: f"{sign}{number} EUR",
    }[fmt]


def format_date(value: date, fmt: str) -> str:
    if fmt == "iso":
        return value.isoformat()
    if fmt == "dotted":
        return value.strftime("%d.%m.%Y")
    if fmt == "slashed":
        return value.strftime("%d/%m/%Y")
    if fmt == "d_mon_y":
        return f"{value.day} {value.strftime('%b')} {value.year}"
    if fmt == "month_d_y":
        return f"{value.strftime('%B')} {value.day}, {value.year}"
    return f"{value.day} {value.strftime('%B')} {value.year}"


@dataclass
class Style:
    seed: int
    money_format: int
    money_cents: bool
    date_format: str
    form_layout: str
    statement_layout: str
    pagesize: tuple[float, float]
    font_size: float
    labels: dict[str, str] = field(default_factory=dict)
    wording_index: dict[str, int] = field(default_factory=dict)
    order_seed: int = 0
    variant_choices: dict[str, int] = field(default_factory=dict)

    def money(self, value: float, cents: bool | None = None) -> str:
        return format_money(value, self.money_format, self.money_cents if cents is None else cents)

    def date(self, value: date) -> str:
        return format_date(value, self.date_format)

    def label(self, name: str) -> str:
        return self.labels[name]

    def wording(self, name: str, value: str) -> str:
        options = [value, *VALUE_WORDINGS[name][value]] if name != "sex" else VALUE_WORDINGS[name][value]
        if name == "sex":
            # "Title: Mr" reads naturally; "Sex: Mr" does not.
            options = options[2:] if self.labels["sex"] == "Title" else options[:2]
        if name == "product":
            options = VALUE_WORDINGS[name][value]
        return options[self.wording_index.get(name, 0) % len(options)]

    def choice(self, key: str, n: int) -> int:
        """A stable per-packet choice among ``n`` options for anything else that varies."""
        return self.variant_choices.setdefault(key, random.Random(f"{self.seed}:{key}").randrange(n))


def make_style(seed: int) -> Style:
    rng = random.Random(seed)
    return Style(
        seed=seed,
        money_format=rng.randrange(len(MONEY_FORMATS)),
        money_cents=rng.random() < 0.5,
        date_format=rng.choice(DATE_FORMATS),
        form_layout=rng.choice(FORM_LAYOUTS),
        statement_layout=rng.choice(STATEMENT_LAYOUTS),
        pagesize=rng.choice([A4, LETTER]),
        font_size=rng.choice([9.0, 9.5, 10.0]),
        labels={name: rng.choice(options) for name, options in LABELS.items()},
        wording_index={name: rng.randrange(4) for name in VALUE_WORDINGS},
        order_seed=rng.randrange(2**31),
    )
