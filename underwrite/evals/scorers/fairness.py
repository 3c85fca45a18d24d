"""Fair-lending scorers (fairlearn): adverse impact ratio and SMD, equalized odds, proxies, LDA search."""

from __future__ import annotations

import numpy as np
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_ratio,
    equalized_odds_difference,
    selection_rate,
)

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput
from underwrite.evals.scorers.fairness_state import (
    Alternative,
    FairLendingState,
    GroupDecisions,
    LdaSearch,
    ProxyResult,
)
from underwrite.tools.scoring.disparity import FOUR_FIFTHS as FOUR_FIFTHS
from underwrite.tools.scoring.disparity import max_abs_smd, smd
from underwrite.tools.scoring.fair_measure import AttributeMeasure

__all__ = ["FOUR_FIFTHS", "Alternative", "FairLendingState", "GroupDecisions", "LdaSearch", "ProxyResult"]


def adverse_impact_ratio(d: GroupDecisions) -> float:
    return float(demographic_parity_ratio(d.good, d.approved, sensitive_features=d.groups))


def group_table(d: GroupDecisions) -> dict[str, dict[str, float]]:
    if d.measure is not None:
        return {g: {**row.model_dump(), "count": row.n} for g, row in d.measure.groups.items()}
    frame = MetricFrame(
        metrics={"approval_rate": selection_rate, "count": count},
        y_true=d.good,
        y_pred=d.approved,
        sensitive_features=d.groups,
    )
    table = {str(g): {k: float(v) for k, v in row.items()} for g, row in frame.by_group.iterrows()}
    if d.scores is not None:
        for g, value in smd(d.scores, d.groups).items():
            table[g]["smd"] = value
    return table


def search_notes(search: LdaSearch, best: int = 3) -> list[str]:
    """A missed AIR bar is reported with the search that tried to meet it: its verdict and best tries."""
    ranked = sorted(search.alternatives, key=lambda a: -a.air)[:best]
    tried = "; ".join(
        f"{a.description} (AIR {a.air:.3f}, AUC cost {a.auc_cost:+.4f}"
        + (")" if a.eligible else ", not eligible)")
        for a in ranked
    )
    return [
        f"LDA search ({len(search.alternatives)} alternatives): {search.decision}",
        f"best tried: {tried}",
    ]


def _interval(m: AttributeMeasure | None, metric: str) -> dict[str, object]:
    if m is None:
        return {}
    return {"ci95": getattr(m, f"{metric}_ci"), "verdict": getattr(m, f"{metric}_verdict"), "n": m.n}


def _ci_note(m: AttributeMeasure | None, metric: str) -> str:
    """' (95% CI [lo, hi], n=…, smallest group … n=…; verdict)' from the measurement, if any."""
    if m is None:
        return ""
    lo, hi = getattr(m, f"{metric}_ci")
    small = min(m.groups, key=lambda g: m.groups[g].n)
    return (
        f" (95% CI [{lo:.3f}, {hi:.3f}], n={m.n}, smallest group {small} n={m.groups[small].n}; "
        f"{getattr(m, f'{metric}_verdict')})"
    )


def _synthetic_decisions(rates: tuple[float, float], seed: int, n: int = 2000) -> GroupDecisions:
    rng = np.random.default_rng(seed)
    groups = np.where(rng.random(n) < 0.5, "a", "b")
    good = (rng.random(n) < 0.7).astype(int)
    # Approve qualified applicants at the group's rate, unqualified ones at a fixed low rate, so the
    # approval-rate gap is also an equalized-odds gap.
    rate = np.where(groups == "a", rates[0], rates[1])
    approved = np.where(good == 1, rng.random(n) < rate, rng.random(n) < 0.1).astype(int)
    scores = np.clip(0.5 - 0.3 * approved + rng.normal(0, 0.1, n), 0, 1)
    return GroupDecisions("synthetic", "group", groups, approved, good, scores)


class AdverseImpactScorer(Scorer[FairLendingState]):
    name = "adverse_impact"
    metrics = frozenset({"min_adverse_impact_ratio"})
    red_description = "Group b approved at half group a's rate: AIR ≈ 0.5"

    def score(self, state: FairLendingState) -> ScoreOutput:
        values: dict[str, float | None] = {}
        cases = []
        tables = {}
        searched = {s.key: search_notes(s) for s in state.lda}
        for d in state.decisions:
            air = adverse_impact_ratio(d)
            values[f"air:{d.key}"] = air
            if d.scores is not None:
                # Informational beside the AIR bar: how far apart the groups' PDs sit, in SDs.
                values[f"smd:{d.key}"] = max_abs_smd(d.scores, d.groups)
            tables[d.key] = group_table(d)
            flagged = air < FOUR_FIFTHS
            m = d.measure
            if m is not None:
                values[f"air_ci_low:{d.key}"], values[f"air_ci_high:{d.key}"] = m.air_ci
            cases.append(
                CaseScore(
                    case_id=d.key,
                    passed=not flagged,
                    values={"air": air, "groups": tables[d.key], **_interval(m, "air")},
                    notes=[
                        f"AIR {air:.3f}{_ci_note(m, 'air')} below the four-fifths line",
                        *searched.get(d.key, []),
                    ]
                    if flagged
                    else [],
                )
            )
        values["min_adverse_impact_ratio"] = min(
            (v for k, v in values.items() if v is not None and k.startswith("air:")), default=None
        )
        values["max_abs_smd"] = max(
            (v for k, v in values.items() if v is not None and k.startswith("smd:")), default=None
        )
        values["significant_air_misses"] = float(
            sum(
                d.measure is not None and d.measure.air_verdict == "missed (significant)"
                for d in state.decisions
            )
        )
        return ScoreOutput(metrics=values, cases=cases, details={"groups": tables})

    def red_state(self) -> FairLendingState:
        return FairLendingState([_synthetic_decisions((0.9, 0.45), seed=11)])

    def green_state(self) -> FairLendingState:
        return FairLendingState([_synthetic_decisions((0.8, 0.8), seed=12)])


