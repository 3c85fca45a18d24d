"""The default-fusion rule follows the text bench's report; the card quotes it with the figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from underwrite.tools.scoring import text_rule, train
from underwrite.tools.scoring.card_text import render_text_inputs, text_inputs
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.text_rule import EvidenceEntry, TextEvidence, allowed_variants, fusion_decision


def _evidence(serialised: tuple[float, float], prose: tuple[float, float] = (0.03, 0.01)) -> TextEvidence:
    def entry(dataset: str, variant: str, fig: tuple[float, float]) -> EvidenceEntry:
        return EvidenceEntry(
            dataset=dataset, variant=variant, reader="arm", fields=["applicant_statement"],
            gain_mean=fig[0], gain_sd=fig[1], folds=5,
        )  # fmt: skip

    return TextEvidence(
        command="underwrite bench text --folds 5",
        generated="2026-12-01T00:00:00Z",
        entries=[entry("german", "serialised", serialised), entry("german-prose", "prose", prose)],
    )


def test_rule_fuses_only_what_the_report_shows_helps() -> None:
    assert fusion_decision(_evidence((0.02, 0.005)), "german", "serialised", 0.002).fuse is True
    assert fusion_decision(_evidence((-0.004, 0.003)), "german", "serialised", 0.002).fuse is False
    # A positive mean inside the noise (lower bound below zero) is not evidence.
    assert fusion_decision(_evidence((0.004, 0.02)), "german", "serialised", 0.002).fuse is False
    assert fusion_decision(_evidence((0.02, 0.005)), "credit_data", "serialised", 0.002).fuse is None
    assert fusion_decision(None, "german", "prose", 0.002).fuse is None
    assert allowed_variants(["none", "serialised", "prose"], "german", 0.002, _evidence((-0.004, 0.003))) == [
        "none",
        "prose",  # not measured on this dataset: left to the inner out-of-fold choice
    ]


def _tiny(name: str) -> TrainingSet:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"loan_amount": rng.normal(size=120), "housing_status": rng.choice(["own", "rent"], 120)}
    )
    y = (frame["loan_amount"] + rng.normal(size=120) > 0).astype(int).to_numpy()
    schema = FeatureSchema(
        dataset=name, target="target", numeric=["loan_amount"], categorical=["housing_status"],
        categories={"housing_status": ["own", "rent"]},
    )  # fmt: skip
    return TrainingSet(name, frame, y, schema, "h", "test")


@pytest.mark.parametrize(
    ("gain", "expected"), [((-0.004, 0.003), {"none"}), ((0.02, 0.005), {"none", "serialised"})]
)
def test_auto_training_candidates_follow_the_report(
    monkeypatch: pytest.MonkeyPatch, gain: tuple[float, float], expected: set[str]
) -> None:
    monkeypatch.setattr(text_rule, "packaged_evidence", lambda: _evidence(gain))
    monkeypatch.setattr(
        train, "embeddings_for", lambda ts, schema: np.random.default_rng(1).normal(size=(120, 8))
    )
    _, selection = train.choose_and_fit(_tiny("german"), "auto", load_config())
    assert set(selection) == expected


def test_card_lists_the_text_fields_and_the_bench_figure() -> None:
    schema = _tiny("german-prose").schema.model_copy(
        update={"prose": ["applicant_statement"], "text_variant": "prose"}
    )
    section = text_inputs(schema, {"none": 0.70, "prose": 0.74}, evidence=_evidence((-0.004, 0.003)))
    assert section["fields"] == ["applicant_statement"]
    assert section["gain_over_none_inner_oof_auc"] == {"prose": 0.04}
    assert [b["variant"] for b in section["bench"]] == ["prose"]
    assert section["bench"][0]["fuse"] is True and section["bench"][0]["gain_mean"] == 0.03
    rendered = render_text_inputs(section)
    assert "applicant_statement" in rendered and "+0.0300" in rendered and "bench text --folds 5" in rendered


def test_a_text_free_card_says_why_with_the_figure() -> None:
    section = text_inputs(
        _tiny("german").schema, {"none": 0.78, "serialised": 0.776}, evidence=_evidence((-0.004, 0.003))
    )
    assert section["fields"] == []
    assert section["bench"][0]["fuse"] is False
    assert "-0.0040" in render_text_inputs(section) and "not fused" in render_text_inputs(section)
