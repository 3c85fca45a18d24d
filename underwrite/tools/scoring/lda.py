"""Less-discriminatory-alternative (LDA) search on a model's hold-out, with paired bootstrap CIs.

Every candidate (``lda_variants``) is the production recipe refitted on the production training rows
with one change, scored on the hold-out the production model never saw, and approved at the
production approval volume, so the comparison is about *who* is approved, not how many. The
baseline is the production model's own hold-out PDs and decisions. AUC cost and AIR gain come with
95% percentile intervals from resampling hold-out applicants (the same resamples for every
candidate: paired differences).

An attribute is *flagged* when the production model's AIR on it is below the four-fifths line or its
equalized-odds difference above ``MAX_EOD``; the search drops, caps and constrains each flagged
attribute's strongest proxies and always tries the hyper-parameter variants.

Choice rule (``CHOICE_RULE``), per flagged attribute: a candidate is eligible when its AUC cost is at
most ``MAX_AUC_COST`` and the upper 95% bound of that cost at most ``MAX_AUC_COST_UPPER``; the
eligible candidate with the largest AIR gain on the attribute is chosen (ties: smaller
equalized-odds difference). It is *recommended* over the production model only when the lower 95%
bound of its AIR gain is above zero; otherwise the production model is kept and the best candidate
is documented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sklearn.metrics import roc_auc_score

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.disparity import (
    FOUR_FIFTHS,
    air,
    bootstrap_indices,
    eod,
    max_abs_smd,
    paired_ci,
)
from underwrite.tools.scoring.lda_variants import (
    Variant,
    apply_config,
    apply_frame,
    apply_schema,
    candidate_variants,
    proxy_strength,
)
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.text import texts_for

MAX_AUC_COST = 0.005
MAX_AUC_COST_UPPER = 0.02
"""With a few hundred hold-out applicants a paired AUC difference has a standard error near 0.01, so
an upper bound tighter than 0.02 could never be shown; a cost above it is a measurable loss."""
MAX_EOD = 0.2
RESAMPLES = 300
BOOTSTRAP_SEED = 20261201
CHOICE_RULE = (
    f"eligible: AUC cost ≤ {MAX_AUC_COST} and its upper 95% bootstrap bound ≤ {MAX_AUC_COST_UPPER}; "
    "chosen per flagged attribute: the eligible alternative with the largest AIR gain on it (ties: "
    "smaller equalized-odds difference); recommended over production only when the lower 95% bound "
    "of that gain is above 0."
)

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class SearchInputs:
    """The production recipe (schema, config), its training rows, and its hold-out decisions."""

    schema: FeatureSchema
    config: ScoringConfig
    train_frame: pd.DataFrame
    y_train: np.ndarray
    hold_frame: pd.DataFrame
    y_hold: np.ndarray
    groups: dict[str, np.ndarray]
    """Protected attribute -> group label per hold-out row."""
    base_pd: np.ndarray
    base_approved: np.ndarray
    train_groups: dict[str, np.ndarray]
    embed: Embedder | None = None
    """Needed only when the production model reads text."""


class Outcome(BaseModel):
    name: str
    kind: str
    auc: float
    auc_cost: float
    auc_cost_ci: tuple[float, float]
    air: dict[str, float]
    air_gain: dict[str, float]
    air_gain_ci: dict[str, tuple[float, float]]
    eod: dict[str, float]
    max_eod: float
    smd: dict[str, float]
    """Largest |SMD| of PD between groups, per attribute."""
    eligible: bool = False


class Choice(BaseModel):
    attribute: str
    chosen: str | None
    recommended: bool
    decision: str


class LdaReport(BaseModel):
    dataset: str
    model_version: str
    holdout_rows: int
    approval_rate: float
    resamples: int
    rule: str
    flagged: list[str]
    group_sizes: dict[str, dict[str, int]] = Field(default_factory=dict)
    """Hold-out applicants per group: the smallest groups bound what any AIR here can show."""
    proxies: dict[str, list[tuple[str, float]]]
    """Flagged attribute -> its strongest proxies among the model inputs."""
    baseline: Outcome
    alternatives: list[Outcome]
    choices: list[Choice]

    def best(self, attribute: str, n: int = 3) -> list[Outcome]:
        return sorted(self.alternatives, key=lambda o: -o.air_gain[attribute])[:n]


def approve_at_rate(pd_values: np.ndarray, rate: float) -> np.ndarray:
    """Approve the ``rate`` share with the lowest PD: alternatives are compared at equal volume."""
    if rate <= 0:
        return np.zeros(len(pd_values), dtype=int)
    order = np.argsort(pd_values, kind="stable")
    approved = np.zeros(len(pd_values), dtype=int)
    approved[order[: round(rate * len(pd_values))]] = 1
    return approved


def _auc(y: np.ndarray, pd_values: np.ndarray) -> float:
    return float(roc_auc_score(y, pd_values)) if 0 < y.sum() < len(y) else float("nan")


def outcome(
    name: str, kind: str, pd_values: np.ndarray, approved: np.ndarray, inputs: SearchInputs, idx: np.ndarray
) -> Outcome:
    y, base_pd, base_ok, groups = inputs.y_hold, inputs.base_pd, inputs.base_approved, inputs.groups
    good = 1 - y
    auc = _auc(y, pd_values)
    base_auc = _auc(y, base_pd)
    airs = {a: air(approved, g) for a, g in groups.items()}
    gains = {a: airs[a] - air(base_ok, g) for a, g in groups.items()}
    eods = {a: eod(good, approved, g) for a, g in groups.items()}
    return Outcome(
        name=name,
        kind=kind,
        auc=round(auc, 4),
        auc_cost=round(base_auc - auc, 4),
        auc_cost_ci=paired_ci(lambda r: _auc(y[r], base_pd[r]) - _auc(y[r], pd_values[r]), idx),
        air={a: round(v, 4) for a, v in airs.items()},
        air_gain={a: round(v, 4) for a, v in gains.items()},
        air_gain_ci={a: _air_gain_ci(approved, base_ok, g, idx) for a, g in groups.items()},
        eod={a: round(v, 4) for a, v in eods.items()},
        max_eod=round(max(eods.values()), 4),
        smd={a: round(max_abs_smd(pd_values, g), 4) for a, g in groups.items()},
    )


def refit_pd(v: Variant, inputs: SearchInputs) -> np.ndarray:
    """Hold-out PDs of the production recipe with ``v`` applied, fitted on the production training rows."""
    schema = apply_schema(inputs.schema, v)
    train, hold = apply_frame(inputs.train_frame, v), apply_frame(inputs.hold_frame, v)
    train_emb = hold_emb = None
    if schema.text_variant != "none":
        if inputs.embed is None:
            raise ValueError("the production model reads text: the search needs an embedder")
        # The encoder reads the variant's inputs, so a dropped or capped proxy leaves the text too.
        train_emb, hold_emb = inputs.embed(texts_for(train, schema)), inputs.embed(texts_for(hold, schema))
    model = fit_model(train, inputs.y_train, schema, apply_config(inputs.config, v), train_emb)
    return model.predict_pd(hold, hold_emb)


def _air_gain_ci(
    approved: np.ndarray, base_ok: np.ndarray, groups: np.ndarray, idx: np.ndarray
) -> tuple[float, float]:
    return paired_ci(lambda r: air(approved[r], groups[r]) - air(base_ok[r], groups[r]), idx)


def flagged_attributes(inputs: SearchInputs) -> list[str]:
    good = 1 - inputs.y_hold
    return [
        a
        for a, g in inputs.groups.items()
        if air(inputs.base_approved, g) < FOUR_FIFTHS or eod(good, inputs.base_approved, g) > MAX_EOD
    ]


def disadvantaged_member(inputs: SearchInputs, attribute: str) -> np.ndarray:
    """Training-row membership of the attribute's least-approved group under the production model."""
    groups = inputs.groups[attribute]
    rates = {g: inputs.base_approved[groups == g].mean() for g in np.unique(groups)}
    worst = min(rates, key=lambda g: rates[g])
    return (inputs.train_groups[attribute] == worst).astype(int)


