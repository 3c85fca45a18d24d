"""The fold-sharded bench combines per-fold results into the same summaries and paired differences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from underwrite.bench.scoring import OURS
from underwrite.bench.scoring_shards import combine


def test_combine_pairs_ours_with_each_peer_fold_by_fold(tmp_path: Path) -> None:
    ours = [0.80, 0.78, 0.82]
    peer = [0.79, 0.79, 0.80]
    for fold, (a, b) in enumerate(zip(ours, peer, strict=True)):
        metrics = {
            OURS: {"auc": a, "ks": 0.4, "brier": 0.17},
            "logistic regression": {"auc": b, "ks": 0.4, "brier": 0.18},
        }
        shard = {"dataset": "german", "fold": fold, "folds": 5, "metrics": metrics}
        (tmp_path / f"german-{fold}.json").write_text(json.dumps(shard))
    report = combine(tmp_path)["german"]
    assert report["folds_run"] == [0, 1, 2]  # type: ignore[index]
    assert report["models"][OURS]["auc_mean"] == pytest.approx(0.80)  # type: ignore[index]
    (diff,) = report["paired"]  # type: ignore[index]
    assert diff["model"] == "logistic regression" and diff["wins"] == 2
    assert diff["mean"] == pytest.approx((0.01 - 0.01 + 0.02) / 3, abs=1e-5)
