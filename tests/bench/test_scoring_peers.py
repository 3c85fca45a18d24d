"""Peers in `bench scoring`: the rank blend, paired fold-wise differences, and one small end-to-end run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata
from sklearn.metrics import roc_auc_score

from underwrite.bench import scoring_peers as peers
from underwrite.bench.scoring import OURS, PEERS, benchmark_dataset
from underwrite.bench.scoring_stats import corrected_t_test, paired
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import TrainingSet, frame_hash
from underwrite.tools.scoring.schema import FeatureSchema


def _training_set(n: int = 240, seed: int = 3) -> TrainingSet:
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(8, 0.6, n)
    grade = rng.choice(["a", "b", "c"], n)
    logit = -0.8 + 1.2 * (np.log(amount) - 8) + np.where(grade == "c", 1.0, 0.0)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    amount[rng.random(n) < 0.05] = np.nan
    frame = pd.DataFrame({"loan_amount": amount, "grade": grade, "target": y})
    schema = FeatureSchema(
        dataset="tiny",
        target="target",
        numeric=["loan_amount"],
        categorical=["grade"],
        categories={"grade": ["a", "b", "c"]},
        monotone={"loan_amount": 1},
    )
    return TrainingSet("tiny", frame, y, schema, frame_hash(frame), "synthetic test rows")


def test_rank_blend_scores_exactly_the_average_rank() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    a = 1 / (1 + np.exp(-(y + rng.normal(0, 1, 300))))
    b = 1 / (1 + np.exp(-(y + rng.normal(0, 1, 300))))
    out = peers.rank_blend(lambda f, h: a, lambda f, h: b)(np.arange(1), np.arange(300))
    assert roc_auc_score(y, out) == pytest.approx(roc_auc_score(y, rankdata(a) + rankdata(b)), abs=1e-9)
    # A PD scale for Brier: the two models' mean PDs, re-ordered by the blend (ties share their mean).
    assert out.mean() == pytest.approx(((a + b) / 2).mean())
    assert out.min() >= ((a + b) / 2).min() and out.max() <= ((a + b) / 2).max()


def test_cached_fold_model_fits_once_per_test_fold() -> None:
    calls: list[int] = []

    def run(fit_idx: np.ndarray, held_idx: np.ndarray) -> np.ndarray:
        calls.append(1)
        return held_idx.astype(float)

    model = peers.cached(run)
    held = np.arange(5)
    model(np.arange(5, 10), held)
    model(np.arange(5, 10), held)
    model(np.arange(5), np.arange(5, 10))
    assert len(calls) == 2


def test_paired_difference_counts_wins_and_corrects_for_overlap() -> None:
    ours = [0.80, 0.82, 0.79, 0.81, 0.80, 0.83]
    peer = [0.78, 0.80, 0.80, 0.79, 0.79, 0.80]
    d = paired("x", OURS, ours, "peer", peer, folds=3)
    assert d.wins == 5 and d.folds == 6
    assert d.mean == pytest.approx(np.mean(np.subtract(ours, peer)), abs=1e-5)
    diffs = np.subtract(ours, peer)
    naive_t = diffs.mean() / (diffs.std(ddof=1) / np.sqrt(len(diffs)))
    from scipy import stats

    naive_p = 2 * stats.t.sf(naive_t, df=len(diffs) - 1)
    assert d.p_value is not None and d.p_value > naive_p  # the correction is more cautious
    assert np.isnan(corrected_t_test(np.zeros(4), 0.2))
    with pytest.raises(ValueError, match="not paired"):
        paired("x", OURS, ours, "peer", peer[:3], folds=3)


def test_catboost_and_ebm_learn_on_small_data() -> None:
    ts = _training_set()
    fit, held = np.arange(0, 180), np.arange(180, 240)
    for model in (peers.catboost(ts), peers.ebm(ts)):
        pd_values = model(fit, held)
        assert pd_values.shape == (60,) and np.all((pd_values > 0) & (pd_values < 1))
        assert roc_auc_score(ts.y[held], pd_values) > 0.6


def test_benchmark_dataset_runs_every_peer_on_the_same_folds() -> None:
    ts = _training_set()
    config = load_config()
    config = config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 60, "learning_rate": 0.1},
            "text": config.text.model_copy(update={"inner_folds": 3}),
        }
    )
    results, diffs, roc = benchmark_dataset(ts, config, folds=2, repeats=1, fused=False)
    assert [r.model for r in results] == [*PEERS, OURS]
    assert all(len(r.metrics.fold_aucs) == 2 for r in results)
    assert [d.model for d in diffs] == list(PEERS)
    by_model = {r.model: r.metrics.fold_aucs for r in results}
    for d in diffs:
        expected = np.mean(np.subtract(by_model[OURS], by_model[d.model]))
        assert d.mean == pytest.approx(expected, abs=1e-5)
    assert set(roc) == {*PEERS, OURS}


def test_regularised_peer_does_not_move_when_our_lightgbm_block_changes() -> None:
    from underwrite.bench.scoring_models import lightgbm

    ts = _training_set()
    config = load_config()
    retuned = config.model_copy(
        update={"lightgbm": {**config.lightgbm, "num_iterations": 40, "learning_rate": 0.3, "num_leaves": 31}}
    )
    fit, held = np.arange(0, 180), np.arange(180, 240)
    np.testing.assert_array_equal(
        lightgbm(ts, regularised=True, config=config)(fit, held),
        lightgbm(ts, regularised=True, config=retuned)(fit, held),
    )