def choose(alternatives: list[Outcome], attribute: str) -> Choice:
    for o in alternatives:
        o.eligible = o.auc_cost <= MAX_AUC_COST and o.auc_cost_ci[1] <= MAX_AUC_COST_UPPER
    eligible = [o for o in alternatives if o.eligible and o.air_gain[attribute] > 0]
    best = max(eligible, key=lambda o: (o.air_gain[attribute], -o.max_eod), default=None)
    if best is None:
        return Choice(
            attribute=attribute,
            chosen=None,
            recommended=False,
            decision="no eligible alternative raises this AIR: the production model is kept",
        )
    if best.air_gain_ci[attribute][0] > 0:
        return Choice(
            attribute=attribute,
            chosen=best.name,
            recommended=True,
            decision=f"adopt '{best.name}': its AIR gain is above sampling noise at an eligible AUC cost",
        )
    return Choice(
        attribute=attribute,
        chosen=best.name,
        recommended=False,
        decision=f"'{best.name}' is the best eligible alternative but its AIR gain's 95% interval "
        "includes 0: the production model is kept and the alternative documented",
    )


def _variants_for(inputs: SearchInputs, proxies: dict[str, list[tuple[str, float]]]) -> list[Variant]:
    seen: dict[str, Variant] = {}
    for ranked in [*proxies.values(), []]:  # [] still yields the hyper-parameter variants
        for v in candidate_variants(inputs.schema, inputs.train_frame, inputs.y_train, ranked):
            seen.setdefault(v.name, v)
    return list(seen.values())


def search(
    inputs: SearchInputs,
    *,
    dataset: str,
    model_version: str,
    resamples: int = RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    variants: list[Variant] | None = None,
    progress: Callable[[str, int, int], None] = lambda _d, _c, _t: None,
) -> LdaReport:
    idx = bootstrap_indices(len(inputs.y_hold), resamples, seed)
    rate = float(inputs.base_approved.mean())
    flagged = flagged_attributes(inputs)
    columns = [*inputs.schema.numeric, *inputs.schema.categorical]
    proxies = {
        a: proxy_strength(inputs.train_frame, columns, {a: disadvantaged_member(inputs, a)})[:5]
        for a in flagged
    }
    if variants is None:
        variants = _variants_for(inputs, proxies)
    baseline = outcome("production", "baseline", inputs.base_pd, inputs.base_approved, inputs, idx)
    alternatives = []
    for i, v in enumerate(variants):
        progress(f"LDA {dataset}: {v.name}", i, len(variants))
        pd_values = refit_pd(v, inputs)
        alternatives.append(outcome(v.name, v.kind, pd_values, approve_at_rate(pd_values, rate), inputs, idx))
    return LdaReport(
        dataset=dataset,
        model_version=model_version,
        holdout_rows=len(inputs.y_hold),
        approval_rate=round(rate, 4),
        resamples=resamples,
        rule=CHOICE_RULE,
        flagged=flagged,
        group_sizes={
            a: {str(g): int((v == g).sum()) for g in np.unique(v)} for a, v in inputs.groups.items()
        },
        proxies=proxies,
        baseline=baseline,
        alternatives=alternatives,
        choices=[choose(alternatives, a) for a in flagged],
    )
