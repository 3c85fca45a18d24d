"""Federated run -> a normal score-model bundle (``linear.json`` in place of the booster) and its card."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.tools.scoring.bundle import BUNDLE_FORMAT, Manifest, _sha256
from underwrite.tools.scoring.card import PROTECTED_POLICY, _versions
from underwrite.tools.scoring.federated.linear import design_columns, metrics
from underwrite.tools.scoring.federated.model import LinearModel, from_weights, save_linear
from underwrite.tools.scoring.federated.runner import RunOptions, RunResult, run_federated
from underwrite.tools.scoring.federated.secagg_runner import run_superlink
from underwrite.tools.scoring.federated.text import embeddings_for
from underwrite.tools.scoring.reasons import default_reason_table


def holdout_metrics(model: LinearModel, dataset: str) -> dict[str, float]:
    """The public dataset's evaluation holdout (a consortium has no such pooled set; benchmark only)."""
    ds = load_dataset(dataset)
    rows = holdout_split(ds)[1]
    frame = ds.frame.iloc[rows].reset_index(drop=True)
    vectors = embeddings_for(frame, model.schema, label="holdout")
    return metrics(frame["target"].to_numpy(dtype=int), model.predict_pd(frame, vectors))


def build_federated_card(run: RunResult, model: LinearModel, version: str) -> dict[str, Any]:
    s = run.summary
    silo_info = {
        silo.name: {
            "rows": silo.rows,
            "bad_rate": round(silo.bad_rate, 4),
            "keys": silo.keys,
            "calibration_rows_metrics": s["silo_metrics"].get(silo.name),
            # The silo's personalised model stays with the silo; the card records only its choice.
            "personalised_choice": _personal_choice(run, silo.name),
        }
        for silo in run.silos
    }
    return {
        "model_version": version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset": run.dataset,
        "source": f"federated over {len(run.silos)} silos ({run.options.split} split) with Flower",
        "rows": s["total_rows"],
        "target": model.schema.target,
        "model_family": "L2 logistic regression on standardized inputs (one dummy per category level"
        + (
            f", {len(model.knots[0])} hinge columns at federated quartile knots)"
            if len(model.knots[0])
            else ")"
        ),
        "federation": {
            "strategy": s["strategy"],
            "fit_rounds": s["fit_rounds"],
            "platt_rounds": s["platt_rounds"],
            "tls": s["tls"],
            "secagg_rounds": s.get("secagg_rounds", []),
            "hinge_columns": design_columns(model.schema, model.knots)[len(design_columns(model.schema)) :],
            "silos": silo_info,
            "dropped_silos": s["dropped"],
            "bytes_to_silos": s["bytes_to_silos"],
            "bytes_from_silos": s["bytes_from_silos"],
            "seconds": run.seconds,
        },
        "features": {
            "numeric": model.schema.numeric,
            "categorical": model.schema.categorical,
            # Each silo embedded its own rows' text locally; only coefficients crossed.
            "text_variant": model.schema.text_variant,
        },
        "excluded": model.schema.excluded,
        "protected_policy": PROTECTED_POLICY,
        "holdout": holdout_metrics(model, run.dataset),
        "inner_oof_auc": float("nan"),
        "calibration": "sigmoid (Platt), fitted federatedly by Newton steps on silo calibration rows",
        "calibrator": model.calibrator.to_dict(),
        "library_versions": {**_versions(), **_flwr_version()},
    }


def _personal_choice(run: RunResult, silo: str) -> str | None:
    for message in run.summary["wire"]:
        if (
            message["kind"] == "evaluate"
            and message["silo"] == silo
            and "personal_choice" in message["metrics"]
        ):
            return str(message["metrics"]["personal_choice"])
    return None


def _flwr_version() -> dict[str, str]:
    import flwr

    return {"flwr": flwr.__version__}


def render_federated_markdown(card: dict[str, Any]) -> str:
    fed = card["federation"]
    strat = fed["strategy"]
    lines = [
        f"# Model card — {card['model_version']} (federated)",
        "",
        f"Created {card['created_at']}. {card['source']}. Model: {card['model_family']}.",
        f"Strategy {strat['name']} (mu {strat['mu']}, {strat['local_steps']} local L-BFGS steps), "
        f"{fed['fit_rounds']} fit rounds + {fed['platt_rounds']} Platt rounds; TLS {fed['tls']}; "
        f"SecAgg+ rounds {fed['secagg_rounds'] or 'none'}.",
        f"Parameter bytes: {fed['bytes_to_silos']:,} to silos, {fed['bytes_from_silos']:,} from silos.",
        f"Dropped silos (name -> round): {fed['dropped_silos'] or 'none'}.",
        "",
        "| silo | rows | bad rate | keys | AUC (own calibration rows) | Brier | personalised model / AUC |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, info in fed["silos"].items():
        m = info["calibration_rows_metrics"] or {}
        lines.append(
            f"| {name} | {info['rows']} | {info['bad_rate']:.2%} | {', '.join(info['keys'])} | "
            f"{m.get('auc', float('nan')):.4f} | {m.get('brier', float('nan')):.4f} | "
            f"{info['personalised_choice'] or '—'} / {m.get('personal_auc', float('nan')):.4f} |"
        )
    h = card["holdout"]
    lines += [
        "",
        f"Evaluation holdout ({int(h['n'])} rows): AUC {h['auc']:.4f}, KS {h['ks']:.4f}, "
        f"Brier {h['brier']:.4f}.",
        "",
        f"Calibration: {card['calibration']}.",
        "",
        card["protected_policy"],
        "",
    ]
    return "\n".join(lines)


def save_federated_bundle(model: LinearModel, out_dir: Path, version: str, card: dict[str, Any]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    save_linear(model, out_dir)
    (out_dir / "schema.json").write_text(model.schema.model_dump_json(indent=2))
    (out_dir / "calibrator.json").write_text(json.dumps(model.calibrator.to_dict(), indent=2))
    (out_dir / "params.json").write_text(json.dumps(model.params, indent=2, default=str))
    (out_dir / "reasons.yaml").write_text(yaml.safe_dump(default_reason_table().model_dump(), sort_keys=True))
    (out_dir / "model_card.json").write_text(json.dumps(card, indent=2, default=str))
    (out_dir / "model_card.md").write_text(render_federated_markdown(card))
    files = {
        p.name: _sha256(p) for p in sorted(out_dir.iterdir()) if p.is_file() and p.name != "manifest.json"
    }
    manifest = Manifest(format=BUNDLE_FORMAT, model_version=version, files=files)
    (out_dir / "manifest.json").write_text(manifest.model_dump_json(indent=2))
    return out_dir


def train_federated(
    dataset: str, out_dir: Path, run_dir: Path, options: RunOptions
) -> tuple[RunResult, dict[str, Any]]:
    """Run the federation and write the bundle; returns the run and its model card."""
    if options.secagg:
        run = run_superlink(dataset, run_dir, options, secagg=True)
    else:
        run = run_federated(dataset, run_dir, options)
    params = {"model": "federated_logit", **run.summary["strategy"], "fit_rounds": options.rounds}
    model = from_weights(run.schema_, run.summary, params)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    version = f"{dataset}-federated-{options.split}{options.silos}-{stamp}"
    card = build_federated_card(run, model, version)
    save_federated_bundle(model, out_dir, version, card)
    return run, card
