"""Candidate less-discriminatory alternatives: the production recipe with one change each.

Feature variants drop, cap or monotone-constrain the inputs that most resemble a protected group
(proxies); hyper-parameter variants regularise the booster so it carves fewer narrow segments, which
is where a model can rebuild a group from several weak proxies. Each variant is data (a pydantic
model), so the report and the model card can say exactly what was tried.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.schema import FeatureSchema

PROXIES_SEARCHED = 3
"""How many of the strongest proxies get their own drop / cap / monotone variant."""
CAP_QUANTILES = (0.25, 0.75)
"""A capped proxy is clipped to its training inter-quartile range: its extremes, where a group
concentrates, stop being told apart."""

# Regularised boosters: shallower trees, larger leaves, stronger shrinkage, fewer features per tree.
PARAM_VARIANTS: dict[str, dict[str, Any]] = {
    "shallow trees (num_leaves 4)": {"num_leaves": 4},
    "large leaves (min_data_in_leaf 80)": {"min_data_in_leaf": 80},
    "strong L2 (lambda_l2 25, 250 rounds)": {"lambda_l2": 25.0, "num_iterations": 250},
    "feature_fraction 0.5": {"feature_fraction": 0.5},
}


class Variant(BaseModel):
    name: str
    kind: Literal["drop", "cap", "monotone", "params"]
    drop: list[str] = Field(default_factory=list)
    caps: dict[str, tuple[float, float]] = Field(default_factory=dict)
    monotone: dict[str, int] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)


def apply_schema(schema: FeatureSchema, v: Variant) -> FeatureSchema:
    drop = set(v.drop)
    return schema.model_copy(
        update={
            "numeric": [c for c in schema.numeric if c not in drop],
            "categorical": [c for c in schema.categorical if c not in drop],
            "categories": {c: lv for c, lv in schema.categories.items() if c not in drop},
            "ordinal": {c: lv for c, lv in schema.ordinal.items() if c not in drop},
            "monotone": {
                **{c: d for c, d in schema.monotone.items() if schema.group_of(c) not in drop},
                **v.monotone,
            },
        }
    )


def apply_frame(frame: pd.DataFrame, v: Variant) -> pd.DataFrame:
    if not v.caps:
        return frame
    out = frame.copy()
    for col, (lo, hi) in v.caps.items():
        out[col] = pd.to_numeric(out[col], errors="coerce").clip(lo, hi)
    return out


def apply_config(config: ScoringConfig, v: Variant) -> ScoringConfig:
    if not v.params:
        return config
    return config.model_copy(update={"lightgbm": {**config.lightgbm, **v.params}})


def _as_score(values: pd.Series, member: np.ndarray) -> np.ndarray:
    """A numeric column as is; a categorical one as each level's share of the group's members."""
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
        return numbers.fillna(numbers.median()).to_numpy()
    text = values.astype(str).to_numpy()
    frame = pd.DataFrame({"level": text, "member": member})
    share = frame.groupby("level")["member"].mean()
    return frame["level"].map(share).to_numpy(dtype=float)


def proxy_strength(
    frame: pd.DataFrame, inputs: list[str], members: dict[str, np.ndarray]
) -> list[tuple[str, float]]:
    """Each input's strongest univariate resemblance to a disadvantaged group: |2·AUC − 1| (Somers' D)
    of the input predicting membership, maximised over the groups in ``members``."""
    ranked = []
    for col in inputs:
        best = 0.0
        for member in members.values():
            if member.min() == member.max():
                continue
            auc = roc_auc_score(member, _as_score(frame[col], member))
            best = max(best, abs(2 * float(auc) - 1))
        ranked.append((col, round(best, 4)))
    return sorted(ranked, key=lambda kv: -kv[1])


def candidate_variants(
    schema: FeatureSchema,
    frame: pd.DataFrame,
    y: np.ndarray,
    proxies: list[tuple[str, float]],
    top: int = PROXIES_SEARCHED,
) -> list[Variant]:
    """Feature variants for the ``top`` proxies, both strongest dropped together, then the
    hyper-parameter variants. ``frame``/``y`` are the training rows (caps and directions come from them)."""
    strongest = [name for name, strength in proxies[:top] if strength > 0]
    inputs = len(schema.numeric) + len(schema.categorical)
    # A model needs at least one input left: no variant drops them all.
    variants = [Variant(name=f"drop {c}", kind="drop", drop=[c]) for c in strongest if inputs > 1]
    if len(strongest) > 1 and inputs > 2:
        variants.append(Variant(name=f"drop {' + '.join(strongest[:2])}", kind="drop", drop=strongest[:2]))
    for col in (c for c in strongest if c in schema.numeric):
        lo, hi = (float(q) for q in frame[col].astype(float).quantile(list(CAP_QUANTILES)))
        if lo < hi:
            variants.append(Variant(name=f"cap {col} to [{lo:g}, {hi:g}]", kind="cap", caps={col: (lo, hi)}))
        if col not in schema.monotone:
            rho = spearmanr(frame[col].astype(float), y, nan_policy="omit").statistic
            if np.isfinite(rho) and rho != 0:
                direction = 1 if rho > 0 else -1
                variants.append(
                    Variant(
                        name=f"monotone {col} ({direction:+d})", kind="monotone", monotone={col: direction}
                    )
                )
    variants += [Variant(name=n, kind="params", params=p) for n, p in PARAM_VARIANTS.items()]
    return variants
