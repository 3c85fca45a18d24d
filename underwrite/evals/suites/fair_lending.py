"""Suite 2 — fair lending (fairlearn): adverse impact ratio, SMD of scores and equalized odds by age
band, sex and foreign worker on German credit and by race on AER HMDA; proxy check; the
less-discriminatory-alternative search.

The model under review is the production bundle (``ensure_default_model``: the German model the
product trains and uses, and the same recipe on HMDA), scored on its hold-out rows, which it never
saw. Decisions are the production rule (decline at PD ≥ the agent's ``DECLINE_PD``). Every flagged
attribute gets the LDA search of ``tools/scoring/lda.py``: feature and hyper-parameter variants
refitted on the production training rows, compared at the production approval volume, with paired
bootstrap CIs; the report shows the best alternatives it found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from underwrite.agent.memo.recommendation import DECLINE_PD
from underwrite.core.datasets import load_dataset
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
from underwrite.evals.suites.fairness_models import cached_search
from underwrite.evals.suites.fairness_plots import fairness_plots
from underwrite.evals.suites.proxies import proxy_check
from underwrite.tools.scoring.disparity import protected_groups
from underwrite.tools.scoring.lda import LdaReport
from underwrite.tools.scoring.lda_inputs import production_inputs

DATASETS = ("german", "hmda")


def lda_searches(report: LdaReport) -> list[LdaSearch]:
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
        out.append(LdaSearch(report.dataset, a, base.auc, base.air[a], alternatives, choice.decision))
    return out


class FairLendingSuite(Suite[FairLendingState]):
    name = "fair_lending"
    in_fast = True
    requires = (
        Requirement("scoring (production bundle)", "underwrite.tools.scoring", ("ensure_default_model",)),
        Requirement("LDA search", "underwrite.tools.scoring.lda", ("search",)),
        Requirement("agent decision rule", "underwrite.agent.memo.recommendation", ("DECLINE_PD",)),
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
        for step, name in enumerate(DATASETS):
            ctx.progress(f"fair_lending: {name} production model (trains on first use)", step, len(DATASETS))
            inputs, version, content_hash = production_inputs(name, DECLINE_PD)
            ctx.record_input(f"dataset:{name}", content_hash)
            ctx.record_version(f"score_model:{name}", version)
            ds = load_dataset(name)
            everyone = protected_groups(name, ds.frame)
            for attribute, groups in inputs.groups.items():
                good = 1 - inputs.y_hold
                decisions.append(
                    GroupDecisions(name, attribute, groups, inputs.base_approved, good, inputs.base_pd)
                )
                # Proxies are a property of the inputs, not of the model: tested on every row.
                proxies.append(
                    proxy_check(
                        ds.frame,
                        inputs.schema.numeric,
                        inputs.schema.categorical,
                        everyone[attribute],
                        dataset=name,
                        attribute=attribute,
                        seed=ctx.seed,
                    )
                )

            def progress(description: str, _done: int, _total: int, step: int = step) -> None:
                ctx.progress(f"fair_lending: {description}", step, len(DATASETS))

            report = cached_search(name, inputs, version, ctx.cache_dir, progress)
            self._reports[name] = report
            searches += lda_searches(report)
        return FairLendingState(decisions, proxies, searches)

    def n_cases(self, state: FairLendingState) -> int:
        return len(state.decisions)

    def details(self, state: FairLendingState) -> dict[str, Any]:
        reports = getattr(self, "_reports", {})
        return {
            "decision_rule": f"approve when the production model's PD < {DECLINE_PD} (agent DECLINE_PD)",
            "population": "hold-out rows of each dataset (never seen by its production bundle)",
            "holdout_auc": {n: r.baseline.auc for n, r in reports.items()},
            "approval_rates": {d.key: float(np.mean(d.approved)) for d in state.decisions},
            "lda": {
                n: {
                    "model_version": r.model_version,
                    "rule": r.rule,
                    "flagged": r.flagged,
                    "proxies": r.proxies,
                    "choices": [c.model_dump() for c in r.choices],
                    "best_alternatives": {a: [o.model_dump() for o in r.best(a)] for a in r.flagged},
                }
                for n, r in reports.items()
            },
        }

    def plots(self, state: FairLendingState, ctx: RunContext) -> list[PlotRecord]:
        return fairness_plots(state, ctx)
