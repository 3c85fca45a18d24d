"""Alternatives that change the decision, not the score model, and the ones the law rules out.

- **Cut-off variants** keep the production PDs and move the single approval cut-off (the same for
  every applicant) to approve a few points more: no protected attribute is read, the AUC is
  unchanged, and the price is the default rate among the approved (``bad_rate_cost``).
- **Group-specific cut-offs** equalise approval rates by reading the protected attribute at decision
  time: disparate treatment under ECOA / Reg B §1002.4(a). They are computed only to show what the
  search rejects and why (``uses_protected="decision"``).
- **fairlearn reductions** (``ExponentiatedGradient`` under a demographic-parity constraint over a
  logistic learner) read the attribute only in training; they are reported as the frontier of what
  a constrained learner reaches, marked ``uses_protected="training"``, and not adopted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fairlearn.reductions import DemographicParity, ExponentiatedGradient
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from underwrite.tools.scoring.lda_report import Outcome, Resamples, SearchInputs, approve_at_rate, outcome

VOLUME_STEPS = (0.025, 0.05, 0.10)
"""Extra approval volume the cut-off variants try (share of all applicants)."""
REDUCTION_BOUND = 0.02
"""Largest approval-rate gap ExponentiatedGradient's demographic-parity constraint allows."""


def cutoff_variants(inputs: SearchInputs, idx: Resamples) -> list[Outcome]:
    rate = float(inputs.base_approved.mean())
    out = []
    for step in VOLUME_STEPS:
        if rate + step >= 1:
            continue
        approved = approve_at_rate(inputs.base_pd, rate + step)
        cut = float(np.max(inputs.base_pd[approved == 1]))
        name = f"single cut-off PD ≤ {cut:.3f} (+{step:.1%} approved, everyone alike)"
        out.append(outcome(name, "cutoff", inputs.base_pd, approved, inputs, idx))
    return out


def group_cutoffs(pd_values: np.ndarray, groups: np.ndarray, rate: float) -> np.ndarray:
    """Approve each group's lowest-PD ``rate`` share: equal approval rates by group membership."""
    approved = np.zeros(len(pd_values), dtype=int)
    for g in np.unique(groups):
        member = np.flatnonzero(groups == g)
        approved[member] = approve_at_rate(pd_values[member], rate)
    return approved


def group_cutoff_variant(inputs: SearchInputs, attribute: str, idx: Resamples) -> Outcome:
    rate = float(inputs.base_approved.mean())
    approved = group_cutoffs(inputs.base_pd, inputs.groups[attribute], rate)
    name = f"group-specific cut-offs by {attribute} (equal approval rates)"
    return outcome(name, "group_cutoff", inputs.base_pd, approved, inputs, idx, uses_protected="decision")


def _encoder(inputs: SearchInputs) -> ColumnTransformer:
    numeric, categorical = inputs.schema.numeric, inputs.schema.categorical
    return ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
        ]
    )


def _reduction_pd(
    fit_frame: pd.DataFrame,
    fit_y: np.ndarray,
    fit_groups: np.ndarray,
    score_frame: pd.DataFrame,
    inputs: SearchInputs,
) -> np.ndarray:
    columns = [*inputs.schema.numeric, *inputs.schema.categorical]
    cast = {c: str for c in inputs.schema.categorical}
    encode = _encoder(inputs).fit(fit_frame[columns].astype(cast))
    x_fit = encode.transform(fit_frame[columns].astype(cast))
    x_score = encode.transform(score_frame[columns].astype(cast))
    mitigator = ExponentiatedGradient(
        LogisticRegression(C=0.1, max_iter=1000),
        constraints=DemographicParity(difference_bound=REDUCTION_BOUND),
    )
    mitigator.fit(x_fit, fit_y, sensitive_features=fit_groups)
    return np.asarray(mitigator._pmf_predict(x_score)[:, 1], dtype=float)


def reduction_pd(inputs: SearchInputs, attribute: str) -> np.ndarray:
    """ExponentiatedGradient PDs: out-of-fold over the baseline's folds in population mode."""
    if not inputs.folds:
        return _reduction_pd(
            inputs.train_frame, inputs.y_train, inputs.train_groups[attribute], inputs.hold_frame, inputs
        )
    pd_values = np.zeros(len(inputs.y_hold))
    splitter = StratifiedKFold(n_splits=inputs.folds, shuffle=True, random_state=inputs.fold_seed)
    for fit_idx, held_idx in splitter.split(inputs.hold_frame, inputs.y_hold):
        pd_values[held_idx] = _reduction_pd(
            inputs.hold_frame.iloc[fit_idx],
            inputs.y_hold[fit_idx],
            inputs.groups[attribute][fit_idx],
            inputs.hold_frame.iloc[held_idx],
            inputs,
        )
    return pd_values


def reduction_variant(
    inputs: SearchInputs, attribute: str, idx: Resamples, pd_values: np.ndarray | None = None
) -> Outcome:
    """The reduction's PDs (``pd_values`` if already computed) approved at production volume."""
    pd_values = reduction_pd(inputs, attribute) if pd_values is None else pd_values
    approved = approve_at_rate(pd_values, float(inputs.base_approved.mean()))
    name = (
        f"fairlearn ExponentiatedGradient (logistic, demographic parity ≤ {REDUCTION_BOUND}) on {attribute}"
    )
    return outcome(name, "reduction", pd_values, approved, inputs, idx, uses_protected="training")
