"""The LDA search on synthetic data where the answer is known: a proxy causing disparate impact."""

from __future__ import annotations

import numpy as np
import pytest
from lda_synthetic import synthetic_inputs

from underwrite.tools.scoring.lda import (
    MAX_AUC_COST,
    Outcome,
    approve_at_rate,
    choose,
    flagged_attributes,
    search,
)
from underwrite.tools.scoring.lda_variants import (
    Variant,
    apply_schema,
    candidate_variants,
    proxy_strength,
)


@pytest.fixture(scope="module")
def inputs():  # type: ignore[no-untyped-def]
    return synthetic_inputs(n=1000)


def test_the_production_stand_in_shows_disparate_impact(inputs) -> None:  # type: ignore[no-untyped-def]
    assert flagged_attributes(inputs) == ["group"]


def test_proxy_ranking_and_candidates_name_the_proxy(inputs) -> None:  # type: ignore[no-untyped-def]
    member = (inputs.train_groups["group"] == "b").astype(int)
    ranked = proxy_strength(inputs.train_frame, ["debt_ratio", "postcode_score"], {"group": member})
    assert ranked[0][0] == "postcode_score" and ranked[0][1] > 0.8 > ranked[1][1]
    names = [v.name for v in candidate_variants(inputs.schema, inputs.train_frame, inputs.y_train, ranked)]
    assert "drop postcode_score" in names
    assert any(n.startswith("cap postcode_score") for n in names)
    assert any(n.startswith("monotone postcode_score") for n in names)
    assert "shallow trees (num_leaves 4)" in names


def test_search_chooses_dropping_the_proxy(inputs) -> None:  # type: ignore[no-untyped-def]
    variants = [
        Variant(name="drop postcode_score", kind="drop", drop=["postcode_score"]),
        Variant(name="drop debt_ratio", kind="drop", drop=["debt_ratio"]),
        Variant(name="shallow", kind="params", params={"num_leaves": 4}),
    ]
    report = search(inputs, dataset="synthetic", model_version="t", resamples=150, variants=variants)
    by_name = {o.name: o for o in report.alternatives}
    dropped = by_name["drop postcode_score"]
    assert dropped.air_gain["group"] > 0.1 and dropped.air_gain_ci["group"][0] > 0
    assert dropped.auc_cost <= MAX_AUC_COST and dropped.eligible
    # Dropping the real risk measure is the opposite: costly and worse for the group.
    assert not by_name["drop debt_ratio"].eligible and by_name["drop debt_ratio"].air_gain["group"] < 0
    (choice,) = report.choices
    assert choice.chosen == "drop postcode_score" and choice.recommended
    # Every alternative is compared at the production approval volume.
    assert report.approval_rate == pytest.approx(inputs.base_approved.mean(), abs=1e-4)


def _outcome(name: str, cost: float, upper: float, gain: float, gain_lo: float) -> Outcome:
    return Outcome(
        name=name,
        kind="drop",
        auc=0.7,
        auc_cost=cost,
        auc_cost_ci=(cost - 0.01, upper),
        air={"g": 0.8},
        air_gain={"g": gain},
        air_gain_ci={"g": (gain_lo, gain + 0.1)},
        eod={"g": 0.1},
        max_eod=0.1,
        smd={"g": 0.1},
    )


def test_choice_rule_respects_auc_cost_and_noise() -> None:
    cheap_small = _outcome("cheap small", 0.001, 0.01, 0.05, 0.01)
    costly_big = _outcome("costly big", 0.02, 0.04, 0.30, 0.20)
    wide_ci = _outcome("wide CI", 0.004, 0.03, 0.40, 0.30)
    choice = choose([cheap_small, costly_big, wide_ci], "g")
    assert choice.chosen == "cheap small" and choice.recommended
    noisy = _outcome("noisy", 0.0, 0.005, 0.10, -0.05)
    choice = choose([noisy], "g")
    assert choice.chosen == "noisy" and not choice.recommended
    assert choose([costly_big], "g").chosen is None


def test_equal_volume_approvals() -> None:
    pd_values = np.array([0.9, 0.1, 0.5, 0.3, 0.7])
    assert approve_at_rate(pd_values, 0.4).tolist() == [0, 1, 0, 1, 0]
    assert approve_at_rate(pd_values, 0.0).sum() == 0


