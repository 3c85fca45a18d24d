"""Three months of current-account transactions consistent with stated income and obligations."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from underwrite.synth import names
from underwrite.synth.truth import Transaction

# Balance band per checking_account_status (opening and month-end targets).
BALANCE_BANDS: dict[str, tuple[float, float]] = {
    "overdrawn": (-900.0, -20.0),
    "0 to 200": (5.0, 195.0),
    "200 or more / salary account": (250.0, 4000.0),
    "no checking account": (20.0, 600.0),  # statement of an account held at another bank
}


@dataclass
class StatementSynth:
    opening_balance: float
    transactions: list[Transaction] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)


def _month_starts(applied: date) -> list[date]:
    first = applied.replace(day=1)
    starts = []
    for _ in range(3):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return sorted(starts)


def _split(total: float, parts: int, rng: random.Random) -> list[float]:
    weights = [rng.uniform(0.3, 1.0) for _ in range(parts)]
    amounts = [round(total * w / sum(weights), 2) for w in weights]
    amounts[-1] = round(total - sum(amounts[:-1]), 2)
    return [a for a in amounts if a > 0]


def build_statement(
    fields: Mapping[str, Any],
    debts: list[tuple[str, float]],
    credit_label: str,
    applied: date,
    checking_status: str,
    rng: random.Random,
) -> StatementSynth:
    """Salary/benefit credit, housing, each debt payment, direct debits and card spend per month."""
    band = BALANCE_BANDS[checking_status]
    income = float(fields["monthly_net_income"])
    housing = float(fields["monthly_housing_cost"])
    disposable = max(income - housing - sum(a for _, a in debts), 0.0)
    balance = round(rng.uniform(*band), 2)
    out = StatementSynth(opening_balance=balance)
    month_ends: list[float] = []
    credits_total = 0.0
    for start in _month_starts(applied):
        rows: list[tuple[date, str, float]] = []
        pay_day = start.replace(day=rng.randint(25, 28))
        rows.append((pay_day, credit_label, income))
        if rng.random() < 0.3:
            rows.append(
                (
                    start.replace(day=rng.randint(5, 20)),
                    f"Refund {rng.choice(names.CARD_SHOPS)}",
                    round(rng.uniform(5, 80), 2),
                )
            )
        if housing:
            label = "Rent" if fields.get("housing_status") == "rent" else "Mortgage payment"
            rows.append((start.replace(day=rng.randint(1, 3)), f"{label} standing order", -housing))
        for description, amount in debts:
            rows.append((start.replace(day=rng.randint(5, 15)), description, -amount))
        credits = sum(a for _, _, a in rows if a > 0)
        fixed = -sum(a for _, _, a in rows if a < 0)
        target = rng.uniform(*band)
        spend = balance + credits - fixed - target
        spend = min(max(spend, 0.25 * disposable), 1.5 * disposable + 150)
        if spend >= 1:
            debit_count = rng.randint(1, 2)
            amounts = _split(round(spend, 2), rng.randint(3, 8) + debit_count, rng)
            for i, amount in enumerate(amounts):
                shop = rng.choice(names.DIRECT_DEBITS if i < debit_count else names.CARD_SHOPS)
                kind = "Direct debit" if i < debit_count else "Card payment"
                rows.append((start.replace(day=rng.randint(1, 28)), f"{kind} {shop}", -amount))
        rows.sort(key=lambda r: (r[0], -r[2]))
        for day, description, amount in rows:
            balance = round(balance + amount, 2)
            out.transactions.append(
                Transaction(day=day, description=description, amount=round(amount, 2), balance=balance)
            )
        credits_total += credits
        month_ends.append(balance)
    out.summary = {
        "statement_avg_monthly_deposits": round(credits_total / 3, 2),
        "statement_avg_closing_balance": round(sum(month_ends) / 3, 2),
    }
    return out
