"""Past cases are banded and ranked by their amount in EUR, the applicant's currency: a Deutsche Mark
or dollar number is never compared with a euro amount as if it were euro."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.retrieval.comparable import comparable_precedents
from underwrite.retrieval.precedent_money import amount_in_eur, rates_fingerprint
from underwrite.tools.intake.extraction.conversion import configured_rates

APPLICANT = {"loan_amount": 5000.0, "loan_term_months": 24, "loan_purpose": "car (used)"}


def test_deutsche_mark_converts_at_the_fixed_euro_rate() -> None:
    eur = amount_in_eur(9779.15, "DEM")
    assert eur is not None and eur[0] == 5000.0 and "fixed euro conversion rate" in eur[1]


def test_dollars_convert_with_the_configured_rate_table() -> None:
    table = configured_rates().table
    assert table is not None and table.per_eur("USD") is not None
    eur = amount_in_eur(1000.0, "usd")
    assert eur is not None and eur[0] == round(1000.0 / table.per_eur("USD"), 2)
    assert str(table.per_eur("USD")) in eur[1]


@pytest.mark.parametrize("currency", ["", "XXX"])
def test_no_stated_currency_or_no_rate_gives_no_euro_amount(currency: str) -> None:
    assert amount_in_eur(1000.0, currency) is None


def test_another_rate_table_changes_the_index_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = rates_fingerprint()
    table = tmp_path / "rates.json"
    table.write_text(
        json.dumps({"as_of": "2027-01-04", "source": "a bank's own table", "rates": {"USD": 1.3}})
    )
    monkeypatch.setenv("UW_FX_RATES", str(table))
    reset_settings_cache()
    assert rates_fingerprint() == "fx-2027-01-04" != packaged
    assert amount_in_eur(1300.0, "USD") == (1000.0, "USD at 1.3 per EUR (a bank's own table)")


def _hit(cid: str, amount: float, currency: str) -> SimpleNamespace:
    meta: dict[str, Any] = {
        "amount": amount,
        "currency": currency,
        "term_months": 24,
        "purpose": "car (used)",
    }
    eur = amount_in_eur(amount, currency)
    if eur is not None:
        meta["amount_eur"] = eur[0]
    return SimpleNamespace(case_id=cid, similarity=0.8, metadata=meta)


def _search(cases: list[SimpleNamespace]):  # type: ignore[no-untyped-def]
    def holds(value: Any, cond: Any) -> bool:
        if not isinstance(cond, dict):
            return bool(value == cond)
        if value is None:  # Chroma: a range or $in on a key the record lacks never matches
            return False
        ops = {"$gte": lambda a, b: a >= b, "$lte": lambda a, b: a <= b, "$in": lambda a, b: a in b}
        return all(ops[op](value, arg) for op, arg in cond.items())

    def search(text: str, k: int, filters: dict[str, Any] | None) -> list[SimpleNamespace]:
        f = {key: v for key, v in (filters or {}).items() if key != "product"}
        return [c for c in cases if all(holds(c.metadata.get(key), v) for key, v in f.items())][:k]

    return search


def test_the_band_holds_the_cases_that_are_close_in_euro_not_in_raw_numbers() -> None:
    cases = [
        _hit("dem-same-in-euro", 9800.0, "DEM"),  # ≈ 5,011 EUR: comparable
        _hit("dem-same-number", 5000.0, "DEM"),  # ≈ 2,556 EUR: just inside ±50%, ranked lower
        _hit("dem-small", 2600.0, "DEM"),  # ≈ 1,329 EUR: outside ±50%
        _hit("usd-near", 5500.0, "USD"),
        _hit("no-currency", 5000.0, ""),  # the same number, but nobody knows in what
    ]
    hits, note = comparable_precedents(_search(cases), "t", 3, APPLICANT, "consumer_instalment")
    ids = [h.case_id for h in hits]
    assert "dem-small" not in ids and "no-currency" not in ids
    assert ids[0] in {"dem-same-in-euro", "usd-near"} and ids.index("dem-same-in-euro") < ids.index(
        "dem-same-number"
    )
    assert "relaxed" not in note and "amounts compared in EUR" in note


def test_cases_without_a_currency_come_in_only_where_the_amount_is_not_banded() -> None:
    cases = [_hit(f"unknown-{i}", 5000.0, "") for i in range(3)]
    hits, note = comparable_precedents(_search(cases), "t", 3, APPLICANT, "consumer_instalment")
    assert len(hits) == 3 and "same product only" in note


def test_built_precedents_carry_euro_amounts_where_their_currency_is_known() -> None:
    from underwrite.retrieval.precedents import build_precedents

    by_dataset: dict[str, list[dict[str, Any]]] = {}
    for p in build_precedents(30):
        by_dataset.setdefault(p.metadata["dataset"], []).append(p.metadata)
    for meta in by_dataset["german"]:
        assert meta["currency"] == "DEM" and meta["amount_eur"] == round(meta["amount"] / 1.95583, 2)
    assert all(m["currency"] == "USD" and m["amount_eur"] < m["amount"] for m in by_dataset["lending_club"])
    assert all("amount_eur" not in m for m in by_dataset["credit_data"])


def test_the_memo_table_shows_the_euro_figure_it_compared() -> None:
    from underwrite.core.precedent import PrecedentHit
    from underwrite.tools.exports import precedent_row

    meta = {"amount": 9800.0, "currency": "DEM", "amount_eur": 5010.66, "term_months": 24}
    assert (
        precedent_row(PrecedentHit(case_id="g", similarity=0.5, metadata=meta))[1]
        == "9,800 (DEM, ≈ 5,011 EUR)"
    )
