"""Score tool: training on a slice, calibration, reasons, what-if, bundle round-trip, default model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import Application, Fact, FactMethod
from underwrite.tools.scoring import explain_reason, score_application, score_features, what_if
from underwrite.tools.scoring.bundle import BundleError, load_bundle
from underwrite.tools.scoring.calibrate import fit_calibrator
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.reasons import default_reason_table, top_reasons
from underwrite.tools.scoring.service import Scorer
from underwrite.tools.scoring.train import train_bundle

GERMAN = load_dataset("german")


def _slice(n: int, seed: int = 3) -> list[int]:
    rng = np.random.default_rng(seed)
    return sorted(rng.choice(len(GERMAN.frame), size=n, replace=False).tolist())


def fast_config():
    """The shipped configuration with fewer boosting rounds and folds, to keep the suite quick."""
    config = load_config()
    return config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 120, "learning_rate": 0.06},
            "text": config.text.model_copy(update={"inner_folds": 3}),
        }
    )


_TRAINED: dict[str, Path] = {}
"""The small bundle, once per session: test_scoring_packets imports the fixture (a second module
instance), and both only read it."""


@pytest.fixture(scope="module")
def small_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "small" not in _TRAINED:
        training = from_dataset(GERMAN, load_config(), rows=_slice(400))
        out = tmp_path_factory.mktemp("bundle") / "german-small"
        train_bundle(training, out, text="none", config=fast_config(), cv_folds=3)
        _TRAINED["small"] = out
    return _TRAINED["small"]


def _app(**facts: float | str) -> Application:
    return Application(
        application_id="t-1",
        facts=[Fact(name=k, value=v, method=FactMethod.form) for k, v in facts.items()],
    )


RISKY = {
    "checking_account_status": "overdrawn",
    "credit_history": "existing credits paid back duly till now",
    "loan_purpose": "car (new)",
    "loan_amount": 6000.0,
    "loan_term_months": 12.0,
    "savings_status": "under 100",
    "employment_years": 0.5,
    "housing_status": "rent",
    "job_category": "skilled employee / official",
}


def test_training_writes_versioned_bundle_and_model_card(small_bundle: Path) -> None:
    names = {p.name for p in small_bundle.iterdir()}
    assert {"booster.txt", "schema.json", "calibrator.json", "reasons.yaml", "manifest.json"} <= names
    card = json.loads((small_bundle / "model_card.json").read_text())
    assert card["rows"] == 400
    assert 0.2 < card["bad_rate"] < 0.4
    assert len(card["data_hash"]) == 16
    assert 0.6 < card["cv"]["auc_mean"] < 0.95 and card["cv"]["folds"] == 3
    assert card["library_versions"]["lightgbm"]
    assert set(GERMAN.protected) <= set(card["excluded"])
    markdown = (small_bundle / "model_card.md").read_text()
    assert card["data_hash"] in markdown and "sex" in markdown
    schema = json.loads((small_bundle / "schema.json").read_text())
    inputs = schema["numeric"] + schema["categorical"]
    assert not set(inputs) & (PROTECTED_FIELDS | set(GERMAN.protected))


def test_calibration_is_non_decreasing_in_raw_score(small_bundle: Path) -> None:
    grid = np.linspace(-6, 6, 400)
    model = load_bundle(small_bundle).model
    assert np.all(np.diff(model.calibrator.predict(grid)) >= 0)
    rng = np.random.default_rng(0)
    raw = rng.normal(size=600)
    y = (rng.random(600) < 1 / (1 + np.exp(-2 * raw))).astype(int)
    for method in ("sigmoid", "isotonic"):
        calibrated = fit_calibrator(raw, y, method).predict(grid)  # type: ignore[arg-type]
        assert np.all(np.diff(calibrated) >= 0), method
        assert calibrated[-1] > calibrated[0] + 0.5, method


def test_reasons_present_specific_and_never_protected(small_bundle: Path) -> None:
    scorer = Scorer(load_bundle(small_bundle))
    rows = GERMAN.frame.iloc[:60].to_dict(orient="records")  # includes age, sex, ... as extra keys
    scores = scorer.score_rows(rows)
    banned = PROTECTED_FIELDS | set(GERMAN.protected)
    assert all(s.reasons for s in scores if s.pd > 0.3)
    for s in scores:
        assert len(s.reasons) <= load_config().max_reasons
        assert [r.contribution for r in s.reasons] == sorted(
            (r.contribution for r in s.reasons), reverse=True
        )
        for reason in s.reasons:
            assert reason.feature not in banned
            assert reason.contribution > 0 and reason.code.startswith("R")
            assert "{value}" not in reason.text
            assert explain_reason(reason.code).startswith(reason.code)


def test_reason_builder_refuses_a_protected_basis(small_bundle: Path) -> None:
    schema = load_bundle(small_bundle).model.schema
    with pytest.raises(RuntimeError, match="protected"):
        top_reasons({"sex": 0.9, "loan_amount": 0.1}, {}, schema, default_reason_table(), 4)


def test_what_if_longer_term_raises_pd(small_bundle: Path) -> None:
    result = what_if(_app(**RISKY), {"loan_term_months": 60}, bundle=small_bundle)
    assert result.changed.pd > result.base.pd
    assert result.delta_pd == pytest.approx(result.changed.pd - result.base.pd, abs=1e-6)
    shorter = what_if(_app(**RISKY), {"loan_term_months": 6}, bundle=small_bundle)
    assert shorter.delta_pd <= 0
    with pytest.raises(ValueError, match="protected"):
        what_if(_app(**RISKY), {"age_years": 30}, bundle=small_bundle)
    with pytest.raises(ValueError, match="unknown fact"):
        what_if(_app(**RISKY), {"shoe_size": 44}, bundle=small_bundle)


def test_application_features_are_derived_and_missing_ones_reported(small_bundle: Path) -> None:
    app = _app(**RISKY, monthly_net_income=1500.0, monthly_housing_cost=400.0, monthly_debt_payments=0.0)
    scorer = Scorer(load_bundle(small_bundle))
    from underwrite.tools.scoring.features import application_row

    row = application_row(app, scorer.schema)
    # 6000 over 12 months at the 9.5% reference rate is ~526/month: 48% of the 1100 disposable -> code 1.
    assert row["installment_rate_code"] == 1
    assert row["employment_since_band"] == "under 1 year"
    score = score_application(app, bundle=small_bundle)
    assert "property_type" in score.missing_inputs and "loan_amount" not in score.missing_inputs
    assert 0 < score.pd < 1 and score.grade


def test_bundle_round_trip_gives_identical_scores(small_bundle: Path, tmp_path: Path) -> None:
    rows = GERMAN.frame.iloc[100:140].to_dict(orient="records")
    first = [s.model_dump() for s in Scorer(load_bundle(small_bundle)).score_rows(rows)]
    again = [score_features(r, bundle=small_bundle).model_dump() for r in rows]
    assert first == again
    copy = tmp_path / "copy"
    copy.mkdir()
    for file in small_bundle.iterdir():
        (copy / file.name).write_bytes(file.read_bytes())
    assert [s.model_dump() for s in Scorer(load_bundle(copy)).score_rows(rows)] == first
    (copy / "calibrator.json").write_text((copy / "calibrator.json").read_text().replace("1", "2", 1))
    with pytest.raises(BundleError, match=r"calibrator\.json changed"):
        load_bundle(copy)


def test_default_model_trains_on_the_training_rows_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from underwrite.tools.scoring import service

    seen = {}

    def fake_train(training, out_dir: Path, text: str = "auto", **_: object) -> None:
        seen["rows"], seen["hash"] = len(training.y), training.data_hash
        (out_dir / "manifest.json").write_text("{}")

    monkeypatch.setattr(service, "train_bundle", fake_train)
    # The fake's "{}" is no real manifest: the reuse check is recorded instead of run.
    monkeypatch.setattr(service, "verify_bundle", lambda target: seen.setdefault("verified", target))
    path = service.ensure_default_model()
    train_rows, holdout_rows = holdout_split(GERMAN)
    assert seen["rows"] == len(train_rows) and not set(train_rows) & set(holdout_rows)
    assert seen["hash"] == from_dataset(GERMAN, load_config(), rows=train_rows).data_hash
    assert (path / "manifest.json").is_file() and path.parent.name == "models"
    assert "verified" not in seen  # a model just trained is not re-checked
    assert service.ensure_default_model() == path  # second call reuses, no retraining
    assert seen["verified"] == path  # ... after checking the bundle it reuses


def test_calibrator_without_signal_falls_back_to_the_base_rate() -> None:
    raw = np.linspace(-1, 1, 200)
    y = (raw < 0).astype(int)  # inverted: higher raw score, fewer defaults
    calibrator = fit_calibrator(raw, y, "sigmoid")
    assert np.allclose(calibrator.predict(raw), y.mean())
