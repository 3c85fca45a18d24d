"""Suite 2 — fair lending (fairlearn): adverse impact ratio, SMD of scores and equalized odds by age
band, sex and foreign worker on German credit and by race on AER HMDA; proxy check; the
less-discriminatory-alternative search.

The model under review is the production recipe (``ensure_default_model``: the German model the
product trains and uses, and the same recipe on HMDA). The gate measures it on *every applicant*,
scored out-of-fold (5 folds of the production recipe, ``lda_inputs.population_inputs``), with 95%
stratified bootstrap intervals and group sizes (``tools/scoring/fair_measure.py``, whose
``GATE_RULE`` says how a bar is judged); the production bundle itself on its hold-out is reported
beside it. Decisions follow the product's two lines from the policy grades: *approved* (PD below the
approving grades' bound) and *not declined* (PD below the declining grade). Every flagged attribute
gets the LDA search of ``tools/scoring/lda.py`` at each line, on the same population.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.harness.types import PlotRecord
from underwrite.evals.scorers.fairness import (
    AdverseImpactScorer,
    Alternative,
    EqualizedOddsScorer,
    FairLendingState,
    GroupDecisions,
    LdaSearch,
    LessDiscriminatoryAlternativeScorer,
    ProxyResult,
    ProxyScorer,
)
from underwrite.evals.suites.fairness_plots import fairness_plots
from underwrite.evals.suites.proxies import proxy_check
from underwrite.tools.scoring.fair_measure import GATE_RULE, measure
from underwrite.tools.scoring.lda import LdaReport
from underwrite.tools.scoring.lda_cache import cached_population, cached_search
from underwrite.tools.scoring.lda_card import record_lda_in_card
from underwrite.tools.scoring.lda_inputs import policy_cutoffs, production_inputs
from underwrite.tools.scoring.service import ensure_default_model

DATASETS = ("german", "hmda")


def lda_searches(report: LdaReport, outcome: str = "") -> list[LdaSearch]:
    """One search per flagged attribute, in the scorers' terms."""
    out = []
    for choice in report.choices:
        a = choice.attribute
        alternatives = [
            Alternative(
                description=o.name,
                auc=o.auc,
                air=o.air[a],
                auc_cost=o.auc_cost,
                eligible=o.eligible,
                auc_cost_ci=o.auc_cost_ci,
                air_gain_ci=o.air_gain_ci[a],
            )
            for o in report.alternatives
        ]
        base = report.baseline
        out.append(
            LdaSearch(report.dataset, a, base.auc, base.air[a], alternatives, choice.decision, outcome)
        )
    return out


