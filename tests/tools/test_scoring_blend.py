"""The linear half and the LightGBM + linear logit blend: constraints, exact reasons, bundle round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from underwrite.tools.scoring.bundle import load_bundle, save_bundle
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.features import build_matrix
from underwrite.tools.scoring.linear import LinearPart, fit_linear
from underwrite.tools.scoring.model import choose_blend, fit_model
from underwrite.tools.scoring.reasons import default_reason_table
from underwrite.tools.scoring.schema import FeatureSchema

SAVINGS = ["under 100", "100 to 500", "500 to 1000", "1000 or more"]


def _data(n: int = 400, seed: int = 5) -> tuple[pd.DataFrame, np.ndarray, FeatureSchema]:
    """Risk rises with amount and falls with savings; income is noise; some values missing."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(8, 0.8, n)
    income = rng.normal(3000, 800, n)
    savings = rng.choice(SAVINGS, n)
    colour = rng.choice(["red", "blue", "green"], n)
    logit = -1.0 + 0.9 * (np.log(amount) - 8) - 0.6 * np.array([SAVINGS.index(s) for s in savings])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    income[rng.random(n) < 0.1] = np.nan
    frame = pd.DataFrame({"loan_amount": amount, "monthly_net_income": income, "savings_status": savings})
    frame["colour"] = colour
    frame.loc[rng.random(n) < 0.05, "colour"] = None
    schema = FeatureSchema(
        dataset="synthetic",
        target="target",
        numeric=["loan_amount", "monthly_net_income"],
        categorical=["savings_status", "colour"],
        categories={"savings_status": sorted(SAVINGS), "colour": ["blue", "green", "red"]},
        ordinal={"savings_status": SAVINGS},
        monotone={"loan_amount": 1, "monthly_net_income": -1, "savings_status_rank": -1},
    )
    return frame, y, schema


def _fast_config(weights: list[float] | None = None):
    """The legacy two-part blend (stack off), fewer rounds: what bundles before the stack hold."""
    config = load_config()
    blend = config.blend if weights is None else config.blend.model_copy(update={"weights": weights})
    return config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 80, "learning_rate": 0.08},
            "text": config.text.model_copy(update={"inner_folds": 3}),
            "blend": blend,
            "stack": config.stack.model_copy(update={"enabled": False}),
            "ratios": {},
        }
    )


def test_linear_contributions_add_up_to_its_logit() -> None:
    frame, y, schema = _data()
    matrix = build_matrix(frame, schema)
    linear = fit_linear(matrix, y, schema, c=1.0)
    contrib = linear.contributions(matrix)
    assert contrib.shape == (len(frame), len(schema.model_columns) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), linear.logit(matrix), atol=1e-9)


def test_linear_signs_follow_the_monotone_directions_even_against_the_data() -> None:
    frame, y, schema = _data()
    # Declare the opposite of the truth: amount *lowers* risk. The bound must win over the data.
    wrong = schema.model_copy(update={"monotone": {**schema.monotone, "loan_amount": -1}})
    matrix = build_matrix(frame, wrong)
    free = fit_linear(matrix, y, wrong.model_copy(update={"monotone": {}}), c=1.0)
    bound = fit_linear(matrix, y, wrong, c=1.0)

    def coef(part: LinearPart, column: str, kind: str) -> list[float]:
        return [
            c for t, c in zip(part.terms, part.coef, strict=True) if t.column == column and t.kind == kind
        ]

    assert coef(free, "loan_amount", "numeric")[0] > 0.1  # the data says risk rises with amount
    assert coef(bound, "loan_amount", "numeric")[0] <= 0.0
    assert all(c <= 0.0 for c in coef(bound, "savings_status_rank", "step"))
    more_savings = matrix.copy()
    more_savings["savings_status_rank"] = 3.0
    less_savings = matrix.copy()
    less_savings["savings_status_rank"] = 0.0
    assert np.all(bound.logit(more_savings) <= bound.logit(less_savings) + 1e-12)


def test_linear_round_trips_through_plain_json_numbers() -> None:
    frame, y, schema = _data()
    matrix = build_matrix(frame, schema)
    linear = fit_linear(matrix, y, schema, c=0.3)
    again = LinearPart.from_dict(linear.to_dict())
    np.testing.assert_array_equal(again.logit(matrix), linear.logit(matrix))


def test_choose_blend_prefers_the_half_that_carries_the_signal() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 600)
    signal = y * 1.5 + rng.normal(0, 1, 600)
    noise = rng.normal(0, 1, 600)
    c, w, table = choose_blend(noise, {0.1: signal}, y, [0.0, 0.5, 1.0])
    assert (c, w) == (0.1, 1.0)
    c, w, _ = choose_blend(signal, {0.1: noise}, y, [0.0, 0.5, 1.0])
    assert w == 0.0
    assert "C=0.1 w=0.50" in table


@pytest.fixture(scope="module")
def blended(tmp_path_factory: pytest.TempPathFactory):
    frame, y, schema = _data()
    model = fit_model(frame, y, schema, _fast_config(weights=[0.5]))
    return frame, model


def test_blended_reasons_add_up_to_the_raw_score(blended) -> None:
    frame, model = blended
    assert model.linear is not None and model.blend_weight == 0.5
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(model.contributions(matrix).sum(axis=1), model.raw_score(matrix), atol=1e-6)
    booster_only = np.asarray(model.booster.predict(matrix, raw_score=True))
    assert not np.allclose(booster_only, model.raw_score(matrix))  # the linear half does take part


def test_blend_off_is_the_booster_alone() -> None:
    frame, y, schema = _data()
    model = fit_model(frame, y, schema, _fast_config(weights=[0.0]))
    assert model.linear is None and model.blend_weight == 0.0
    matrix = model.matrix(frame, None)
    np.testing.assert_array_equal(model.raw_score(matrix), model.booster.predict(matrix, raw_score=True))


def test_blended_bundle_round_trip_gives_identical_scores(blended, tmp_path: Path) -> None:
    frame, model = blended
    save_bundle(model, default_reason_table(), tmp_path / "b", "v-test", {"inner_oof_auc": 0.7}, "# card")
    loaded = load_bundle(tmp_path / "b").model
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(loaded.raw_score(matrix), model.raw_score(matrix), atol=1e-12)  # type: ignore[union-attr]
    np.testing.assert_allclose(loaded.contributions(matrix), model.contributions(matrix), atol=1e-12)  # type: ignore[union-attr]
