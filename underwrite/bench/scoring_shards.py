"""`bench scoring` split by fold, for a loaded machine: one process per fold, then one combine step.

Same folds (RepeatedStratifiedKFold, seed 2026), same models and the same paired statistics as
``underwrite bench scoring --quick``; a fold's AUC does not depend on which process computed it.

    python -m underwrite.bench.scoring_shards run german 3 OUT_DIR [--peers core]
    python -m underwrite.bench.scoring_shards combine OUT_DIR

``--peers core`` leaves out CatBoost and the EBM (the two slowest peers) when time is short.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.model_selection import RepeatedStratifiedKFold

from underwrite.bench import scoring_models as bench_models
from underwrite.bench.scoring import OURS, PEERS, peer_models
from underwrite.bench.scoring_stats import paired
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_training_dataset
from underwrite.tools.scoring.metrics import FoldMetrics, fold_metrics, summarise
from underwrite.tools.scoring.train import with_text

CORE_SKIP = ("catboost", "ebm")


def run_fold(dataset: str, fold: int, out: Path, core: bool, folds: int = 5, repeats: int = 2) -> Path:
    config = load_config()
    ts = load_training_dataset(dataset, config)
    models = peer_models(ts, config)
    if core:
        models = {k: v for k, v in models.items() if k not in CORE_SKIP}
    models[OURS] = bench_models.ours(ts, with_text(ts.schema, "none", 0), config, None)
    splits = list(
        RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=2026).split(ts.frame, ts.y)
    )
    fit_idx, held_idx = splits[fold]
    result = {
        name: fold_metrics(ts.y[held_idx], run(fit_idx, held_idx)).model_dump()
        for name, run in models.items()
    }
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{dataset}-{fold}.json"
    path.write_text(json.dumps({"dataset": dataset, "fold": fold, "folds": folds, "metrics": result}))
    return path


def combine(out: Path) -> dict[str, object]:
    by_dataset: dict[str, list[dict]] = {}
    for path in sorted(out.glob("*.json")):
        if path.name == "combined.json":
            continue
        shard = json.loads(path.read_text())
        by_dataset.setdefault(shard["dataset"], []).append(shard)
    report: dict[str, object] = {}
    for dataset, shards in by_dataset.items():
        shards.sort(key=lambda s: s["fold"])
        names = [n for n in shards[0]["metrics"] if all(n in s["metrics"] for s in shards)]
        summaries = {n: summarise([FoldMetrics(**s["metrics"][n]) for s in shards]) for n in names}
        ours = summaries[OURS].fold_aucs
        diffs = [
            paired(dataset, OURS, ours, p, summaries[p].fold_aucs, shards[0]["folds"]).model_dump()
            for p in PEERS
            if p in summaries
        ]
        report[dataset] = {
            "folds_run": [s["fold"] for s in shards],
            "models": {n: summaries[n].model_dump() for n in names},
            "paired": diffs,
        }
    (out / "combined.json").write_text(json.dumps(report, indent=2))
    return report


def _print(report: dict[str, object]) -> None:
    for dataset, body in report.items():
        assert isinstance(body, dict)
        print(f"{dataset} (folds {body['folds_run']})")
        for name, m in body["models"].items():
            auc = f"AUC {m['auc_mean']:.4f} sd {m['auc_sd']:.4f}"
            print(f"  {name:28s} {auc} KS {m['ks_mean']:.4f} Brier {m['brier_mean']:.4f}")
        for d in body["paired"]:
            p = "n/a" if d["p_value"] is None else f"{d['p_value']:.3f}"
            wins = f"wins {d['wins']}/{d['folds']}"
            print(f"  ours - {d['model']:22s} {d['mean']:+.4f} sd {d['sd']:.4f} {wins} p {p}")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run_fold(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), core="--peers" in sys.argv)
    else:
        _print(combine(Path(sys.argv[2])))