class FairLendingSuite(Suite[FairLendingState]):
    name = "fair_lending"
    in_fast = True
    requires = (
        Requirement("scoring (production bundle)", "underwrite.tools.scoring", ("ensure_default_model",)),
        Requirement("LDA search", "underwrite.tools.scoring.lda", ("search",)),
        Requirement("policy grade cut-offs", "underwrite.tools.scoring.lda_inputs", ("policy_cutoffs",)),
    )

    def scorers(self) -> Sequence[Scorer[FairLendingState]]:
        return [
            AdverseImpactScorer(),
            EqualizedOddsScorer(),
            ProxyScorer(),
            LessDiscriminatoryAlternativeScorer(),
        ]

    def solve(self, ctx: RunContext) -> FairLendingState:
        decisions: list[GroupDecisions] = []
        proxies: list[ProxyResult] = []
        searches: list[LdaSearch] = []
        self._reports: dict[str, LdaReport] = {}
        self._holdout: dict[str, dict[str, Any]] = {}
        self._cards: dict[str, str] = {}
        cutoffs = policy_cutoffs()
        for step, name in enumerate(DATASETS):
            ctx.progress(f"fair_lending: {name} population, out-of-fold", step, len(DATASETS))
            population, version, content_hash, cache = cached_population(
                name, cutoffs["approved"], ctx.cache_dir
            )
            ctx.record_input(f"dataset:{name}", content_hash)
            ctx.record_version(f"score_model:{name}", version)
            good = 1 - population.y_hold
            for attribute, groups in population.groups.items():
                # Proxies are a property of the inputs, not of the model: tested on every row.
                proxies.append(
                    proxy_check(
                        population.hold_frame,
                        population.schema.numeric,
                        population.schema.categorical,
                        groups,
                        dataset=name,
                        attribute=attribute,
                        seed=ctx.seed,
                    )
                )

            def progress(description: str, _done: int, _total: int, step: int = step) -> None:
                ctx.progress(f"fair_lending: {description}", step, len(DATASETS))

            holdout: dict[str, Any] = {}  # the bundle scores its hold-out once for both lines
            for outcome, cutoff in cutoffs.items():
                inputs = replace(
                    population, base_approved=(population.base_pd < cutoff).astype(int), cutoff=cutoff
                )
                for attribute, groups in inputs.groups.items():
                    m = measure(
                        name,
                        attribute,
                        outcome,
                        good,
                        inputs.base_approved,
                        inputs.base_pd,
                        groups,
                        cutoff=cutoff,
                    )
                    decisions.append(
                        GroupDecisions(
                            name, attribute, groups, inputs.base_approved, good, inputs.base_pd, outcome, m
                        )
                    )
                # A fast run refits a text-fusing recipe once per line, not per variant (see its note).
                full = not ctx.fast or population.schema.text_variant == "none"
                report = cached_search(name, inputs, version, cache, progress, model_variants=full)
                self._reports[f"{name}@{outcome}"] = report
                searches += lda_searches(report, outcome)
                self._holdout[f"{name}@{outcome}"] = holdout_check(name, cutoff, holdout)
            # The card the product ships carries this run's search, one section per decision line.
            bundle = ensure_default_model(name)
            record_lda_in_card([self._reports[f"{name}@{o}"] for o in cutoffs], bundle)
            self._cards[name] = str(bundle / "model_card.md")
        return FairLendingState(decisions, proxies, searches)

    def n_cases(self, state: FairLendingState) -> int:
        return len(state.decisions)

    def details(self, state: FairLendingState) -> dict[str, Any]:
        reports = getattr(self, "_reports", {})
        return {
            "decision_rule": {o: f"PD < {c:g}" for o, c in policy_cutoffs().items()},
            "population": "every applicant of each dataset, scored out-of-fold by the production recipe "
            "(5 folds); 95% stratified bootstrap intervals",
            "gate_rule": GATE_RULE,
            "measurements": [d.measure.model_dump() for d in state.decisions if d.measure is not None],
            "production_bundle_holdout": getattr(self, "_holdout", {}),
            "model_cards": getattr(self, "_cards", {}),
            "population_auc": {n: r.baseline.auc for n, r in reports.items()},
            "approval_rates": {d.key: float(np.mean(d.approved)) for d in state.decisions},
            "lda": {
                n: {
                    "model_version": r.model_version,
                    "population": r.population,
                    "note": r.note,
                    "rule": r.rule,
                    "flagged": r.flagged,
                    "proxies": r.proxies,
                    "choices": [c.model_dump() for c in r.choices],
                    "best_alternatives": {a: [o.model_dump() for o in r.best(a)] for a in r.flagged},
                    "alternatives": [o.model_dump() for o in r.alternatives],
                }
                for n, r in reports.items()
            },
        }

    def plots(self, state: FairLendingState, ctx: RunContext) -> list[PlotRecord]:
        return fairness_plots(state, ctx)


def holdout_check(dataset: str, cutoff: float, memo: dict[str, Any] | None = None) -> dict[str, Any]:
    """The production bundle itself on the hold-out it never saw: AIR / EOD with intervals and n
    (reported beside the population measurement, not gated: its smallest groups are a handful).
    ``memo`` keeps the bundle's hold-out PDs between calls at different cut-offs."""
    memo = {} if memo is None else memo
    if "inputs" not in memo:
        memo["inputs"], memo["version"], _hash = production_inputs(dataset, cutoff)
    base, version = memo["inputs"], memo["version"]
    inputs = replace(base, base_approved=(base.base_pd < cutoff).astype(int), cutoff=cutoff)
    good = 1 - inputs.y_hold
    out: dict[str, Any] = {"model_version": version, "n": len(good)}
    for attribute, groups in inputs.groups.items():
        m = measure(dataset, attribute, "", good, inputs.base_approved, inputs.base_pd, groups, resamples=300)
        out[attribute] = {
            "air": m.air,
            "air_ci": m.air_ci,
            "eod": m.eod,
            "eod_ci": m.eod_ci,
            "group_sizes": {g: r.n for g, r in m.groups.items()},
        }
    return out
