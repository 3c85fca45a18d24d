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


LDA_HEADING = "## Fair lending: less-discriminatory-alternative search"
LDA_PENDING = (
    "Not yet recorded for this bundle: `underwrite eval --suite fair_lending` (or `underwrite bench "
    "lda`) searches the alternatives and replaces this paragraph with the choice and its trade-off."
)


def lda_card_section(report: dict[str, Any]) -> dict[str, Any]:
    """The card's record of an LDA search (``tools/scoring/lda.py`` report as JSON): the rule, what
    was chosen per flagged attribute and what it costs, and the best alternatives tried."""
    base = report["baseline"]
    by_name = {o["name"]: o for o in report["alternatives"]}
    choices = []
    for c in report["choices"]:
        a, alt = c["attribute"], by_name.get(c["chosen"] or "")
        best = sorted(report["alternatives"], key=lambda o: -o["air_gain"][a])[:3]
        choices.append(
            {
                **c,
                "production_air": base["air"][a],
                "production_eod": base["eod"][a],
                "chosen_air": alt["air"][a] if alt else None,
                "air_gain": alt["air_gain"][a] if alt else None,
                "air_gain_ci": alt["air_gain_ci"][a] if alt else None,
                "auc_cost": alt["auc_cost"] if alt else None,
                "auc_cost_ci": alt["auc_cost_ci"] if alt else None,
                "bad_rate_cost": alt.get("bad_rate_cost") if alt else None,
                "bad_rate_cost_ci": alt.get("bad_rate_cost_ci") if alt else None,
                "best_tried": [
                    {
                        "name": o["name"],
                        "air": o["air"][a],
                        "auc_cost": o["auc_cost"],
                        "why_ineligible": o.get("why_ineligible", ""),
                    }
                    for o in best
                ],
            }
        )
    return {
        "dataset": report["dataset"],
        "population": report.get("population", "hold-out"),
        "cutoff": report.get("cutoff"),
        "holdout_rows": report["holdout_rows"],
        "approval_rate": report["approval_rate"],
        "resamples": report["resamples"],
        "production_auc": base["auc"],
        "production_air": base["air"],
        "production_smd": base["smd"],
        "flagged": report["flagged"],
        "alternatives_tried": len(report["alternatives"]),
        "rule": report["rule"],
        "note": report.get("note", ""),
        "choices": choices,
    }


def _ci(pair: list[float] | tuple[float, float] | None) -> str:
    return f"[{pair[0]:+.3f}, {pair[1]:+.3f}]" if pair else "n/a"


def render_lda_card(sections: list[dict[str, Any]]) -> str:
    """The card's LDA section for one search per decision line (approved, not declined)."""
    body = [render_lda_markdown(s, heading=False) for s in sections]
    return "\n".join([LDA_HEADING, "", *body])


def render_lda_markdown(section: dict[str, Any], heading: bool = True) -> str:
    airs = ", ".join(f"{a} {v:.3f}" for a, v in section["production_air"].items())
    smds = ", ".join(f"{a} {v:.2f}" for a, v in section["production_smd"].items())
    line = f"approve at PD < {section['cutoff']:g}" if section.get("cutoff") is not None else "decisions"
    lines = [
        *([LDA_HEADING, ""] if heading else []),
        f"### {section['dataset']}, {line}",
        "",
        f"{section['holdout_rows']} applicants ({section.get('population', 'hold-out')}), approval rate "
        f"{section['approval_rate']:.1%}; production AUC {section['production_auc']:.4f}, AIR: {airs}; "
        f"largest |SMD| of PD: {smds}. {section['alternatives_tried']} alternatives tried, 95% intervals "
        f"from {section['resamples']} bootstrap resamples of applicants.",
        "",
        *([f"Note: {section['note']}", ""] if section.get("note") else []),
        f"Rule: {section['rule']}",
        "",
    ]
    if not section["choices"]:
        lines.append("No attribute is flagged (AIR ≥ 0.8 and equalized-odds difference ≤ 0.2 throughout).")
    for c in section["choices"]:
        tried = "; ".join(
            f"{t['name']} (AIR {t['air']:.3f}, AUC cost {t['auc_cost']:+.4f}"
            + (f"; not eligible: {t['why_ineligible']})" if t.get("why_ineligible") else ")")
            for t in c["best_tried"]
        )
        lines.append(
            f"- **{c['attribute']}** (production AIR {c['production_air']:.3f}, "
            f"EOD {c['production_eod']:.3f}): {c['decision']}."
        )
        if c["chosen"]:
            lines.append(
                f"  Chosen: {c['chosen']} — AIR {c['chosen_air']:.3f} (gain {c.get('air_gain') or 0:+.3f}, "
                f"95% CI {_ci(c['air_gain_ci'])}), "
                f"AUC cost {c['auc_cost']:+.4f} (95% CI {_ci(c['auc_cost_ci'])}), approved bad rate "
                f"{c.get('bad_rate_cost') or 0:+.4f} (95% CI {_ci(c.get('bad_rate_cost_ci'))})."
            )
        lines.append(f"  Best tried: {tried}.")
    return "\n".join(lines) + "\n"
