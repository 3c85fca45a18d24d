"""What the LDA search compares and reports: its inputs, one outcome per alternative, the choices.

An outcome is measured against the production baseline on the same applicants with the same
bootstrap resamples (paired differences): AUC cost, approved-bad-rate cost and AIR gain per
attribute, each with a 95% percentile interval. ``uses_protected`` records whether an alternative
reads a protected attribute in training or at decision time, which the choice rule checks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sklearn.metrics import roc_auc_score

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.disparity import (
    air,
    eod,
    max_abs_smd,
    percentile_ci,
    resampled_air,
    resampled_auc,
    resampled_bad_rate,
)
from underwrite.tools.scoring.schema import FeatureSchema

Embedder = Callable[[list[str]], np.ndarray]
ProtectedUse = Literal["no", "training", "decision"]


@dataclass(frozen=True)
class SearchInputs:
    """The production recipe (schema, config), its training rows, and its baseline decisions.

    ``folds == 0``: refit on ``train_frame`` and score ``hold_frame`` (the bundle's hold-out).
    ``folds == k``: population mode, ``hold_frame`` is every applicant (``train_frame`` the same
    rows) and each alternative is scored out-of-fold over the same k folds as the baseline.
    """

    schema: FeatureSchema
    config: ScoringConfig
    train_frame: pd.DataFrame
    y_train: np.ndarray
    hold_frame: pd.DataFrame
    y_hold: np.ndarray
    groups: dict[str, np.ndarray]
    """Protected attribute -> group label per scored row."""
    base_pd: np.ndarray
    base_approved: np.ndarray
    train_groups: dict[str, np.ndarray]
    embed: Embedder | None = None
    """Needed only when the production model reads text."""
    folds: int = 0
    fold_seed: int = 29
    cutoff: float | None = None
    """The product's approval cut-off (approve at PD < cutoff) the baseline decisions follow."""


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
    approval_rate: float = 0.0
    bad_rate: float = 0.0
    """Default rate among the approved."""
    bad_rate_cost: float = 0.0
    """This alternative's approved-bad-rate minus production's (positive = more losses)."""
    bad_rate_cost_ci: tuple[float, float] = (0.0, 0.0)
    uses_protected: ProtectedUse = "no"
    why_ineligible: str = ""


class Choice(BaseModel):
    attribute: str
    chosen: str | None
    recommended: bool
    decision: str


class LdaReport(BaseModel):
    dataset: str
    model_version: str
    holdout_rows: int
    """Applicants the comparison is measured on (the whole population in population mode)."""
    approval_rate: float
    resamples: int
    rule: str
    flagged: list[str]
    group_sizes: dict[str, dict[str, int]] = Field(default_factory=dict)
    """Applicants per group: the smallest groups bound what any AIR here can show."""
    proxies: dict[str, list[tuple[str, float]]]
    """Flagged attribute -> its strongest proxies among the model inputs."""
    baseline: Outcome
    alternatives: list[Outcome]
    choices: list[Choice]
    population: str = "hold-out"
    cutoff: float | None = None
    note: str = ""
    """What the search left out and why (e.g. model variants skipped in a fast run)."""

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


def auc(y: np.ndarray, pd_values: np.ndarray) -> float:
    return float(roc_auc_score(y, pd_values)) if 0 < y.sum() < len(y) else float("nan")


def bad_rate(y: np.ndarray, approved: np.ndarray) -> float:
    return float(y[approved == 1].mean()) if approved.any() else 0.0


def _rounded(pair: tuple[float, float]) -> tuple[float, float]:
    return (round(pair[0], 4), round(pair[1], 4))


@dataclass(frozen=True)
class Resamples:
    """The bootstrap resamples of one search and the production baseline's statistics on them,
    computed once: every alternative is differenced against the same rows (paired intervals)."""

    idx: np.ndarray
    auc: np.ndarray
    bad_rate: np.ndarray
    air: dict[str, np.ndarray]


def resamples_for(inputs: SearchInputs, idx: np.ndarray) -> Resamples:
    y, base_ok = inputs.y_hold, inputs.base_approved
    return Resamples(
        idx=idx,
        auc=resampled_auc(y, inputs.base_pd, idx),
        bad_rate=resampled_bad_rate(y, base_ok, idx),
        air={a: resampled_air(base_ok, g, idx) for a, g in inputs.groups.items()},
    )


def outcome(
    name: str,
    kind: str,
    pd_values: np.ndarray,
    approved: np.ndarray,
    inputs: SearchInputs,
    paired: Resamples,
    uses_protected: ProtectedUse = "no",
) -> Outcome:
    y, base_pd, base_ok, groups = inputs.y_hold, inputs.base_pd, inputs.base_approved, inputs.groups
    good, idx = 1 - y, paired.idx
    value, base_auc = auc(y, pd_values), auc(y, base_pd)
    airs = {a: air(approved, g) for a, g in groups.items()}
    eods = {a: eod(good, approved, g) for a, g in groups.items()}

    def ci(values: np.ndarray) -> tuple[float, float]:
        return _rounded(percentile_ci(values))

    return Outcome(
        name=name,
        kind=kind,
        auc=round(value, 4),
        auc_cost=round(base_auc - value, 4),
        auc_cost_ci=ci(paired.auc - resampled_auc(y, pd_values, idx)),
        air={a: round(v, 4) for a, v in airs.items()},
        air_gain={a: round(airs[a] - air(base_ok, g), 4) for a, g in groups.items()},
        air_gain_ci={a: ci(resampled_air(approved, g, idx) - paired.air[a]) for a, g in groups.items()},
        eod={a: round(v, 4) for a, v in eods.items()},
        max_eod=round(max(eods.values()), 4),
        smd={a: round(max_abs_smd(pd_values, g), 4) for a, g in groups.items()},
        approval_rate=round(float(approved.mean()), 4),
        bad_rate=round(bad_rate(y, approved), 4),
        bad_rate_cost=round(bad_rate(y, approved) - bad_rate(y, base_ok), 4),
        bad_rate_cost_ci=ci(resampled_bad_rate(y, approved, idx) - paired.bad_rate),
        uses_protected=uses_protected,
    )
