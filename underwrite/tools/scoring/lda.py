"""Less-discriminatory-alternative (LDA) search on a model's applicants, with paired bootstrap CIs.

Every model candidate (``lda_variants``) is the production recipe with one change: in population
mode (``SearchInputs.folds``) it is scored out-of-fold over every applicant on the same folds as
the production baseline; otherwise refitted on the production training rows and scored on the
hold-out. Model candidates are approved at the production approval volume, so the comparison is
about *who* is approved, not how many. Decision candidates (``lda_decisions``) move the single
cut-off, or (rejected) read the protected attribute. AUC cost, approved-bad-rate cost and AIR gain
come with 95% percentile intervals from resampling applicants (the same resamples for every
candidate: paired differences).

An attribute is *flagged* when the production model's AIR on it is below the four-fifths line or its
equalized-odds difference above ``MAX_EOD``; the search drops, caps and constrains each flagged
attribute's strongest proxies and always tries the hyper-parameter and cut-off variants.

Choice rule (``CHOICE_RULE``), per flagged attribute: an alternative that reads the protected
attribute at decision time is disparate treatment and never eligible; one that reads it in training
(fairlearn reductions) is reported, not adopted. Otherwise it is eligible when its AUC cost is at
most ``MAX_AUC_COST`` with the upper 95% bound at most ``MAX_AUC_COST_UPPER``, and its
approved-bad-rate cost at most ``MAX_BAD_RATE_COST`` with the upper bound at most
``MAX_BAD_RATE_COST_UPPER``. The eligible alternative with the largest AIR gain on the attribute is
chosen (ties: smaller equalized-odds difference); it is *recommended* over the production model
only when the lower 95% bound of its AIR gain is above zero; otherwise the production model is kept
and the best alternative documented.
"""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedKFold

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.disparity import FOUR_FIFTHS, air, bootstrap_indices, eod
from underwrite.tools.scoring.lda_decisions import (
    REDUCTION_BOUND,
    cutoff_variants,
    group_cutoff_variant,
    reduction_pd,
    reduction_variant,
)
from underwrite.tools.scoring.lda_report import (
    Choice,
    LdaReport,
    Outcome,
    SearchInputs,
    approve_at_rate,
    outcome,
    resamples_for,
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

__all__ = ["Choice", "LdaReport", "Outcome", "SearchInputs", "approve_at_rate", "choose", "search"]

MAX_AUC_COST = 0.005
MAX_AUC_COST_UPPER = 0.02
"""With a few hundred applicants a paired AUC difference has a standard error near 0.01, so an upper
bound tighter than 0.02 could never be shown; a cost above it is a measurable loss."""
MAX_BAD_RATE_COST = 0.01
MAX_BAD_RATE_COST_UPPER = 0.03
"""At most one point more defaults among the approved (upper bound three): the loss a lender can
carry for a fairer book without a business-necessity case for the original."""
MAX_EOD = 0.2
RESAMPLES = 300
BOOTSTRAP_SEED = 20261201
CHOICE_RULE = (
    "never eligible: an alternative reading the protected attribute at decision time (disparate "
    "treatment); reported only: one reading it in training (fairlearn reductions). Eligible: AUC cost "
    f"≤ {MAX_AUC_COST} (upper 95% bound ≤ {MAX_AUC_COST_UPPER}) and approved-bad-rate cost ≤ "
    f"{MAX_BAD_RATE_COST} (upper bound ≤ {MAX_BAD_RATE_COST_UPPER}). Chosen per flagged attribute: "
    "the eligible alternative with the largest AIR gain on it (ties: smaller equalized-odds "
    "difference); recommended over production only when the lower 95% bound of that gain is above 0."
)


def refit_pd(v: Variant, inputs: SearchInputs) -> np.ndarray:
    """PDs of the production recipe with ``v`` applied: out-of-fold over every applicant (population
    mode, the baseline's folds) or fitted on the training rows and scored on the hold-out."""
    schema = apply_schema(inputs.schema, v)
    config = apply_config(inputs.config, v)
    train, hold = apply_frame(inputs.train_frame, v), apply_frame(inputs.hold_frame, v)
    train_emb = hold_emb = None
    if schema.text_variant != "none":
        if inputs.embed is None:
            raise ValueError("the production model reads text: the search needs an embedder")
        # The encoder reads the variant's inputs, so a dropped or capped proxy leaves the text too.
        hold_emb = inputs.embed(texts_for(hold, schema))
        train_emb = hold_emb if inputs.folds else inputs.embed(texts_for(train, schema))
    if not inputs.folds:
        return fit_model(train, inputs.y_train, schema, config, train_emb).predict_pd(hold, hold_emb)
    out = np.zeros(len(inputs.y_hold))
    splitter = StratifiedKFold(n_splits=inputs.folds, shuffle=True, random_state=inputs.fold_seed)
    splits = list(splitter.split(hold, inputs.y_hold))
    # Folds are independent single-threaded LightGBM fits (deterministic): processes, not threads,
    # so the PDs are the ones a sequential loop gives.
    jobs = min(FOLD_JOBS, len(splits))
    fitted = Parallel(n_jobs=jobs)(
        delayed(_fold_pd)(hold, inputs.y_hold, fit_idx, held_idx, schema, config, hold_emb)
        for fit_idx, held_idx in splits
    )
    for (_fit_idx, held_idx), pds in zip(splits, fitted, strict=True):
        out[held_idx] = pds
    return out


FOLD_JOBS = min(2, os.cpu_count() or 1)
"""Worker processes for the out-of-fold refits (the CI machine has two cores)."""


def _fold_pd(
    frame: pd.DataFrame,
    y: np.ndarray,
    fit_idx: np.ndarray,
    held_idx: np.ndarray,
    schema: FeatureSchema,
    config: ScoringConfig,
    embeddings: np.ndarray | None,
) -> np.ndarray:
    fit_e = None if embeddings is None else embeddings[fit_idx]
    held_e = None if embeddings is None else embeddings[held_idx]
    model = fit_model(frame.iloc[fit_idx], y[fit_idx], schema, config, fit_e)
    return np.asarray(model.predict_pd(frame.iloc[held_idx], held_e), dtype=float)


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


def why_ineligible(o: Outcome) -> str:
    """The first clause of ``CHOICE_RULE`` this alternative fails ('' when it is eligible)."""
    if o.uses_protected == "decision":
        return "reads the protected attribute at decision time (disparate treatment)"
    if o.uses_protected == "training":
        return "reads the protected attribute in training: reported as a frontier, not adopted"
    if o.auc_cost > MAX_AUC_COST or o.auc_cost_ci[1] > MAX_AUC_COST_UPPER:
        return f"AUC cost {o.auc_cost:+.4f} (upper bound {o.auc_cost_ci[1]:+.4f}) over the limit"
    if o.bad_rate_cost > MAX_BAD_RATE_COST or o.bad_rate_cost_ci[1] > MAX_BAD_RATE_COST_UPPER:
        return (
            f"approved bad rate {o.bad_rate_cost:+.4f} (upper bound {o.bad_rate_cost_ci[1]:+.4f}) "
            "over the limit"
        )
    return ""


def choose(alternatives: list[Outcome], attribute: str) -> Choice:
    for o in alternatives:
        o.why_ineligible = why_ineligible(o)
        o.eligible = not o.why_ineligible
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
            decision=f"adopt '{best.name}': its AIR gain is above sampling noise at an eligible cost",
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
    decisions: bool = True,
    reductions: bool = True,
    pd_cache: MutableMapping[str, np.ndarray] | None = None,
    note: str = "",
    progress: Callable[[str, int, int], None] = lambda _d, _c, _t: None,
) -> LdaReport:
    """``decisions``: also try cut-off variants and (rejected) group-specific cut-offs;
    ``reductions``: also fit fairlearn's ExponentiatedGradient per flagged attribute; ``pd_cache``
    (variant JSON -> PDs) lets a second search at another cut-off reuse the refits."""
    idx = resamples_for(inputs, bootstrap_indices(len(inputs.y_hold), resamples, seed))
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
    cache: MutableMapping[str, np.ndarray] = {} if pd_cache is None else pd_cache
    for i, v in enumerate(variants):
        progress(f"LDA {dataset}: {v.name}", i, len(variants))
        key = v.model_dump_json()  # the variant's full recipe change, not only its name
        if key not in cache:
            cache[key] = refit_pd(v, inputs)
        pd_values = cache[key]
        alternatives.append(outcome(v.name, v.kind, pd_values, approve_at_rate(pd_values, rate), inputs, idx))
    if decisions:
        alternatives += cutoff_variants(inputs, idx)
        alternatives += [group_cutoff_variant(inputs, a, idx) for a in flagged]
    if reductions:
        for a in flagged:
            progress(f"LDA {dataset}: fairlearn reduction on {a}", len(variants), len(variants))
            key = f"fairlearn reduction on {a}, demographic parity ≤ {REDUCTION_BOUND}"
            if key not in cache:
                cache[key] = reduction_pd(inputs, a)
            alternatives.append(reduction_variant(inputs, a, idx, cache[key]))
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
        population=f"every applicant, out-of-fold over {inputs.folds} folds" if inputs.folds else "hold-out",
        cutoff=inputs.cutoff,
        note=note,
    )
