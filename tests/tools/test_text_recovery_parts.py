"""Parts of `bench text`: pair targets, train-fold-only label projection, the card's text section."""

from __future__ import annotations

import numpy as np
import pandas as pd

from underwrite.bench.text_finetune import pair_targets
from underwrite.bench.text_recovery import _projection_features
from underwrite.tools.scoring.card_text import render_text_inputs, text_inputs
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


def test_label_projection_never_reads_held_out_labels() -> None:
    rng = np.random.default_rng(1)
    labels = _labels(120, rng)
    emb = rng.normal(size=(120, 8)) + (labels["purpose"] == "car").to_numpy()[:, None]
    fit_idx, held_idx = np.arange(90), np.arange(90, 120)
    first = _projection_features(emb, labels, fit_idx, seed=3)
    scrambled = labels.copy()
    scrambled.loc[held_idx, :] = scrambled.loc[held_idx[::-1], :].to_numpy()  # change held-out labels only
    second = _projection_features(emb, scrambled, fit_idx, seed=3)
    np.testing.assert_allclose(first, second)
    assert first.shape == (120, 3 + 2 + 2)
    np.testing.assert_allclose(first[:, :3].sum(axis=1), 1.0, atol=1e-9)


def _schema(variant: str) -> FeatureSchema:
    return FeatureSchema(
        dataset="t", target="target", numeric=["loan_amount"], categorical=["job"], categories={"job": ["a"]},
        prose=["applicant_statement"], text_variant=variant,  # type: ignore[arg-type]
    )  # fmt: skip


def test_card_names_the_text_fields_and_their_gain() -> None:
    section = text_inputs(_schema("prose"), {"none": 0.70, "serialised": 0.69, "prose": 0.74})
    assert section["fields"] == ["applicant_statement"]
    assert section["gain_over_none_inner_oof_auc"] == {"serialised": -0.01, "prose": 0.04}
    assert "applicant_statement" in render_text_inputs(section)
    assert text_inputs(_schema("none"), {"none": 0.7})["fields"] == []
