"""Pooled vs each silo alone vs federated, on the dataset's evaluation holdout (issue 21's benchmark).

The benchmark has the privileged view no consortium has: it reads every silo's rows to train the
pooled and silo-alone references, with the same local (fit, calibration) split and the same
objective and Platt fit the federation runs, so the gaps measure federation, not recipe. The
product's pooled LightGBM (text off) is shown as the non-federated ceiling. With splines on, each
reference fit takes its knots from the same sketch over its own rows. "federated personalised"
scores each hold-out row of a natural split with the personalised model its silo kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.federated import linear, splines
from underwrite.tools.scoring.federated.bench_targets import targets
from underwrite.tools.scoring.federated.model import LinearModel, from_weights
from underwrite.tools.scoring.federated.runner import RunOptions, personal_path, run_federated, shared_schema
from underwrite.tools.scoring.federated.silos import assign_silos, local_split, natural_key
from underwrite.tools.scoring.federated.text import embeddings_for, fix_text_sd
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.schema import FeatureSchema, TextVariant


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
    splines: bool
    text: str
    personalised_choice: dict[str, str]
    targets: dict[str, bool | float | str]


def central_fit(
    parts: list[pd.DataFrame],
    schema: FeatureSchema,
    platt_iterations: int,
    use_splines: bool = False,
    embeddings: list[np.ndarray | None] | None = None,
) -> LinearModel:
    """The federation's recipe on pooled parts: each part keeps its own (fit, calibration) split."""
    vectors = embeddings or [None] * len(parts)
    designs = [linear.base_design(p, schema, e) for p, e in zip(parts, vectors, strict=True)]
    labels = [p[schema.target].to_numpy(dtype=int) for p in parts]
    splits = [local_split(y) for y in labels]
    knots = linear.NO_KNOTS
    if use_splines:
        numeric = np.vstack([x[f, : len(schema.numeric)] for x, (f, _) in zip(designs, splits, strict=True)])
        knots = splines.local_knots(numeric)
    fit_x, fit_y, cal_x, cal_y = [], [], [], []
    for base, y, (fit_idx, cal_idx) in zip(designs, labels, splits, strict=True):
        x = splines.expand(base, *knots)
        fit_x.append(x[fit_idx])
        fit_y.append(y[fit_idx])
        cal_x.append(x[cal_idx])
        cal_y.append(y[cal_idx])
    xf, yf, xc, yc = np.vstack(fit_x), np.concatenate(fit_y), np.vstack(cal_x), np.concatenate(cal_y)
    mean, sd = linear.standardizer(linear.column_stats(xf))
    sd = fix_text_sd(linear.design_columns(schema, knots), sd)
    zf, zc = linear.standardize(xf, mean, sd), linear.standardize(xc, mean, sd)
    w = linear.local_fit(zf, yf, np.zeros(zf.shape[1] + 1), lam=1.0 / len(yf))
    ab = linear.fit_platt(linear.raw_scores(zc, w), yc, platt_iterations)
    summary = {
        "weights": w.tolist(),
        "mean": mean.tolist(),
        "sd": sd.tolist(),
        "platt": ab.tolist(),
        "knot_col": knots[0].tolist(),
        "knot_val": knots[1].tolist(),
    }
    return from_weights(schema, summary, {"model": "central_logit"})


def run_bench(
    dataset: str,
    silos: int,
    split: str,
    rounds: int,
    work_dir: Path,
    dp_clip: float = 0.0,
    dp_noise: float = 0.0,
    use_splines: bool = True,
    text: TextVariant = "none",
) -> FederatedBench:
    ds = load_dataset(dataset)
    schema = shared_schema(dataset, text)
    train_rows, hold_rows = holdout_split(ds)
    assignment = assign_silos(ds, train_rows, silos, split)  # type: ignore[arg-type]
    parts = [
        ds.frame.iloc[[r for r, s in zip(train_rows, assignment, strict=True) if s == i]]
        for i in range(silos)
    ]
    parts = [p.reset_index(drop=True) for p in parts]
    options = RunOptions(
        silos=silos,
        split=split,
        rounds=rounds,
        dp_clip=dp_clip,
        dp_noise=dp_noise,
        splines=use_splines,
        text=text,
    )
    k = options.platt_rounds
    vectors = [embeddings_for(p, schema, label=f"silo_{i}") for i, p in enumerate(parts)]
    models: dict[str, LinearModel] = {
        "pooled logit": central_fit(parts, schema, k, use_splines, vectors),
        **{
            f"silo_{i} alone": central_fit([p], schema, k, use_splines, [vectors[i]])
            for i, p in enumerate(parts)
        },
    }
    run = run_federated(dataset, work_dir, options)
    models["federated logit"] = from_weights(schema, run.summary, {"model": "federated_logit"})
    personal = {
        s.name: json.loads(personal_path(s).read_text()) for s in run.silos if personal_path(s).is_file()
    }
    holdout = ds.frame.iloc[hold_rows].reset_index(drop=True)
    y = holdout["target"].to_numpy(dtype=int)
    segments = {"all": np.ones(len(y), dtype=bool)}
    if split == "natural":
        keys = natural_key(ds).to_numpy()
        silo_of = {str(k): int(s) for k, s in zip(keys[train_rows], assignment, strict=True)}
        hold_silo = np.array([silo_of.get(str(k), -1) for k in keys[hold_rows]])
        segments.update({f"silo_{i}": hold_silo == i for i in range(silos)})
    hold_vectors = embeddings_for(holdout, schema, label="holdout")
    predictions = {name: m.predict_pd(holdout, hold_vectors) for name, m in models.items()}
    if split == "natural" and len(personal) == silos:
        # Each hold-out row is scored by the personalised model of the silo its key belongs to.
        routed = predictions["federated logit"].copy()
        for i in range(silos):
            mine = from_weights(schema, personal[f"silo_{i}"], {"model": "personalised"})
            routed[segments[f"silo_{i}"]] = mine.predict_pd(holdout, hold_vectors)[segments[f"silo_{i}"]]
        predictions["federated personalised"] = routed
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
        splines=use_splines,
        text=text,
        personalised_choice={name: str(p["personal_choice"]) for name, p in personal.items()},
        targets=targets(
            {(r.model, r.segment): r.auc for r in rows},
            silos,
            {f"silo_{i}": len(p) for i, p in enumerate(parts)},
            y,
            segments,
            predictions,
        ),
    )
