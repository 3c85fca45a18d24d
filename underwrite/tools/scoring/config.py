"""Typed view of ``config.yaml`` (LightGBM parameters, monotone directions, text fusion).

Grades are not configured here: they are the credit policy's PD bands (CP-9.2), read through
``underwrite.tools.policy.table.grade_for_pd`` so that the score and the policy can never disagree.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, Field


class TextConfig(BaseModel):
    sub_model_c: float = Field(gt=0.0)
    pca_dims: int = Field(ge=0, le=64)
    inner_folds: int = Field(ge=2, le=10)
    auto_min_gain: float = Field(ge=0.0)
    reader_min_probability: float = Field(default=0.8, ge=0.0, le=1.0)
    """The decoded-field reader fills a missing field only at this class probability or above
    (the fixed threshold: used when ``reader_threshold_grid`` is empty or the choice cannot run)."""
    reader_threshold_grid: list[Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=list)
    """Thresholds each training run chooses among on its own inner folds (``reader_threshold``)."""


class BlendConfig(BaseModel):
    """The logit blend of LightGBM with the sign-constrained logistic model (tools/scoring/linear.py)."""

    linear_cs: list[float] = Field(default_factory=lambda: [0.1])
    """Candidate inverse L2 strengths of the linear half, chosen with the weight on inner OOF AUC."""
    weights: list[float] = Field(default_factory=lambda: [0.0])
    """Candidate linear weights, chosen on inner out-of-fold AUC; [0.0] turns the blend off."""


class StackConfig(BaseModel):
    """The stacked ensemble (tools/scoring/stack.py); off = the legacy LightGBM + linear blend."""

    enabled: bool = False
    inner_folds: int = Field(default=4, ge=2, le=10)
    weight_ridge: float = Field(default=0.0, ge=0.0)
    """Per-row ridge pulling the stack weights' shares toward equal (0 = plain non-negative fit)."""
    additive: dict[str, Any] = Field(default_factory=dict)
    """LightGBM overrides for the additive (depth-1) booster; num_iterations is its round cap."""
    bag_seeds: list[int] = Field(default_factory=list)
    """Extra LightGBM seeds for both booster parts (bagging.py); empty = one copy each."""
    catboost: dict[str, Any] = Field(default_factory=dict)
    """CatBoost parameters of the optional fourth part (catboost_part.py); empty = no such part.
    ``iterations`` is its round cap, ``eval_period`` the step of the round cuts it chooses from."""


class ReliabilityConfig(BaseModel):
    """When a score rests on too little of the application to be relied on (issue #16, part 7)."""

    max_missing_share: float = Field(ge=0.0, le=1.0)
    key_inputs: list[str]


class ScoringConfig(BaseModel):
    lightgbm: dict[str, Any]
    monotone: dict[str, Literal[-1, 0, 1]]
    ordinal: dict[str, list[str]]
    text: TextConfig
    calibration: Literal["sigmoid", "isotonic"]
    max_reasons: int = Field(ge=1, le=10)
    min_training_rows: int = Field(ge=10)
    leakage_auc: float = Field(default=0.95, gt=0.5, le=1.0)
    """A CSV column whose out-of-fold AUC alone reaches this is excluded as leakage (leakage.py)."""
    reliability: ReliabilityConfig
    blend: BlendConfig = Field(default_factory=BlendConfig)
    ratios: dict[str, list[str]] = Field(default_factory=dict)
    """Derived ratio columns (name -> [numerator, denominator]) added where both inputs exist."""
    stack: StackConfig = Field(default_factory=StackConfig)


@lru_cache(maxsize=1)
def load_config() -> ScoringConfig:
    text = importlib.resources.files("underwrite.tools.scoring").joinpath("config.yaml").read_text("utf-8")
    return ScoringConfig.model_validate(yaml.safe_load(text))
