"""The stack's optional CatBoost part: chosen by the same inner protocol, reasons that add up,
monotone directions, and a bundle that round-trips as format 4 (text, no pickle)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_scoring_stack import _data, _fast_config

from underwrite.tools.scoring.bundle import CATBOOST_FILE, load_bundle, save_bundle
from underwrite.tools.scoring.model import FittedModel, fit_model
from underwrite.tools.scoring.reasons import default_reason_table

CATBOOST = {"iterations": 100, "eval_period": 20, "learning_rate": 0.1, "depth": 3, "random_seed": 17}


def _config():
    config = _fast_config()
    return config.model_copy(update={"stack": config.stack.model_copy(update={"catboost": CATBOOST})})


@pytest.fixture(scope="module")
def with_catboost():
    frame, y, schema = _data()
    model = fit_model(frame.iloc[:600], y[:600], schema, _config())
    return frame, y, model


def test_catboost_joins_the_stack_with_rounds_from_its_inner_cuts(with_catboost) -> None:
    _, _, model = with_catboost
    assert model.weights is not None and model.weights.get("catboost", 0.0) > 0
    assert model.catboost is not None and abs(sum(model.weights.values()) - 1.0) < 1e-9
    selection = model.blend_oof_auc
    assert selection is not None and selection["rounds catboost"] in {20, 40, 60, 80, 100}
    assert 0.5 < selection["inner OOF AUC catboost"] < 1.0


def test_reasons_with_catboost_add_up_to_the_calibrated_log_odds(with_catboost) -> None:
    frame, _, model = with_catboost
    matrix = model.matrix(frame.iloc[600:], None)
    parts = model.catboost.contributions(matrix)
    np.testing.assert_allclose(parts.sum(axis=1), model.catboost.logit(matrix), atol=1e-9)
    contrib = model.contributions(matrix)
    assert contrib.shape == (300, len(model.schema.model_columns) + 1)
    np.testing.assert_allclose(contrib.sum(axis=1), model.raw_score(matrix), atol=1e-9)
    pd_from_reasons = 1.0 / (1.0 + np.exp(-model.logodds_contributions(matrix).sum(axis=1)))
    np.testing.assert_allclose(pd_from_reasons, model.predict_pd(frame.iloc[600:], None), atol=1e-12)


def test_the_catboost_part_keeps_the_monotone_directions(with_catboost) -> None:
    frame, _, model = with_catboost
    base = frame.iloc[600:700].reset_index(drop=True)
    for column, direction in (("loan_amount", 1), ("monthly_net_income", -1)):
        higher = base.copy()
        higher[column] = base[column] * 1.5
        step = model.catboost.logit(model.matrix(higher, None)) - model.catboost.logit(
            model.matrix(base, None)
        )
        assert np.all(direction * step >= -1e-9), column


def test_a_catboost_bundle_round_trips_as_format_4(with_catboost, tmp_path: Path) -> None:
    frame, _, model = with_catboost
    save_bundle(model, default_reason_table(), tmp_path / "b", "v-cb", {"inner_oof_auc": 0.7}, "# c")
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["format"] == 4
    assert json.loads((tmp_path / "b" / CATBOOST_FILE).read_text())  # CatBoost's JSON export
    loaded = load_bundle(tmp_path / "b").model
    assert isinstance(loaded, FittedModel) and loaded.weights == model.weights
    matrix = model.matrix(frame, None)
    np.testing.assert_allclose(loaded.raw_score(matrix), model.raw_score(matrix), atol=1e-12)
    np.testing.assert_allclose(loaded.contributions(matrix), model.contributions(matrix), atol=1e-12)
