"""Seed-bagged booster parts: exact round cuts, reasons that add up to the calibrated log-odds,
monotone directions, and a bundle that round-trips as format 5."""

from __future__ import annotations

import json
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pytest
from test_scoring_stack import _data, _fast_config

from underwrite.tools.scoring.bagging import _staged_raw, mean_predict
from underwrite.tools.scoring.bundle import load_bundle, save_bundle
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reasons import default_reason_table


def _config():
    config = _fast_config()
    return config.model_copy(update={"stack": config.stack.model_copy(update={"bag_seeds": [3, 4]})})


@pytest.fixture(scope="module")
def bagged():
    frame, y, schema = _data()
    model = fit_model(frame.iloc[:600], y[:600], schema, _config())
    return frame, y, model


def test_staged_cuts_sum_to_the_boosters_own_raw_scores() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(300, 3))
    y = (rng.random(300) < 1 / (1 + np.exp(-x[:, 0]))).astype(int)
    booster = lgb.train({"objective": "binary", "verbosity": -1, "num_threads": 1}, lgb.Dataset(x, y), 50)
    staged = _staged_raw(booster, x[:40], [10, 20, 50])  # type: ignore[arg-type]
    for k, cut in enumerate([10, 20, 50]):
        np.testing.assert_allclose(
            staged[k], booster.predict(x[:40], raw_score=True, num_iteration=cut), atol=1e-12
        )


def test_both_booster_parts_carry_every_seed_copy(bagged) -> None:
    _, _, model = bagged
    assert model.bags is not None and len(model.bags["lightgbm"]) == 2
    assert model.weights is not None and abs(sum(model.weights.values()) - 1.0) < 1e-9
    if "additive" in model.weights:
        assert len(model.bags["additive"]) == 2
    rounds = model.blend_oof_auc["rounds lightgbm"]
    assert rounds % 10 == 0 and 10 <= rounds <= 120
    assert all(b.current_iteration() == rounds for b in [model.booster, *model.bags["lightgbm"]])


def test_bagged_reasons_add_up_to_the_calibrated_log_odds(bagged) -> None:
    frame, _, model = bagged
    matrix = model.matrix(frame.iloc[600:], None)
    copies = [model.booster, *model.bags["lightgbm"]]
    own = [np.asarray(b.predict(matrix, raw_score=True)) for b in copies]
    assert not np.allclose(own[0], own[1])  # the seeds really differ
    np.testing.assert_allclose(mean_predict(copies, matrix, contrib=False), np.mean(own, axis=0), atol=1e-12)
    contrib = model.contributions(matrix)
    np.testing.assert_allclose(contrib.sum(axis=1), model.raw_score(matrix), atol=1e-9)
    pd_from_reasons = 1.0 / (1.0 + np.exp(-model.logodds_contributions(matrix).sum(axis=1)))
    np.testing.assert_allclose(pd_from_reasons, model.predict_pd(frame.iloc[600:], None), atol=1e-12)


def test_bagged_score_keeps_every_monotone_direction(bagged) -> None:
    frame, _, model = bagged
    base = frame.iloc[600:700].reset_index(drop=True)
    for column, direction in (("loan_amount", 1), ("monthly_net_income", -1)):
        higher = base.copy()
        higher[column] = base[column] * 1.5
        step = model.raw_score(model.matrix(higher, None)) - model.raw_score(model.matrix(base, None))
        assert np.all(direction * step >= -1e-9), column


def test_a_bagged_bundle_round_trips_as_format_5(bagged, tmp_path: Path) -> None:
    frame, _, model = bagged
    save_bundle(model, default_reason_table(), tmp_path / "b", "v-bag", {"inner_oof_auc": 0.7}, "# c")
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["format"] == 5
    stack = json.loads((tmp_path / "b" / "stack.json").read_text())
    assert stack["bags"]["lightgbm"] == ["booster.bag1.txt", "booster.bag2.txt"]
    loaded = load_bundle(tmp_path / "b").model
    assert isinstance(loaded, FittedModel) and loaded.weights == model.weights
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(loaded.raw_score(matrix), model.raw_score(matrix), atol=1e-12)
    np.testing.assert_allclose(loaded.contributions(matrix), model.contributions(matrix), atol=1e-12)
