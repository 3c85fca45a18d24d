"""Model card: what the model was trained on, how well it did out-of-fold, and what it leaves out."""

from __future__ import annotations

import importlib.metadata
from datetime import UTC, datetime
from typing import Any

from underwrite.tools.encoder import ENCODER_NAME
from underwrite.tools.policy.table import load_rule_table
from underwrite.tools.scoring.card_text import render_text_inputs, text_inputs
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.data import TrainingSet
from underwrite.tools.scoring.metrics import MetricSummary
from underwrite.tools.scoring.model import FittedModel
from underwrite.tools.scoring.stack import STACK_EXPLANATION

_LIBRARIES = ("lightgbm", "scikit-learn", "numpy", "pandas", "sentence-transformers", "torch", "underwrite")

PROTECTED_POLICY = (
    "Prohibited bases under ECOA / Regulation B and their direct proxies (age, date of birth, sex, "
    "marital status, foreign-worker status, nationality / national origin, and for lending_club the "
    "state of residence as a redlining proxy) are removed before training: they are never model "
    "inputs, so no contribution can be attributed to them and no adverse-action reason can cite "
    "them. They stay in the data only so the fairness suite can test outcomes by group. The text "
    "the encoder reads is built from the model inputs (and declared prose), never from these columns."
)


BLEND_EXPLANATION = (
    "The raw score is a logit-space blend (1 - w) * LightGBM + w * linear, where the linear half is a "
    "sign-constrained, L2-penalised logistic regression on the same inputs (tools/scoring/linear.py). "
    "LightGBM's pred_contrib values are exact per-input log-odds contributions, and so are the linear "
    "half's coef * (x - training mean) terms; the same weighted sum of the two gives each input's "
    "contribution to the blended raw score, and they add up to it exactly (bias included). Platt "
    "calibration is increasing, so the adverse-action ranking is that of the blended contributions. "
    "Monotone directions bind both halves: LightGBM constraints and coefficient sign bounds. w and "
    "the linear model's C were chosen on inner out-of-fold AUC within the training rows."
)


def _blend(model: FittedModel) -> dict[str, Any]:
    if model.weights is not None:
        return {
            "stack_weights": model.weights,
            "linear_weight": model.blend_weight,
            "selection_inner_folds": model.blend_oof_auc,
            "reasons_add_up": STACK_EXPLANATION,
        }
    ranked = sorted((model.blend_oof_auc or {}).items(), key=lambda kv: -kv[1])
    return {
        "linear_weight": model.blend_weight,
        "selection_inner_oof_auc_top": dict(ranked[:5]),
        "reasons_add_up": BLEND_EXPLANATION,
    }


def _versions() -> dict[str, str]:
    out = {}
    for lib in _LIBRARIES:
        try:
            out[lib] = importlib.metadata.version(lib)
        except importlib.metadata.PackageNotFoundError:
            out[lib] = "not installed"
    return out


def build_card(
    ts: TrainingSet,
    model: FittedModel,
    model_version: str,
    cv: MetricSummary,
    text_selection: dict[str, float],
    config: ScoringConfig,
) -> dict[str, Any]:
    schema = model.schema
    return {
        "model_version": model_version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset": ts.name,
        "source": ts.source,
        "data_hash": ts.data_hash,
        "rows": len(ts.y),
        "bad_rate": round(float(ts.y.mean()), 4),
        "target": schema.target,
        "features": {
            "numeric": schema.numeric,
            "categorical": schema.categorical,
            "ordinal_rank_columns": list(schema.ordinal),
            "prose": schema.prose,
            "monotone": schema.monotone,
            "ratios": schema.ratios,
            "durations": {
                name: f"years from {raw} to {ref}" for name, (raw, ref) in schema.durations.items()
            },
        },
        "excluded": schema.excluded,
        "protected_policy": PROTECTED_POLICY,
        "text": {
            "encoder": ENCODER_NAME,
            "variant": schema.text_variant,
            "pca_dims": schema.pca_dims,
            "selection_inner_oof_auc": text_selection,
        },
        "text_inputs": text_inputs(schema, text_selection),
        "blend": _blend(model),
        "training_diagnostics": model.diagnostics.model_dump() if model.diagnostics else None,
        "cv": cv.model_dump(exclude={"fold_aucs"}),
        "inner_oof_auc": model.oof_auc,
        "calibration": model.calibrator.method,
        "calibrator": model.calibrator.to_dict(),
        "grades": [
            {"grade": b.grade, "max_pd": b.pd_below if b.pd_below is not None else 1.0}
            for b in load_rule_table().grades
        ],
        "lightgbm_params": model.params,
        "library_versions": _versions(),
    }


