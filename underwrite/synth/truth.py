"""The answer key of a packet (``truth.json``) and the variants a compliance suite can render from it.

A :class:`PacketTruth` holds everything needed to render the packet's documents: the true value of
every field, the bank-statement transactions, the pay-slip breakdown and, for small-business packets,
the profit-and-loss lines. Rendering is a pure function of (truth, style seed, variant), so the same
truth can be re-rendered with demographic wording swapped or hostile text injected while every
financial number stays identical.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from underwrite.core.schemas import FactValue


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Transaction(_Model):
    day: date
    description: str
    amount: float = Field(description="Signed: credits positive, debits negative")
    balance: float = Field(description="Running balance after this transaction")


class PayslipTruth(_Model):
    period: str = Field(description="Pay period, e.g. 2025-03")
    gross_pay: float
    income_tax: float
    social_contributions: float
    net_pay: float
    source: Literal["payslip", "employer_letter", "benefit_letter"] = "payslip"
    issuer: str = Field(description="Employer, or the agency paying benefits")


class ProfitAndLossTruth(_Model):
    fiscal_year: int
    revenue: float
    cost_of_sales: float
    operating_expenses: float
    ebitda: float
    depreciation: float
    interest: float
    tax: float
    net_profit: float
    existing_debt_service: float
    total_debt: float
    equity: float


class PacketTruth(_Model):
    """``truth.json``: the answer key. Readers and extractors must never look at it."""

    application_id: str
    dataset: str = Field(description="german, sme (synthetic extension of german rows)")
    row_index: int = Field(description="Row position in load_dataset(source dataset).frame")
    label: int = Field(description="1 = bad outcome in the dataset")
    product: Literal["consumer_instalment", "sme_term_loan"]
    fields: dict[str, FactValue] = Field(description="canonical field name → true value")
    prose_only: list[str] = Field(default_factory=list, description="Fields stated only in the cover letter")
    form_fields: list[str] = Field(default_factory=list, description="Fields printed on a form (method form)")
    rule_fields: list[str] = Field(
        default_factory=list, description="Fields derived from statements/pay slips"
    )
    derived_fields: list[str] = Field(default_factory=list, description="Fields computed from other facts")
    synthetic_fields: list[str] = Field(
        default_factory=list, description="Fields not in the dataset row, synthesised (see synth.py)"
    )
    opening_balance: float
    transactions: list[Transaction]
    payslip: PayslipTruth | None = None
    profit_and_loss: ProfitAndLossTruth | None = None
    cover_letter_points: list[str] = Field(
        default_factory=list, description="Sentences the applicant's letter must convey, in order"
    )
    variant: PacketVariant | None = None
    style_seed: int = 0

    def write(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> PacketTruth:
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))


InjectionTarget = Literal["cover_letter", "pdf_hidden_text", "statement_memo"]


class Injection(_Model):
    target: InjectionTarget = Field(
        description="cover_letter: a sentence in the letter; pdf_hidden_text: white tiny text on the "
        "application form; statement_memo: the memo line of one bank-statement transaction"
    )
    text: str


class PacketVariant(_Model):
    """Overrides for a re-render of the same truth: demographic wording and hostile text only."""

    name: str | None = None
    sex: Literal["male", "female"] | None = None
    age_years: int | None = Field(default=None, ge=18, le=100)
    nationality: str | None = None
    injections: list[Injection] = Field(default_factory=list)


PacketTruth.model_rebuild()
