"""Parts of `bench text`: pair targets, train-fold-only label readers, the moved-field schema."""

from __future__ import annotations

import numpy as np
import pandas as pd

from underwrite.bench.scoring_prose import MOVED_STRONG, statement, without_moved
from underwrite.bench.text_arms import _projection_features, decode_labels
from underwrite.bench.text_finetune import pair_targets
from underwrite.bench.text_recovery import recovery_interval
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.schema import FeatureSchema


def _labels(n: int, rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "purpose": rng.choice(["car", "tv", "repairs"], n),
            "job": rng.choice(["clerk", "none"], n),
            "housing": rng.choice(["own", "rent"], n),
        }
    )


def test_pair_targets_are_the_share_of_agreeing_labels() -> None:
    rng = np.random.default_rng(0)
    labels = _labels(60, rng)
    left, right, target = pair_targets(labels, rng, 200)
    expected = (labels.to_numpy()[left] == labels.to_numpy()[right]).mean(axis=1)
    np.testing.assert_allclose(target, expected)
    assert set(np.round(target * 3).astype(int)) <= {0, 1, 2, 3}
    assert (labels["purpose"].to_numpy()[left[::2]] == labels["purpose"].to_numpy()[right[::2]]).all()


def _scramble_held(labels: pd.DataFrame, held_idx: np.ndarray) -> pd.DataFrame:
    scrambled = labels.copy()
    scrambled.loc[held_idx, :] = scrambled.loc[held_idx[::-1], :].to_numpy()  # change held-out labels only
    return scrambled


def test_label_projection_never_reads_held_out_labels() -> None:
    rng = np.random.default_rng(1)
    labels = _labels(120, rng)
    emb = rng.normal(size=(120, 8)) + (labels["purpose"] == "car").to_numpy()[:, None]
    fit_idx, held_idx = np.arange(90), np.arange(90, 120)
    first = _projection_features(emb, labels, fit_idx, seed=3)
    second = _projection_features(emb, _scramble_held(labels, held_idx), fit_idx, seed=3)
    np.testing.assert_allclose(first, second)
    assert first.shape == (120, 3 + 2 + 2)
    np.testing.assert_allclose(first[:, :3].sum(axis=1), 1.0, atol=1e-9)


def test_decoded_fields_are_fitted_on_training_rows_only_and_read_the_prose() -> None:
    rng = np.random.default_rng(2)
    labels = _labels(160, rng)
    one_hot = pd.get_dummies(labels).to_numpy(dtype=float)
    emb = np.column_stack([one_hot * 3.0, rng.normal(size=(160, 4))])  # each value has its own direction
    fit_idx, held_idx = np.arange(120), np.arange(120, 160)
    first = decode_labels(emb, labels, fit_idx, seed=3)
    second = decode_labels(emb, _scramble_held(labels, held_idx), fit_idx, seed=3)
    pd.testing.assert_frame_equal(first, second)  # fails if a held-out label reached a fit
    assert (first.iloc[held_idx].to_numpy() == labels.iloc[held_idx].to_numpy()).mean() > 0.95


def test_recovery_interval_brackets_the_ratio_of_fold_means() -> None:
    ceiling = np.array([0.80, 0.78, 0.82, 0.79, 0.81])
    floor = ceiling - np.array([0.04, 0.03, 0.05, 0.04, 0.04])
    assert recovery_interval(ceiling, ceiling, floor) == (1.0, 1.0)
    assert recovery_interval(floor, ceiling, floor) == (0.0, 0.0)
    lo, hi = recovery_interval(
        floor + 0.5 * (ceiling - floor) + np.array([0.01, -0.01, 0, 0.01, -0.01]), ceiling, floor
    )
    assert lo < 0.5 < hi


def _german_like() -> TrainingSet:
    rows = [dict.fromkeys(MOVED_STRONG, "x") | {"loan_amount": 1000.0 + i} for i in range(4)]
    frame = pd.DataFrame(rows)
    frame["savings_status"] = ["under 100", "1000 or more", "under 100", "100 to 500"]
    frame["loan_purpose"] = ["repairs", "education", "business", "repairs"]
    frame["telephone"] = "yes"
    categorical = [*MOVED_STRONG, "telephone"]
    schema = FeatureSchema(
        dataset="german", target="target", numeric=["loan_amount"], categorical=categorical,
        categories={c: sorted(frame[c].unique()) for c in categorical},
        ordinal={"savings_status": ["under 100", "100 to 500", "500 to 1000", "1000 or more"]},
        monotone={"loan_amount": 1, "savings_status_rank": -1},
    )  # fmt: skip
    return TrainingSet("german", frame, np.array([0, 1, 0, 1]), schema, "h", "test")


def test_moving_fields_into_prose_takes_out_their_ranks_and_tells_them_in_the_statement() -> None:
    moved = without_moved(_german_like(), MOVED_STRONG)
    assert moved.schema.categorical == ["telephone"]
    assert moved.schema.ordinal == {} and moved.schema.monotone == {"loan_amount": 1}
    assert "savings_status_rank" not in moved.schema.tabular_columns
    assert moved.schema.prose == ["applicant_statement"] and moved.name == "german-prose"
    text = statement(
        {"savings_status": "1000 or more", "loan_purpose": "education"}, 0, ("savings_status", "loan_purpose")
    )
    assert "thousand" in text or "substantial" in text
    assert "studies" in text or "tuition" in text


def test_contrast_is_the_paired_recovery_difference_to_the_baseline() -> None:
    from underwrite.bench.text_recovery import CEILING, FLOOR, contrast

    ceiling = np.array([0.80, 0.78, 0.82])
    per_fold = {
        CEILING: ceiling,
        FLOOR: ceiling - 0.10,
        "base": ceiling - 0.02,
        "same": ceiling - 0.02,
        "worse": ceiling - np.array([0.05, 0.04, 0.06]),
    }
    same = contrast("same", "base", per_fold)
    assert same.auc_diff == 0.0 and same.recovery_diff == 0.0 and same.recovery_diff_ci == (0.0, 0.0)
    worse = contrast("worse", "base", per_fold)
    assert worse.recovery_diff == -0.3 and worse.auc_diff == -0.03
    lo, hi = worse.recovery_diff_ci
    assert lo <= -0.3 <= hi < 0
