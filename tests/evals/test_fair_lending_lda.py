"""The fair-lending suite's view of the LDA search: per-attribute searches, SMD, missed-bar notes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from underwrite.evals.scorers.fairness import (
    AdverseImpactScorer,
    FairLendingState,
    GroupDecisions,
    LessDiscriminatoryAlternativeScorer,
)
from underwrite.evals.suites.fair_lending import lda_searches
from underwrite.tools.scoring.lda import Choice, LdaReport, Outcome


def _outcome(name: str, air_age: float, gain: float, cost: float, eligible: bool) -> Outcome:
    return Outcome(
        name=name,
        kind="drop",
        auc=0.75 - cost,
        auc_cost=cost,
        auc_cost_ci=(cost - 0.01, cost + 0.01),
        air={"age_band": air_age, "sex": 0.95},
        air_gain={"age_band": gain, "sex": 0.0},
        air_gain_ci={"age_band": (gain - 0.1, gain + 0.1), "sex": (0.0, 0.0)},
        eod={"age_band": 0.3, "sex": 0.05},
        max_eod=0.3,
        smd={"age_band": 0.5, "sex": 0.1},
        eligible=eligible,
    )


def _report() -> LdaReport:
    base = _outcome("production", 0.70, 0.0, 0.0, True)
    return LdaReport(
        dataset="german",
        model_version="v",
        holdout_rows=200,
        approval_rate=0.6,
        resamples=100,
        rule="r",
        flagged=["age_band"],
        proxies={"age_band": [("residence_years", 0.3)]},
        baseline=base,
        alternatives=[_outcome("drop x", 0.85, 0.15, 0.002, True), _outcome("drop y", 0.9, 0.2, 0.03, False)],
        choices=[Choice(attribute="age_band", chosen="drop x", recommended=False, decision="kept")],
    )


def test_searches_carry_the_attribute_and_the_rule_verdict() -> None:
    (search,) = lda_searches(_report())
    assert search.key == "german:age_band" and search.baseline_air == 0.70 and search.decision == "kept"
    assert [(a.description, a.air, a.eligible) for a in search.alternatives] == [
        ("drop x", 0.85, True),
        ("drop y", 0.9, False),
    ]


def test_an_eligible_alternative_clearing_the_line_is_unadopted() -> None:
    (search,) = lda_searches(_report())
    rng = np.random.default_rng(0)
    groups = np.where(rng.random(400) < 0.5, "under 25", "25-39")
    approved = np.where(groups == "under 25", rng.random(400) < 0.4, rng.random(400) < 0.8).astype(int)
    d = GroupDecisions("german", "age_band", groups, approved, np.ones(400, dtype=int), rng.random(400))
    out = LessDiscriminatoryAlternativeScorer().score(FairLendingState([d], lda=[search]))
    assert out.metrics["lda_unadopted"] == 1.0  # "drop x" clears 0.8 within the cost limits
    notes = AdverseImpactScorer().score(FairLendingState([d], lda=[search])).cases[0].notes
    assert any(n.startswith("LDA search (2 alternatives): kept") for n in notes)
    assert any("drop y (AIR 0.900" in n for n in notes)


def test_adverse_impact_reports_smd_of_scores() -> None:
    scorer = AdverseImpactScorer()
    red = scorer.score(scorer.red_state()).metrics
    green = scorer.score(scorer.green_state()).metrics
    # Red approves group b at half group a's rate and scores follow approvals: the PDs drift apart.
    assert red["max_abs_smd"] > green["max_abs_smd"]
    assert red["max_abs_smd"] == red["smd:synthetic:group"]


def test_bench_report_lists_every_alternative_with_intervals() -> None:
    from underwrite.bench.lda import markdown

    report = _report()
    report.group_sizes = {"age_band": {"under 25": 31, "25-39": 110}}
    text = markdown(report)
    assert "under 25 31, 25-39 110" in text and "### age_band: kept" in text
    assert (
        "| drop x | 0.7480 | +0.0020 [-0.008, +0.012] | +0.0000 [+0.000, +0.000] | 0.850 | "
        "+0.150 [+0.050, +0.250] | 0.300 | yes |" in text
    )
    assert "| drop y |" in text


def test_a_missed_bar_is_reported_with_its_interval_sizes_and_verdict() -> None:
    from underwrite.tools.scoring.fair_measure import measure

    rng = np.random.default_rng(2)
    groups = np.where(rng.random(1000) < 0.15, "under 25", "25-39")
    pd_values = np.clip(rng.beta(2, 5, 1000) + 0.2 * (groups == "under 25"), 0, 1)
    good = (rng.random(1000) > pd_values).astype(int)
    approved = (pd_values < 0.3).astype(int)
    m = measure("german", "age_band", "approved", good, approved, pd_values, groups, resamples=200)
    d = GroupDecisions("german", "age_band", groups, approved, good, pd_values, "approved", m)
    out = AdverseImpactScorer().score(FairLendingState([d]))
    (case,) = out.cases
    assert case.case_id == "german:age_band@approved" and not case.passed
    assert out.metrics["air_ci_low:german:age_band@approved"] == m.air_ci[0]
    assert m.air_verdict == "missed (significant)" and out.metrics["significant_air_misses"] == 1.0
    n_small = m.groups["under 25"].n
    assert f"n=1000, smallest group under 25 n={n_small}; missed (significant)" in case.notes[0]


def test_the_suite_writes_its_search_into_the_production_models_card(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import underwrite.evals.suites.fair_lending as fl
    from underwrite.evals.harness.suite import RunContext
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.lda import SearchInputs
    from underwrite.tools.scoring.lda_inputs import policy_cutoffs
    from underwrite.tools.scoring.schema import FeatureSchema

    rng = np.random.default_rng(0)
    n = 200
    groups = np.where(rng.random(n) < 0.3, "under 25", "25-39")
    pd_values = rng.random(n)
    y = (rng.random(n) < pd_values).astype(int)
    frame = pd.DataFrame({"x": pd_values + rng.normal(0, 0.1, n), "target": y})
    schema = FeatureSchema(dataset="german", target="target", numeric=["x"], categorical=[], categories={})
    population = SearchInputs(
        schema=schema,
        config=load_config(),
        train_frame=frame,
        y_train=y,
        hold_frame=frame,
        y_hold=y,
        groups={"age_band": groups},
        base_pd=pd_values,
        base_approved=(pd_values < 0.2).astype(int),
        train_groups={"age_band": groups},
        folds=5,
    )

    def fake_search(_name: str, inputs: SearchInputs, *_a: object, **_k: object) -> LdaReport:
        return _report().model_copy(update={"cutoff": inputs.cutoff})

    recorded: dict[Path, list[float | None]] = {}
    monkeypatch.setattr(fl, "DATASETS", ("german",))
    monkeypatch.setattr(fl, "cached_population", lambda *_a: (population, "v", "h", {}))
    monkeypatch.setattr(fl, "cached_search", fake_search)
    monkeypatch.setattr(fl, "holdout_check", lambda *_a: {})
    monkeypatch.setattr(fl, "ensure_default_model", lambda name: tmp_path / name)

    def record(reports: list[LdaReport], bundle: Path) -> None:
        recorded[bundle] = [r.cutoff for r in reports]

    monkeypatch.setattr(fl, "record_lda_in_card", record)
    suite = fl.FairLendingSuite()
    state = suite.solve(RunContext(out_dir=tmp_path, cache_dir=tmp_path, fast=True))
    # One card write per production model, carrying the search at both of the policy's lines.
    assert recorded == {tmp_path / "german": list(policy_cutoffs().values())}
    assert suite.details(state)["model_cards"] == {"german": str(tmp_path / "german" / "model_card.md")}