class EqualizedOddsScorer(Scorer[FairLendingState]):
    name = "equalized_odds"
    metrics = frozenset({"max_equalized_odds_difference"})
    red_description = "Qualified applicants of group b approved at half group a's rate"

    def score(self, state: FairLendingState) -> ScoreOutput:
        values: dict[str, float | None] = {}
        cases = []
        for d in state.decisions:
            gap = float(equalized_odds_difference(d.good, d.approved, sensitive_features=d.groups))
            values[f"eod:{d.key}"] = gap
            m = d.measure
            notes = [f"EOD {gap:.3f}{_ci_note(m, 'eod')} above 0.2"] if gap > 0.2 else []
            if m is not None and notes:
                notes.append(f"driven by {m.eod_driver}")
            cases.append(
                CaseScore(
                    case_id=d.key, passed=gap <= 0.2, values={"eod": gap, **_interval(m, "eod")}, notes=notes
                )
            )
        values["max_equalized_odds_difference"] = max(
            (v for k, v in values.items() if v is not None and k.startswith("eod:")), default=None
        )
        values["significant_eod_misses"] = float(
            sum(
                d.measure is not None and d.measure.eod_verdict == "missed (significant)"
                for d in state.decisions
            )
        )
        return ScoreOutput(metrics=values, cases=cases)

    def red_state(self) -> FairLendingState:
        return FairLendingState([_synthetic_decisions((0.9, 0.45), seed=13)])

    def green_state(self) -> FairLendingState:
        return FairLendingState([_synthetic_decisions((0.8, 0.8), seed=14)])


class ProxyScorer(Scorer[FairLendingState]):
    name = "proxy"
    metrics = frozenset({"max_proxy_auc"})
    red_description = "An input that encodes the protected attribute exactly (proxy AUC 1.0)"

    def score(self, state: FairLendingState) -> ScoreOutput:
        values: dict[str, float | None] = {
            f"proxy_auc:{p.dataset}:{p.attribute}": p.auc for p in state.proxies
        }
        values["max_proxy_auc"] = max((p.auc for p in state.proxies), default=None)
        return ScoreOutput(
            metrics=values,
            details={
                f"{p.dataset}:{p.attribute}": {"auc": p.auc, "top_features": p.top_features}
                for p in state.proxies
            },
        )

    def red_state(self) -> FairLendingState:
        return FairLendingState([], proxies=[ProxyResult("synthetic", "group", 1.0, [("zip_code", 1.0)])])

    def green_state(self) -> FairLendingState:
        return FairLendingState([], proxies=[ProxyResult("synthetic", "group", 0.56, [("amount", 0.2)])])


class LessDiscriminatoryAlternativeScorer(Scorer[FairLendingState]):
    """Every flagged attribute must have been searched for a less discriminatory alternative, and no
    alternative may clear the four-fifths line within the LDA rule's AUC-cost limits while the model
    stays as is."""

    name = "less_discriminatory_alternative"
    metrics = frozenset({"lda_unsearched", "lda_unadopted"})
    red_description = "A flagged attribute whose alternative clears AIR 0.8 at zero AUC cost"

    def score(self, state: FairLendingState) -> ScoreOutput:
        flagged = {d.key for d in state.decisions if adverse_impact_ratio(d) < FOUR_FIFTHS}
        searches = {s.key: s for s in state.lda}
        unsearched = sorted(k for k in flagged if not searches.get(k) or not searches[k].alternatives)
        unadopted, cases = [], []
        for key in sorted(flagged):
            search = searches.get(key)
            viable = [
                a for a in (search.alternatives if search else []) if a.air >= FOUR_FIFTHS and a.eligible
            ]
            if viable:
                unadopted.append(key)
            cases.append(
                CaseScore(
                    case_id=key,
                    passed=key not in unsearched and not viable,
                    values={"viable_alternatives": [a.description for a in viable]},
                    notes=["no alternative searched"] if key in unsearched else [],
                )
            )
        return ScoreOutput(
            metrics={
                "lda_unsearched": float(len(unsearched)),
                "lda_unadopted": float(len(unadopted)),
                "flagged_attributes": float(len(flagged)),
            },
            cases=cases,
            details={
                s.key: {
                    "baseline_auc": s.baseline_auc,
                    "baseline_air": s.baseline_air,
                    "alternatives": [a.__dict__ for a in s.alternatives],
                    "decision": s.decision,
                }
                for s in state.lda
            },
        )

    def red_state(self) -> FairLendingState:
        d = _synthetic_decisions((0.9, 0.45), seed=15)
        fix = Alternative("drop feature x", auc=0.75, air=0.92, auc_cost=0.0)
        return FairLendingState([d], lda=[LdaSearch(d.dataset, d.attribute, 0.75, 0.5, [fix])])

    def green_state(self) -> FairLendingState:
        d = _synthetic_decisions((0.9, 0.45), seed=16)
        costly = Alternative("drop feature x", auc=0.65, air=0.85, auc_cost=0.10, eligible=False)
        return FairLendingState([d], lda=[LdaSearch(d.dataset, d.attribute, 0.75, 0.5, [costly])])
