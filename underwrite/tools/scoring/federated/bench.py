"""Pooled vs each silo alone vs federated, on the dataset's evaluation holdout (issue 21's benchmark).

The benchmark has the privileged view no consortium has: it reads every silo's rows to train the
pooled and silo-alone references, with the same local (fit, calibration) split and the same
objective and Platt fit the federation runs, so the gaps measure federation, not recipe. The
product's pooled LightGBM (text off) is shown as the non-federated ceiling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.model import LinearModel, from_weights
from underwrite.tools.scoring.federated.runner import RunOptions, run_federated, shared_schema
from underwrite.tools.scoring.federated.silos import assign_silos, local_split, natural_key
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.schema import FeatureSchema


class BenchRow(BaseModel):
    model: str
    segment: str
    n: int
    auc: float
    ks: float
    brier: float


class FederatedBench(BaseModel):
    dataset: str
    split: str
    silos: int
    rounds: int
    platt_rounds: int
    dp_clip: float
    dp_noise: float
    silo_rows: dict[str, int]
    bytes_to_silos: int
    bytes_from_silos: int
    seconds: float
    rows: list[BenchRow]
    targets: dict[str, bool | float]


def central_fit(parts: list[pd.DataFrame], schema: FeatureSchema, platt_iterations: int) -> LinearModel:
    """The federation's recipe on pooled parts: each part keeps its own (fit, calibration) split."""
    fit_x, fit_y, cal_x, cal_y = [], [], [], []
    for part in parts:
        y = part[schema.target].to_numpy(dtype=int)
        x = linear.raw_design(part, schema)
        fit_idx, cal_idx = local_split(y)
        fit_x.append(x[fit_idx])
        fit_y.append(y[fit_idx])
        cal_x.append(x[cal_idx])
        cal_y.append(y[cal_idx])
    xf, yf, xc, yc = np.vstack(fit_x), np.concatenate(fit_y), np.vstack(cal_x), np.concatenate(cal_y)
    mean, sd = linear.standardizer(linear.column_stats(xf))
    zf, zc = linear.standardize(xf, mean, sd), linear.standardize(xc, mean, sd)
    w = linear.local_fit(zf, yf, np.zeros(zf.shape[1] + 1), lam=1.0 / len(yf))
    ab = linear.fit_platt(linear.raw_scores(zc, w), yc, platt_iterations)
    summary = {"weights": w.tolist(), "mean": mean.tolist(), "sd": sd.tolist(), "platt": ab.tolist()}
    return from_weights(schema, summary, {"model": "central_logit"})


def run_bench(
    dataset: str,
    silos: int,
    split: str,
    rounds: int,
    work_dir: Path,
    dp_clip: float = 0.0,
    dp_noise: float = 0.0,
) -> FederatedBench:
    ds = load_dataset(dataset)
    schema = shared_schema(dataset)
    train_rows, hold_rows = holdout_split(ds)
    assignment = assign_silos(ds, train_rows, silos, split)  # type: ignore[arg-type]
    parts = [
        ds.frame.iloc[[r for r, s in zip(train_rows, assignment, strict=True) if s == i]]
        for i in range(silos)
    ]
    parts = [p.reset_index(drop=True) for p in parts]
    options = RunOptions(silos=silos, split=split, rounds=rounds, dp_clip=dp_clip, dp_noise=dp_noise)
    models: dict[str, LinearModel] = {
        "pooled logit": central_fit(parts, schema, options.platt_rounds),
        **{f"silo_{i} alone": central_fit([p], schema, options.platt_rounds) for i, p in enumerate(parts)},
    }
    run = run_federated(dataset, work_dir, options)
    models["federated logit"] = from_weights(schema, run.summary, {"model": "federated_logit"})
    holdout = ds.frame.iloc[hold_rows].reset_index(drop=True)
    y = holdout["target"].to_numpy(dtype=int)
    segments = {"all": np.ones(len(y), dtype=bool)}
    if split == "natural":
        keys = natural_key(ds).to_numpy()
        silo_of = {str(k): int(s) for k, s in zip(keys[train_rows], assignment, strict=True)}
        hold_silo = np.array([silo_of.get(str(k), -1) for k in keys[hold_rows]])
        segments.update({f"silo_{i}": hold_silo == i for i in range(silos)})
    predictions = {name: m.predict_pd(holdout) for name, m in models.items()}
    training = from_dataset(ds, load_config(), rows=train_rows)
    lgb = fit_model(training.frame, training.y, training.schema, load_config())
    predictions["pooled LightGBM (product)"] = lgb.predict_pd(holdout, None)
    rows = []
    for name, pd_values in predictions.items():
        for segment, mask in segments.items():
            m = linear.metrics(y[mask], pd_values[mask])
            rows.append(
                BenchRow(
                    model=name, segment=segment, n=int(mask.sum()), auc=m["auc"], ks=m["ks"], brier=m["brier"]
                )
            )
    return FederatedBench(
        dataset=dataset,
        split=split,
        silos=silos,
        rounds=rounds,
        platt_rounds=options.platt_rounds,
        dp_clip=dp_clip,
        dp_noise=dp_noise,
        silo_rows={f"silo_{i}": len(p) for i, p in enumerate(parts)},
        bytes_to_silos=run.summary["bytes_to_silos"],
        bytes_from_silos=run.summary["bytes_from_silos"],
        seconds=run.seconds,
        rows=rows,
        targets=_targets(rows, silos, {f"silo_{i}": len(p) for i, p in enumerate(parts)}),
    )


def _targets(rows: list[BenchRow], silos: int, sizes: dict[str, int]) -> dict[str, bool | float]:
    auc = {(r.model, r.segment): r.auc for r in rows}
    gap = auc[("pooled logit", "all")] - auc[("federated logit", "all")]
    out: dict[str, bool | float] = {
        "pooled_minus_federated_auc": round(gap, 4),
        "within_0.01_of_pooled": gap <= 0.01,
    }
    best_alone = max(auc[(f"silo_{i} alone", "all")] for i in range(silos))
    out["best_silo_alone_auc_all"] = round(best_alone, 4)
    out["federated_above_best_silo_alone_all"] = auc[("federated logit", "all")] > best_alone
    smaller = sorted(sizes, key=sizes.__getitem__)[: max(1, silos - 1)]
    for silo in smaller:
        segment = silo if (("federated logit", silo) in auc) else "all"
        seg_best = max(auc[(f"silo_{i} alone", segment)] for i in range(silos))
        out[f"{silo}_federated_above_best_alone_on_{segment}"] = auc[("federated logit", segment)] > seg_best
    return out
