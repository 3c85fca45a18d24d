"""The stacked score model: non-negative weights, exact reasons, calibration, monotone directions,
credit ratios, and bundles (new format 2, legacy format 1 still loading)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from underwrite.tools.scoring.bundle import load_bundle, save_bundle
from underwrite.tools.scoring.config import StackConfig, load_config
from underwrite.tools.scoring.features import build_matrix, with_ratios
from underwrite.tools.scoring.metrics import brier, expected_calibration_error
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reasons import default_reason_table, top_reasons
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.stack import fit_weights

SAVINGS = ["under 100", "100 to 500", "500 to 1000", "1000 or more"]


def _data(n: int = 900, seed: int = 11) -> tuple[pd.DataFrame, np.ndarray, FeatureSchema]:
    """Risk rises with amount relative to income and falls with savings; colour is noise."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(8, 0.7, n)
    income = rng.lognormal(7.5, 0.4, n)
    savings = rng.choice(SAVINGS, n)
    rank = np.array([SAVINGS.index(s) for s in savings])
    logit = -1.0 + 0.9 * (np.log(amount / income) - 0.5) - 0.5 * rank
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame(
        {"loan_amount": amount, "monthly_net_income": income, "savings_status": savings, "colour": "red"}
    )
    frame.loc[rng.random(n) < 0.5, "colour"] = "blue"
    schema = FeatureSchema(
        dataset="synthetic",
        target="target",
        numeric=["loan_amount", "monthly_net_income"],
        categorical=["savings_status", "colour"],
        categories={"savings_status": sorted(SAVINGS), "colour": ["blue", "red"]},
        ordinal={"savings_status": SAVINGS},
        monotone={"loan_amount": 1, "monthly_net_income": -1, "savings_status_rank": -1},
    )
    return frame, y, schema


def _fast_config():
    config = load_config()
    assert config.stack.enabled  # the shipped default is the stack
    return config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 120, "learning_rate": 0.06},
            "blend": config.blend.model_copy(update={"linear_cs": [0.3]}),
            # One copy per booster here (bagging has its own tests, test_scoring_stack_bagging.py).
            "stack": config.stack.model_copy(
                update={
                    "inner_folds": 3,
                    "additive": {**config.stack.additive, "num_iterations": 150},
                    "bag_seeds": [],
                }
            ),
        }
    )


@pytest.fixture(scope="module")
def stacked() -> tuple[pd.DataFrame, np.ndarray, FittedModel]:
    frame, y, schema = _data()
    model = fit_model(frame.iloc[:600], y[:600], schema, _fast_config())
    return frame, y, model


def test_fit_weights_never_gives_a_component_negative_weight() -> None:
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 800)
    good = 1.5 * y + rng.normal(0, 1, 800)
    inverted = -1.0 * y + rng.normal(0, 1, 800)  # a part that ranks backwards must get weight 0
    weights, _ = fit_weights(np.column_stack([good, inverted]), y)
    assert weights[0] > 0.3 and weights[1] == 0.0


def test_weight_ridge_evens_out_collinear_parts_but_still_shuns_a_backward_one() -> None:
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 800)
    signal = 1.5 * y + rng.normal(0, 1, 800)
    twins = np.column_stack([signal + rng.normal(0, 0.1, 800), signal + rng.normal(0, 0.1, 800)])
    free, _ = fit_weights(twins, y)
    pulled, _ = fit_weights(twins, y, ridge=0.01)
    shares = pulled / pulled.sum()
    assert abs(shares[0] - 0.5) < 0.05
    assert abs(shares[0] - 0.5) <= abs(free[0] / free.sum() - 0.5)
    # The total is not penalised: the Platt slope stays that of the unpenalised fit.
    assert pulled.sum() == pytest.approx(free.sum(), rel=0.05)
    inverted = -1.0 * y + rng.normal(0, 1, 800)
    weights, _ = fit_weights(np.column_stack([signal, inverted]), y, ridge=0.01)
    assert weights[0] > 0.3 and weights[1] < 0.25 * weights[0]


def test_stack_has_all_parts_and_normalised_weights(stacked) -> None:
    _, _, model = stacked
    assert model.weights is not None and set(model.weights) <= {"lightgbm", "additive", "linear"}
    assert len(model.weights) >= 2 and abs(sum(model.weights.values()) - 1.0) < 1e-9
    assert all(w > 0 for w in model.weights.values())
    assert model.blend_oof_auc is not None and 1 <= model.blend_oof_auc["rounds lightgbm"] <= 120


