"""`installment_rate_code` means what Grömping's code table says, everywhere it is read.

Code 1 = instalment >= 35 % of disposable income (heaviest burden) ... 4 = < 20 % (lightest). These
tests pin that reading in the loaded rows (without looking at the outcome), in the live derivation
from an application's figures, in the SME extension, and in the trained model: a heavier burden may
never make a score *better*. The German outcome runs the other way (the bad rate rises with the
code); that disagreement is recorded here so the README's statement of it stays true.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from underwrite.core.datasets import GERMAN_INSTALLMENT_RATE_BANDS, load_dataset
from underwrite.core.schemas import Application, Fact, FactMethod
from underwrite.tools.intake.extraction.derived import dscr_code, installment_rate_code, share_code
from underwrite.tools.scoring import score_application
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.train import train_bundle

GERMAN = load_dataset("german")


def test_bands_put_the_heaviest_burden_at_code_1_and_tile_without_gaps() -> None:
    codes = sorted(GERMAN_INSTALLMENT_RATE_BANDS)
    assert codes == [1, 2, 3, 4]
    lows = [GERMAN_INSTALLMENT_RATE_BANDS[c][0] for c in codes]
    assert lows == sorted(lows, reverse=True) and lows[0] == pytest.approx(0.35)
    for upper, lower in itertools.pairwise(codes):
        assert GERMAN_INSTALLMENT_RATE_BANDS[lower][1] == pytest.approx(
            GERMAN_INSTALLMENT_RATE_BANDS[upper][0]
        )
    assert "1: >=35%" in GERMAN.dictionary["installment_rate_code"]


def test_the_loaded_rows_agree_with_the_code_table_on_instalment_size() -> None:
    """Without the outcome: the monthly instalment (amount / term) must shrink as the code rises.

    If the file's codes ran the UCI-name way (4 = the largest share of income), code 4 would carry
    the largest instalments unless its borrowers earned far less; the rows show the opposite,
    steeply (median 228 DM at code 1, 100 DM at code 4).
    """
    frame = GERMAN.frame
    monthly = frame["loan_amount"] / frame["loan_term_months"]
    medians = monthly.groupby(frame["installment_rate_code"]).median()
    assert list(medians.index) == [1, 2, 3, 4]
    assert np.all(np.diff(medians.to_numpy()) < 0)
    assert medians[1] > 2 * medians[4]


def test_the_outcome_disagrees_with_the_documented_direction() -> None:
    """Recorded, not relied on: the German bad rate rises with the code (25 % -> 33 %)."""
    rates = GERMAN.frame.groupby("installment_rate_code")["target"].mean()
    assert np.all(np.diff(rates.to_numpy()) > 0)
    assert rates[1] == pytest.approx(0.25, abs=0.005) and rates[4] == pytest.approx(0.334, abs=0.005)


def test_a_larger_share_of_disposable_income_never_maps_to_a_lighter_code() -> None:
    shares = np.linspace(0.0, 1.2, 241)
    codes = [share_code(float(s)) for s in shares]
    assert all(a >= b for a, b in itertools.pairwise(codes))
    assert [share_code(s) for s in (0.10, 0.20, 0.249, 0.25, 0.349, 0.35, 0.9)] == [4, 3, 3, 2, 2, 1, 1]


def _consumer(income: float, amount: float = 6000.0) -> dict[str, float | str]:
    return {
        "product": "consumer_instalment",
        "loan_amount": amount,
        "loan_term_months": 24.0,
        "monthly_net_income": income,
        "monthly_housing_cost": 500.0,
        "monthly_debt_payments": 100.0,
    }


def test_an_application_with_a_heavier_burden_derives_a_code_no_lighter() -> None:
    incomes = [700.0, 1000.0, 1400.0, 1800.0, 2500.0, 4000.0, 9000.0]
    by_income = [installment_rate_code(_consumer(i)) for i in incomes]
    assert by_income == sorted(by_income) and by_income[0] == 1 and by_income[-1] == 4  # type: ignore[type-var]
    amounts = [1000.0, 3000.0, 6000.0, 12000.0, 20000.0]
    by_amount = [installment_rate_code(_consumer(2000.0, a)) for a in amounts]
    assert by_amount == sorted(by_amount, reverse=True)  # type: ignore[type-var]


def test_a_business_with_thinner_debt_cover_derives_a_code_no_lighter() -> None:
    dscrs = np.linspace(0.5, 6.0, 111)
    codes = [dscr_code(float(d)) for d in dscrs]
    assert all(a <= b for a, b in itertools.pairwise(codes))
    assert codes[0] == 1 and codes[-1] == 4


def test_the_shipped_constraint_makes_a_lower_code_riskier() -> None:
    # -1: risk may only fall as the code rises, i.e. only rise as the burden rises.
    assert load_config().monotone["installment_rate_code"] == -1


@pytest.fixture(scope="module")
def german_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_config()
    fast = config.model_copy(
        update={"lightgbm": {**config.lightgbm, "num_iterations": 150, "learning_rate": 0.05}}
    )
    out = tmp_path_factory.mktemp("bundle") / "german-burden"
    train_bundle(from_dataset(GERMAN, config), out, text="none", config=fast, cv_folds=2)
    return out


def _application(income: float) -> Application:
    facts = {
        "checking_account_status": "0 to 200",
        "credit_history": "existing credits paid back duly till now",
        "loan_purpose": "car (used)",
        "loan_amount": 4000.0,
        "loan_term_months": 24.0,
        "savings_status": "under 100",
        "employment_years": 3.0,
        "housing_status": "rent",
        "job_category": "skilled employee / official",
        "monthly_net_income": income,
        "monthly_housing_cost": 450.0,
        "monthly_debt_payments": 0.0,
    }
    return Application(
        application_id="burden",
        facts=[Fact(name=k, value=v, method=FactMethod.form) for k, v in facts.items()],
    )


def test_the_german_model_never_scores_a_heavier_burden_as_safer(german_bundle: Path) -> None:
    """End to end: only income changes, so only the derived code moves (German has no income column).

    Trained without the constraint, the model follows the German outcome and scores the heavy-burden
    applicant (code 1) as *safer* than the light one (code 4); this test is what stops that.
    """
    # 4000 over 24 months at the reference rate is ~184/month; disposable = income - 450.
    incomes = {1: 850.0, 2: 1050.0, 3: 1250.0, 4: 2500.0}
    pds = {}
    for code, income in incomes.items():
        score = score_application(_application(income), bundle=german_bundle)
        pds[code] = score.pd
    figures = {"monthly_housing_cost": 450.0, "monthly_debt_payments": 0.0}
    derived = {
        code: installment_rate_code({**_consumer(i, 4000.0), **figures}) for code, i in incomes.items()
    }
    assert derived == {1: 1, 2: 2, 3: 3, 4: 4}
    assert pds[1] >= pds[2] >= pds[3] >= pds[4]