def _diagnostics_md(diag: dict[str, Any] | None) -> str:
    if not diag:
        return ""
    grades = ", ".join(
        f"{g['grade']} {g['bad_rate']:.1%} (n={g['count']})" for g in diag["grades_oof"] if g["count"]
    )
    return (
        f"\nStability on the training rows: in-sample AUC {diag['in_sample_auc']:.4f} vs out-of-fold "
        f"{diag['oof_auc']:.4f}; PSI of out-of-fold against in-sample PDs {diag['psi_in_sample_vs_oof']:.4f} "
        f"(the overfitting the validation suite's PSI sees). Out-of-fold bad rate per policy grade: "
        f"{grades}; inversions: {diag['grade_inversions_oof']}.\n"
    )


def _model_heading(blend: dict[str, Any]) -> str:
    if "stack_weights" in blend:
        shown = ", ".join(f"{k} {v:.2f}" for k, v in blend["stack_weights"].items())
        return f"stacked LightGBM + additive booster + linear (weights {shown})"
    return f"LightGBM + linear logit blend (linear weight {blend['linear_weight']:.2f})"


def render_markdown(card: dict[str, Any]) -> str:
    cv = card["cv"]
    excluded = "\n".join(f"- `{c}`: {why}" for c, why in card["excluded"].items()) or "- none"
    selection = ", ".join(f"{k}: {v:.4f}" for k, v in card["text"]["selection_inner_oof_auc"].items())
    versions = ", ".join(f"{k} {v}" for k, v in card["library_versions"].items())
    grades = ", ".join(f"{g['grade']} < {g['max_pd']:.2f}" for g in card["grades"])
    return f"""# Model card — {card["model_version"]}

Created {card["created_at"]}.

## Data
- Dataset: **{card["dataset"]}** ({card["source"]})
- Data hash: `{card["data_hash"]}`; rows: {card["rows"]}; bad rate: {card["bad_rate"]:.2%}
- Target: `{card["target"]}` (1 = bad)

## Inputs
- Numeric: {", ".join(card["features"]["numeric"]) or "none"}
- Categorical: {", ".join(card["features"]["categorical"]) or "none"}
- Free text: {", ".join(card["features"]["prose"]) or "none"}
{_derived_md(card["features"])}
- Monotone constraints: {card["features"]["monotone"] or "none"}
- Text: {card["text"]["encoder"]} embedding, variant **{card["text"]["variant"]}** (inner out-of-fold AUC per
  candidate: {selection or "n/a"}); text features are one "application narrative" factor in reasons.
{render_text_inputs(card.get("text_inputs"))}

## Model: {_model_heading(card["blend"])}
{card["blend"]["reasons_add_up"]}

## Excluded columns and why
{excluded}

{card["protected_policy"]}

## Performance (stratified {cv["folds"]}-fold CV of the whole training pipeline)
| AUC | sd | KS | Brier |
|---|---|---|---|
| {cv["auc_mean"]:.4f} | {cv["auc_sd"]:.4f} | {cv["ks_mean"]:.4f} | {cv["brier_mean"]:.4f} |

Calibration: {card["calibration"]} on out-of-fold raw scores. Grades by PD: {grades}.
{_diagnostics_md(card.get("training_diagnostics"))}

## Parameters
```
{card["lightgbm_params"]}
```

Library versions: {versions}.

{LDA_HEADING}

{LDA_PENDING}
"""


def _derived_md(features: dict[str, Any]) -> str:
    """Inputs the model computes from others: a reviewer must know what it reads them from."""
    lines = [f"- Ratio `{n}` = {a} / {b}" for n, (a, b) in features.get("ratios", {}).items()]
    lines += [f"- Duration `{n}`: {how}" for n, how in features.get("durations", {}).items()]
    return "\n".join(lines) or "- Derived inputs: none"


LDA_HEADING = "## Fair lending: less-discriminatory-alternative search"
LDA_PENDING = (
    "Not yet recorded for this bundle: `underwrite eval --suite fair_lending` (or `underwrite bench "
    "lda`) searches the alternatives and replaces this paragraph with the choice and its trade-off."
)