def test_stacked_reasons_add_up_to_raw_score_and_to_calibrated_log_odds(stacked) -> None:
    frame, _, model = stacked
    matrix = model.matrix(frame.iloc[600:], None)
    contrib = model.contributions(matrix)
    assert contrib.shape == (300, len(model.schema.model_columns) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), model.raw_score(matrix), atol=1e-9)
    pd_from_reasons = 1.0 / (1.0 + np.exp(-model.logodds_contributions(matrix).sum(axis=1)))
    np.testing.assert_allclose(pd_from_reasons, model.predict_pd(frame.iloc[600:], None), atol=1e-12)


def test_stacked_score_keeps_every_monotone_direction(stacked) -> None:
    frame, _, model = stacked
    base = frame.iloc[600:700].reset_index(drop=True)
    # The ratio amount / income moves with both inputs in their own direction, so the whole score
    # must too: more amount never lowers risk, more income never raises it, for every row.
    for column, direction in (("loan_amount", 1), ("monthly_net_income", -1)):
        lower, higher = base.copy(), base.copy()
        higher[column] = lower[column] * 1.5
        step = model.raw_score(model.matrix(higher, None)) - model.raw_score(model.matrix(lower, None))
        assert np.all(direction * step >= -1e-9), column
    richer, poorer = base.copy(), base.copy()
    richer["savings_status"], poorer["savings_status"] = "1000 or more", "under 100"
    gap = model.raw_score(model.matrix(richer, None)) - model.raw_score(model.matrix(poorer, None))
    assert np.all(gap <= 1e-9)


def test_stack_keeps_calibration_of_the_legacy_blend_on_new_rows(stacked) -> None:
    frame, y, model = stacked
    config = _fast_config()
    legacy = fit_model(
        frame.iloc[:600], y[:600], model.schema, config.model_copy(update={"stack": StackConfig()})
    )
    assert legacy.weights is None
    held, new = y[600:], model.predict_pd(frame.iloc[600:], None)
    old = legacy.predict_pd(frame.iloc[600:], None)
    assert brier(held, new) <= brier(held, old) + 0.005
    assert expected_calibration_error(held, new) <= expected_calibration_error(held, old) + 0.02


def test_ratio_columns_join_the_model_and_read_in_reasons(stacked) -> None:
    frame, _, model = stacked
    assert model.schema.ratios == {"amount_to_income": ["loan_amount", "monthly_net_income"]}
    assert model.schema.monotone["amount_to_income"] == 1
    odd = frame.iloc[:2].copy()
    odd["monthly_net_income"] = [0.0, 2000.0]  # no income: no meaningful ratio, so missing
    ratio = build_matrix(odd, model.schema)["amount_to_income"].to_numpy()
    assert np.isnan(ratio[0]) and ratio[1] == pytest.approx(odd["loan_amount"].iloc[1] / 2000.0)
    row = {"loan_amount": 12000.0, "monthly_net_income": 2000.0}
    reasons = top_reasons({"amount_to_income": 0.4}, row, model.schema, default_reason_table(), 2)
    assert reasons[0].code == "R43" and "(6)" in reasons[0].text


def test_with_ratios_skips_ratios_whose_inputs_are_absent() -> None:
    _, _, schema = _data()
    config = load_config()
    no_income = schema.model_copy(update={"numeric": ["loan_amount"]})
    assert with_ratios(no_income, config.ratios, config.monotone).ratios == {}


def test_stacked_bundle_round_trips_as_format_2(stacked, tmp_path: Path) -> None:
    frame, _, model = stacked
    save_bundle(model, default_reason_table(), tmp_path / "b", "v-stack", {"inner_oof_auc": 0.7}, "# c")
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["format"] == 2
    loaded = load_bundle(tmp_path / "b").model
    assert isinstance(loaded, FittedModel) and loaded.weights == model.weights
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(loaded.raw_score(matrix), model.raw_score(matrix), atol=1e-12)
    np.testing.assert_allclose(loaded.contributions(matrix), model.contributions(matrix), atol=1e-12)


def test_legacy_bundle_without_stack_still_loads_as_format_1(tmp_path: Path) -> None:
    frame, y, schema = _data(n=300)
    config = _fast_config()
    legacy = config.model_copy(update={"stack": config.stack.model_copy(update={"enabled": False})})
    model = fit_model(
        frame, y, schema.model_copy(update={"ratios": {}}), legacy.model_copy(update={"ratios": {}})
    )
    assert model.weights is None
    save_bundle(model, default_reason_table(), tmp_path / "old", "v-old", {"inner_oof_auc": 0.7}, "# c")
    assert json.loads((tmp_path / "old" / "manifest.json").read_text())["format"] == 1
    loaded = load_bundle(tmp_path / "old").model
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(loaded.raw_score(matrix), model.raw_score(matrix), atol=1e-12)  # type: ignore[union-attr]
