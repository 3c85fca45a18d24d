"""Seed bagging of the stack's boosters: each booster part is the mean raw score of copies that
differ only in LightGBM's ``seed`` (row bagging and feature sampling draw differently).

Protocol (``config.yaml`` ``stack.bag_seeds``), inside one training run's rows: every copy is
trained to the round cap on every inner fold; the copies' inner out-of-fold raw scores are averaged
at every ``CUT_STEP`` rounds, and the cut with the lowest inner log loss of that *average* is the
part's round count; every copy is refitted on all rows with it.

Why reasons still add up: a mean of boosters is a sum of trees scaled by ``1 / copies``; each copy's
``pred_contrib`` is exact for its own trees, so the mean of their contribution matrices is exact
for the mean raw score.
"""

from __future__ import annotations

from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

CUT_STEP = 10
"""Round cuts the bagged parts choose from (the development harness's step)."""


def seed_copies(params: dict[str, Any], bag_seeds: list[int]) -> list[dict[str, Any]]:
    """The part's own parameters first, then one copy per extra seed."""
    return [params] + [{**params, "seed": int(s)} for s in bag_seeds]


def _staged_raw(booster: lgb.Booster, rows: pd.DataFrame, cuts: list[int]) -> np.ndarray:
    """Raw scores at every cut, summed chunk by chunk (each tree is evaluated once)."""
    out = np.zeros((len(cuts), len(rows)))
    total, start = np.zeros(len(rows)), 0
    for k, cut in enumerate(cuts):
        # LightGBM's raw score includes the init score once, in the first chunk only.
        chunk = booster.predict(rows, raw_score=True, start_iteration=start, num_iteration=cut - start)
        total = total + np.asarray(chunk, dtype=float)
        out[k], start = total, cut
    return out


def bagged_rounds(
    matrix: pd.DataFrame,
    y: np.ndarray,
    copies: list[dict[str, Any]],
    cats: list[str],
    splits: list[tuple[np.ndarray, np.ndarray]],
) -> tuple[int, np.ndarray]:
    """Round cut with the lowest inner log loss of the copies' mean, and the mean OOF logits at it."""
    cap = int(copies[0].get("num_iterations", 100))
    cuts = list(range(CUT_STEP, cap + 1, CUT_STEP)) or [cap]
    oof = np.zeros((len(cuts), len(y)))
    for params in copies:
        clean = {k: v for k, v in params.items() if k != "num_iterations"}
        for fit_idx, held_idx in splits:
            data = lgb.Dataset(matrix.iloc[fit_idx], label=y[fit_idx], categorical_feature=cats or "auto")
            booster = lgb.train(clean, data, num_boost_round=cap)
            oof[:, held_idx] += _staged_raw(booster, matrix.iloc[held_idx], cuts) / len(copies)
    losses = np.sum(np.logaddexp(0.0, oof) - y[None, :] * oof, axis=1)
    best = int(np.argmin(losses))
    return cuts[best], oof[best]


def train_copies(
    matrix: pd.DataFrame, y: np.ndarray, copies: list[dict[str, Any]], cats: list[str], rounds: int
) -> list[lgb.Booster]:
    out = []
    for params in copies:
        clean = {k: v for k, v in params.items() if k != "num_iterations"}
        data = lgb.Dataset(matrix, label=y, categorical_feature=cats or "auto", free_raw_data=True)
        out.append(lgb.train(clean, data, num_boost_round=rounds))
    return out


def mean_predict(boosters: list[lgb.Booster], matrix: pd.DataFrame, contrib: bool) -> np.ndarray:
    kind = {"pred_contrib": True} if contrib else {"raw_score": True}
    return np.asarray(np.mean([np.asarray(b.predict(matrix, **kind), dtype=float) for b in boosters], axis=0))
