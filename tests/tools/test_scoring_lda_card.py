"""The chosen LDA alternative and its trade-off land in the bundle's model card, manifest re-sealed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from lda_synthetic import synthetic_inputs

from underwrite.core.datasets import load_dataset
from underwrite.tools.scoring.bundle import BundleError, load_bundle, record_card_section
from underwrite.tools.scoring.card import LDA_HEADING, LDA_PENDING
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.lda import LdaReport, search
from underwrite.tools.scoring.lda_card import (
    card_lda_section,
    lda_card_section,
    record_lda_in_card,
    render_lda_markdown,
)
from underwrite.tools.scoring.lda_variants import Variant
from underwrite.tools.scoring.train import train_bundle


@pytest.fixture(scope="module")
def report() -> LdaReport:
    variants = [
        Variant(name="drop postcode_score", kind="drop", drop=["postcode_score"]),
        Variant(name="shallow", kind="params", params={"num_leaves": 4}),
    ]
    return search(
        synthetic_inputs(n=600), dataset="synthetic", model_version="t", resamples=80, variants=variants
    )


@pytest.fixture(scope="module")
def section(report: LdaReport) -> dict[str, object]:
    return lda_card_section(report.model_dump(mode="json"))


@pytest.fixture(scope="module")
def trained_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained once for the module; read-only (``bundle`` hands each test its own copy)."""
    german = load_dataset("german")
    rows = sorted(np.random.default_rng(1).choice(len(german.frame), 300, replace=False).tolist())
    config = load_config()
    fast = config.model_copy(update={"lightgbm": {**config.lightgbm, "num_iterations": 60}})
    out = tmp_path_factory.mktemp("lda-card") / "bundle"
    train_bundle(from_dataset(german, config, rows=rows), out, text="none", config=fast, cv_folds=2)
    return out


@pytest.fixture()
def bundle(trained_bundle: Path, tmp_path: Path) -> Path:
    """A fresh copy per test: the tests re-seal and tamper with it."""
    return Path(shutil.copytree(trained_bundle, tmp_path / "bundle"))


def test_section_names_choice_and_tradeoff(section: dict[str, object]) -> None:
    (choice,) = section["choices"]  # type: ignore[misc]
    assert choice["chosen"] == "drop postcode_score" and choice["recommended"]
    assert choice["chosen_air"] > choice["production_air"]
    assert choice["air_gain_ci"][0] > 0 and choice["auc_cost_ci"][0] <= choice["auc_cost"]
    text = render_lda_markdown(section)
    assert text.startswith(LDA_HEADING) and "Chosen: drop postcode_score" in text and "Rule:" in text


def test_recorded_in_card_and_bundle_still_verifies(bundle: Path, section: dict[str, object]) -> None:
    md = render_lda_markdown(section)
    record_card_section(bundle, "less_discriminatory_alternative", section, md, LDA_HEADING)
    record_card_section(bundle, "less_discriminatory_alternative", section, md, LDA_HEADING)
    load_bundle(bundle)  # manifest re-sealed: no BundleError
    card = json.loads((bundle / "model_card.json").read_text())
    assert card["less_discriminatory_alternative"]["choices"][0]["chosen"] == "drop postcode_score"
    text = (bundle / "model_card.md").read_text()
    assert text.count(LDA_HEADING) == 1 and text.startswith("# Model card")


def test_a_tampered_bundle_is_not_resealed(bundle: Path, section: dict[str, object]) -> None:
    (bundle / "reasons.yaml").write_text("tampered: true\n")
    with pytest.raises(BundleError):
        record_card_section(bundle, "lda", section, "x", LDA_HEADING)


def test_card_names_the_chosen_alternative_per_decision_line(section: dict[str, object]) -> None:
    from underwrite.tools.scoring.lda_card import render_lda_card

    approved = {**section, "cutoff": 0.2, "population": "every applicant, out-of-fold over 5 folds"}
    declined = {**section, "cutoff": 0.35, "population": "every applicant, out-of-fold over 5 folds"}
    text = render_lda_card([approved, declined])
    assert text.count(LDA_HEADING) == 1
    assert "### synthetic, approve at PD < 0.2" in text and "### synthetic, approve at PD < 0.35" in text
    assert text.count("Chosen: drop postcode_score") == 2 and "approved bad rate" in text


def test_the_trained_card_holds_the_lda_section_once_a_search_is_recorded(
    bundle: Path, report: LdaReport
) -> None:
    fresh = (bundle / "model_card.md").read_text()
    # A freshly trained card says the search is still owed instead of silently lacking it.
    assert LDA_HEADING in fresh and LDA_PENDING in fresh and card_lda_section(bundle) is None
    lines = [report.model_copy(update={"cutoff": c, "note": f"line {c}"}) for c in (0.2, 0.35)]
    record_lda_in_card(lines, bundle)
    load_bundle(bundle)  # manifest re-sealed
    text = (bundle / "model_card.md").read_text()
    assert text.count(LDA_HEADING) == 1 and LDA_PENDING not in text
    assert "### synthetic, approve at PD < 0.2" in text and "### synthetic, approve at PD < 0.35" in text
    assert "Rule: never eligible" in text and "Note: line 0.35" in text
    assert text.count("Chosen: drop postcode_score") == 2 and "adopt 'drop postcode_score'" in text
    assert text.count("Not applied: this bundle is still the production recipe") == 2  # recommended only
    section = card_lda_section(bundle)
    assert section is not None and [s["cutoff"] for s in section["searches"]] == [0.2, 0.35]
    choice = section["searches"][0]["choices"][0]
    alt = next(o for o in report.alternatives if o.name == "drop postcode_score")
    assert choice["auc_cost"] == alt.auc_cost and choice["bad_rate_cost"] == alt.bad_rate_cost
    assert choice["air_gain"] == alt.air_gain["group"] and choice["air_gain"] > 0
    assert choice["air_gain_ci"] == list(alt.air_gain_ci["group"]) and choice["auc_cost_ci"]
    assert choice["bad_rate_cost_ci"] == list(alt.bad_rate_cost_ci)
    assert f"gain {alt.air_gain['group']:+.3f}" in text


def test_the_review_reads_the_bundles_own_pds_without_its_reasons(bundle: Path) -> None:
    from underwrite.tools.scoring.lda_inputs import bundle_pds
    from underwrite.tools.scoring.service import get_scorer

    scorer = get_scorer(bundle)
    records = load_dataset("german").frame.head(40).to_dict(orient="records")
    expected = [s.pd for s in scorer.score_rows(records)]
    assert bundle_pds(scorer, records, "german").tolist() == expected
