"""Suite 2 — fair lending (fairlearn): adverse impact and equalized odds by age band, sex and foreign
worker on German credit and by race on AER HMDA; proxy check; less-discriminatory-alternative search.

Decisions are the production score rule (decline at PD ≥ the agent's ``DECLINE_PD``) applied to
out-of-fold PDs of the project's training pipeline, so every row is scored by a model that never saw
it. LDA candidates drop the strongest proxies of a flagged attribute and are compared at the
production approval volume.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from underwrite.core.datasets import LoadedDataset, load_dataset
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.harness.types import PlotRecord
from underwrite.evals.scorers.fairness import (
    FOUR_FIFTHS,
    AdverseImpactScorer,
    Alternative,
    EqualizedOddsScorer,
    FairLendingState,
    GroupDecisions,
    LdaSearch,
    LessDiscriminatoryAlternativeScorer,
    ProxyResult,
    ProxyScorer,
    adverse_impact_ratio,
)
from underwrite.evals.suites.fairness_models import approve_at_rate, auc_of, oof_pd, restrict
from underwrite.evals.suites.fairness_plots import fairness_plots
from underwrite.evals.suites.proxies import age_band, proxy_check

LDA_DROPS = 3
"""Candidates: drop each of the three strongest proxies, then all three together."""


def _protected_groups(ds: LoadedDataset) -> dict[str, np.ndarray]:
    f = ds.frame
    if ds.name == "german":
        return {
            "age_band": age_band(f["age_years"]),
            "sex": f["sex"].astype(str).to_numpy(),
            "foreign_worker": f["foreign_worker"].astype(str).to_numpy(),
        }
    if ds.name == "hmda":
        return {"race_african_american": f["race_african_american"].astype(str).to_numpy()}
    raise ValueError(f"no protected groupings defined for {ds.name}")


class FairLendingSuite(Suite[FairLendingState]):
    name = "fair_lending"
    in_fast = True
    requires = (
        Requirement("scoring (train pipeline)", "underwrite.tools.scoring.model", ("fit_model",)),
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
        from underwrite.agent.memo.recommendation import DECLINE_PD

        decisions: list[GroupDecisions] = []
        proxies: list[ProxyResult] = []
        searches: list[LdaSearch] = []
        self._aucs: dict[str, float] = {}
        for step, name in enumerate(("german", "hmda")):
            ctx.progress(f"fair_lending: {name} out-of-fold model", step, 2)
            ds = load_dataset(name)
            ctx.record_input(f"dataset:{name}", ds.content_hash)
            pd_values = oof_pd(ds, ctx.cache_dir)
            approved = (pd_values < DECLINE_PD).astype(int)
            good = 1 - ds.frame["target"].to_numpy(dtype=int)
            base_auc = auc_of(ds, pd_values)
            self._aucs[name] = base_auc
            for attribute, groups in _protected_groups(ds).items():
                d = GroupDecisions(name, attribute, groups, approved, good)
                decisions.append(d)
                proxy = proxy_check(
                    ds.frame,
                    ds.numeric,
                    ds.categorical,
                    groups,
                    dataset=name,
                    attribute=attribute,
                    seed=ctx.seed,
                )
                proxies.append(proxy)
                if adverse_impact_ratio(d) < FOUR_FIFTHS:
                    ctx.progress(f"fair_lending: LDA search {name}:{attribute}", step, 2)
                    searches.append(self._lda(ds, d, proxy, base_auc, float(approved.mean()), ctx))
        return FairLendingState(decisions, proxies, searches)

    def _lda(
        self,
        ds: LoadedDataset,
        d: GroupDecisions,
        proxy: ProxyResult,
        base_auc: float,
        approval_rate: float,
        ctx: RunContext,
    ) -> LdaSearch:
        top = tuple(name for name, _share in proxy.top_features[:LDA_DROPS])
        candidates = [(f,) for f in top] + ([top] if len(top) > 1 else [])
        alternatives = []
        for drop in candidates:
            alt_pd = oof_pd(restrict(ds, drop), ctx.cache_dir)
            alt = GroupDecisions(
                d.dataset, d.attribute, d.groups, approve_at_rate(alt_pd, approval_rate), d.good
            )
            auc = auc_of(ds, alt_pd)
            alternatives.append(
                Alternative(
                    description=f"drop {' + '.join(drop)}",
                    auc=round(auc, 4),
                    air=round(adverse_impact_ratio(alt), 4),
                    auc_cost=round(base_auc - auc, 4),
                )
            )
        return LdaSearch(d.dataset, d.attribute, round(base_auc, 4), adverse_impact_ratio(d), alternatives)

    def n_cases(self, state: FairLendingState) -> int:
        return len(state.decisions)

    def details(self, state: FairLendingState) -> dict[str, Any]:
        from underwrite.agent.memo.recommendation import DECLINE_PD

        return {
            "decision_rule": f"approve when out-of-fold PD < {DECLINE_PD} (agent DECLINE_PD)",
            "oof_auc": getattr(self, "_aucs", {}),
            "approval_rates": {d.key: float(np.mean(d.approved)) for d in state.decisions},
        }

    def plots(self, state: FairLendingState, ctx: RunContext) -> list[PlotRecord]:
        return fairness_plots(state, ctx)
