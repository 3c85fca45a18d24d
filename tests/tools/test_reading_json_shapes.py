"""JSON payload shapes a leaf-per-key walk read wrong: money in minor units (a loan 100x too big),
the applicants as a list (never read), commitments as a list (never totalled), a title as a name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from underwrite.tools.intake.extraction.data_json import json_leaves, minor_units_amount
from underwrite.tools.intake.packet import load_application


def _money(minor: int, exponent: int = 2, currency: str = "EUR") -> dict[str, Any]:
    return {"value_minor": minor, "currency": currency, "exponent": exponent}


def test_minor_units_are_read_in_major_units_with_their_currency() -> None:
    assert minor_units_amount(_money(1450000)) == "14500.00 EUR"
    assert minor_units_amount(_money(12345, 0, "JPY")) == "12345 JPY"
    assert minor_units_amount({"amount_minor": 990, "scale": 2}) == "9.90"
    assert minor_units_amount({"value_minor": 5, "exponent": 9}) is None  # no currency has 9 decimals
    assert minor_units_amount({"value_minor": "1450000", "exponent": 2}) is None  # not an integer
    assert minor_units_amount({"amount": 14500, "currency": "EUR"}) is None  # an ordinary object


def test_the_main_applicant_is_read_and_a_co_applicant_is_not() -> None:
    data = {"applicants": [
        {"role": "CO_APPLICANT", "name": "Seán Brennan", "income": _money(100000)},
        {"role": "PRIMARY", "name": "Aoife Brennan", "income": _money(341266)},
    ]}  # fmt: skip
    leaves = {path: value for path, value, _ in json_leaves(data)}
    assert leaves[("applicants", "name")] == "Aoife Brennan"
    assert leaves[("applicants", "income")] == "3412.66 EUR"
    assert ("applicants", "role") not in leaves  # which person it is, not a fact about her
    assert leaves[("applicants",)] == "2"


def test_commitments_are_totalled_and_a_transaction_feed_is_not() -> None:
    data = {
        "commitments": [
            {"lender": "A", "monthly_payment": _money(31500)},
            {"lender": "B", "monthly_payment": _money(6000), "credit_limit": _money(300000)},
        ],
        "transactions": [{"amount": -845.0}, {"amount": 1980.0}],
    }
    leaves = {path: (value, span) for path, value, span in json_leaves(data)}
    assert leaves[("commitments", "monthly_payment")] == ("375.00 EUR", "commitments")
    assert ("commitments", "credit_limit") not in leaves  # not every item has one: no total
    assert not any(path[0] == "transactions" and len(path) > 1 for path in leaves)


def test_a_broker_payload_gives_the_loan_the_applicant_and_her_debts(tmp_path: Path) -> None:
    payload = {
        "request": {"amount": _money(1450000), "term": {"count": 54, "unit": "MONTH"}},
        "applicants": [{
            "role": "PRIMARY",
            "person": {"title": "MS", "given_name": "Aoife", "family_name": "Brennan"},
            "income": {"net_monthly_salary": _money(341266)},
        }],
        "commitments": [{"monthly_payment": _money(31500)}, {"monthly_payment": _money(6000)}],
    }  # fmt: skip
    folder = tmp_path / "BRK-1"
    folder.mkdir()
    (folder / "submission.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    application, failed = load_application(folder)
    facts = {f.name: f for f in application.facts}
    assert not failed
    assert facts["loan_amount"].value == 14500.0  # was 1,450,000: the minor units read as euro
    assert facts["monthly_net_income"].value == 3412.66
    assert facts["monthly_debt_payments"].value == 375.0
    assert facts["applicant_name"].value == "Aoife Brennan"  # not "MS", the title field
    quote = facts["monthly_debt_payments"].source.quote  # type: ignore[union-attr]
    assert "31500" in quote and "6000" in quote  # the total's quote shows every payment