def test_dropping_an_ordinal_category_drops_its_rank_column(inputs) -> None:  # type: ignore[no-untyped-def]
    schema = inputs.schema.model_copy(
        update={
            "categorical": ["savings"],
            "categories": {"savings": ["low", "high"]},
            "ordinal": {"savings": ["low", "high"]},
            "monotone": {"savings_rank": -1, "debt_ratio": 1},
        }
    )
    out = apply_schema(schema, Variant(name="drop savings", kind="drop", drop=["savings"]))
    assert out.categorical == [] and out.ordinal == {} and out.monotone == {"debt_ratio": 1}


def test_group_specific_cutoffs_are_rejected_and_reductions_only_reported(inputs) -> None:  # type: ignore[no-untyped-def]
    from underwrite.tools.scoring.disparity import bootstrap_indices
    from underwrite.tools.scoring.lda_decisions import group_cutoff_variant, reduction_variant
    from underwrite.tools.scoring.lda_report import resamples_for

    idx = resamples_for(inputs, bootstrap_indices(len(inputs.y_hold), 100, 1))
    treated = group_cutoff_variant(inputs, "group", idx)
    reduced = reduction_variant(inputs, "group", idx)
    # Equal approval rates by reading the group at decision time: AIR ~1 at no AUC cost ...
    assert treated.air["group"] > 0.95 and treated.auc_cost == 0 and treated.uses_protected == "decision"
    assert reduced.uses_protected == "training"
    choice = choose([treated, reduced], "group")
    # ... and still never chosen: disparate treatment is not a less discriminatory alternative.
    assert choice.chosen is None and not treated.eligible and not reduced.eligible
    assert "decision time" in treated.why_ineligible and "training" in reduced.why_ineligible


def test_cutoff_variants_pay_in_bad_rate_and_the_rule_checks_it(inputs) -> None:  # type: ignore[no-untyped-def]
    from underwrite.tools.scoring.disparity import bootstrap_indices
    from underwrite.tools.scoring.lda import MAX_BAD_RATE_COST
    from underwrite.tools.scoring.lda_decisions import cutoff_variants
    from underwrite.tools.scoring.lda_report import resamples_for

    variants = cutoff_variants(inputs, resamples_for(inputs, bootstrap_indices(len(inputs.y_hold), 100, 2)))
    assert [v.kind for v in variants] == ["cutoff"] * 3
    assert all(v.auc_cost == 0 and v.approval_rate > inputs.base_approved.mean() for v in variants)
    # Approving deeper into the PD ranking takes on more defaulters.
    assert variants[-1].bad_rate_cost > variants[0].bad_rate_cost > 0
    choose(variants, "group")
    for v in variants:
        assert v.eligible == (v.bad_rate_cost <= MAX_BAD_RATE_COST and v.bad_rate_cost_ci[1] <= 0.03)
        assert v.eligible or "bad rate" in v.why_ineligible


def test_population_mode_scores_every_row_out_of_fold(inputs) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from underwrite.tools.scoring.lda import refit_pd
    from underwrite.tools.scoring.lda_inputs import PRODUCTION

    everyone = replace(inputs, train_frame=inputs.hold_frame, y_train=inputs.y_hold, folds=3)
    oof = refit_pd(PRODUCTION, everyone)
    assert oof.shape == inputs.y_hold.shape and np.all((oof > 0) & (oof < 1))
    assert np.array_equal(oof, refit_pd(PRODUCTION, everyone))  # same folds, same PDs: paired


def test_out_of_fold_refits_in_worker_processes_give_the_sequential_pds(
    inputs, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from underwrite.tools.scoring import lda
    from underwrite.tools.scoring.lda import refit_pd
    from underwrite.tools.scoring.lda_variants import Variant

    population = replace(inputs, folds=3)
    v = Variant(name="shallow", kind="params", params={"num_leaves": 4})
    monkeypatch.setattr(lda, "FOLD_JOBS", 1)
    sequential = refit_pd(v, population)
    monkeypatch.setattr(lda, "FOLD_JOBS", 2)
    parallel = refit_pd(v, population)
    assert np.array_equal(sequential, parallel) and (sequential > 0).all()
