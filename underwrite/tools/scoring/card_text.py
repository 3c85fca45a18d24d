"""The model card's text section: which text fields the model reads and what they added out-of-fold.

Kept apart from ``card.py`` so that edits to the rest of the card do not collide with this one.
Besides the training run's own inner out-of-fold gains it quotes the text bench's verdict for the
dataset (``text_rule``), so a text-free default says with a figure why it is text-free.
"""

from __future__ import annotations

from typing import Any

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.text_rule import TextEvidence, fusion_decision, packaged_evidence

_READS = {
    "none": "no text",
    "serialised": "the application serialised as sentences (every structured input, then the prose fields)",
    "prose": "the prose fields only",
}
_VARIANTS = ("serialised", "prose")


def text_inputs(
    schema: FeatureSchema,
    selection: dict[str, float],
    evidence: TextEvidence | None = None,
    min_gain: float | None = None,
) -> dict[str, Any]:
    """Fields read as text, each candidate's inner out-of-fold AUC gain, and the bench's verdicts."""
    fields: list[str] = []
    if schema.text_variant == "serialised":
        fields = [*schema.numeric, *schema.categorical, *schema.prose]
    elif schema.text_variant == "prose":
        fields = list(schema.prose)
    base = selection.get("none")
    gains = {k: round(v - base, 4) for k, v in selection.items() if k != "none" and base is not None}
    evidence = evidence if evidence is not None else packaged_evidence()
    min_gain = load_config().text.auto_min_gain if min_gain is None else min_gain
    bench = []
    for variant in _VARIANTS:
        decision = fusion_decision(evidence, schema.dataset, variant, min_gain)
        if decision.entry is not None:
            bench.append(
                {
                    "variant": variant,
                    "fields": decision.entry.fields,
                    "gain_mean": decision.entry.gain_mean,
                    "gain_sd": decision.entry.gain_sd,
                    "folds": decision.entry.folds,
                    "fuse": decision.fuse,
                    "reason": decision.reason,
                }
            )
    return {
        "variant": schema.text_variant,
        "reads": _READS[schema.text_variant],
        "fields": fields,
        "gain_over_none_inner_oof_auc": gains,
        "bench": bench,
        "bench_command": evidence.command if evidence and bench else None,
    }


def render_text_inputs(section: dict[str, Any] | None) -> str:
    if not section:
        return ""
    gains = ", ".join(f"{k} {v:+.4f}" for k, v in section["gain_over_none_inner_oof_auc"].items()) or "n/a"
    fields = ", ".join(section["fields"]) or "none"
    out = (
        f"- Text read: {section['reads']} (fields: {fields}); inner out-of-fold AUC gain of each text "
        f"candidate over the text-free model: {gains}. Text is kept only when it gains enough "
        "(`text.auto_min_gain` in config.yaml) and the text bench has not ruled it out.\n"
    )
    out += render_field_reader(section.get("field_reader"))
    for b in section.get("bench") or []:
        verdict = "may be fused" if b["fuse"] else "not fused"
        out += (
            f"- Text bench (`{section['bench_command']}`): {b['variant']} text "
            f"({', '.join(b['fields'])}) changed AUC by {b['gain_mean']:+.4f} (fold sd {b['gain_sd']:.4f}, "
            f"{b['folds']} folds) over the text-free model: {verdict}.\n"
        )
    return out


def render_field_reader(reader: dict[str, Any] | None) -> str:
    """The decoded-field reader's lines: what it reads, how sure it must be, what the bench says."""
    if not reader:
        return ""
    if not reader.get("fitted"):
        return f"- Field reader: not shipped ({reader['reason']}).\n"
    fields = ", ".join(reader["fields"])
    accuracy = ", ".join(f"{k} {v:.1%}" for k, v in reader["inner_accuracy"].items())
    coverage = ", ".join(f"{k} {v:.0%}" for k, v in reader["inner_coverage"].items())
    out = (
        f"- Field reader: when an application lacks {fields}, each is read from `{reader['source']}` "
        "(a per-field classifier on the frozen encoder's embedding) and used only at class probability "
        f">= {reader['min_probability']}; fields the application has are never overwritten, and the score "
        "lists the filled ones in `decoded_inputs`. Out-of-fold accuracy on its training statements: "
        f"{accuracy}; share read at the threshold: {coverage}. Trained on {reader['trained_on']}: how it "
        "reads letters phrased otherwise is not measured.\n"
    )
    out += _render_threshold(reader.get("threshold") or {})
    bench = reader.get("bench")
    if bench:
        out += (
            f"- Field reader, text bench (`{bench['command']}`): with {', '.join(bench['fields'])} told only "
            f"in the statement, reading them back ({bench['reader']}) added {bench['gain_mean']:+.4f} AUC "
            f"(fold sd {bench['gain_sd']:.4f}, {bench['folds']} folds) over the model without those fields. "
            "That arm read every row by argmax and trained the booster on the decoded values; the shipped "
            "path (the threshold above, the booster on true fields) is the bench's own arm "
            '"frozen + product field reader, threshold chosen on inner folds" (`underwrite bench text`).\n'
        )
    return out


def _render_threshold(threshold: dict[str, Any]) -> str:
    if not threshold:
        return ""
    if not threshold.get("from_inner_folds"):
        return f"- Field reader threshold {threshold.get('chosen')}: {threshold.get('reason', 'fixed')}.\n"
    rows = "; ".join(
        f"p >= {r['threshold']:g}: AUC {r['inner_auc']:.4f}, {r['filled_share']:.0%} filled"
        + (f", {r['wrong_share']:.1%} of fills wrong" if r["wrong_share"] is not None else "")
        for r in threshold["rows"]
    )
    return (
        f"- Field reader threshold {threshold['chosen']:g}, chosen on {threshold['folds']} inner folds of "
        f"the training rows ({threshold['rule']}): {rows}.\n"
    )
