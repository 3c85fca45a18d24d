"""The model card's text section: which text fields the model reads and what they added out-of-fold.

Kept apart from ``card.py`` so that edits to the rest of the card do not collide with this one.
"""

from __future__ import annotations

from typing import Any

from underwrite.tools.scoring.schema import FeatureSchema

_READS = {
    "none": "no text",
    "serialised": "the application serialised as sentences (every structured input, then the prose fields)",
    "prose": "the prose fields only",
}


def text_inputs(schema: FeatureSchema, selection: dict[str, float]) -> dict[str, Any]:
    """Fields read as text, and each candidate's inner out-of-fold AUC gain over the text-free model."""
    fields: list[str] = []
    if schema.text_variant == "serialised":
        fields = [*schema.numeric, *schema.categorical, *schema.prose]
    elif schema.text_variant == "prose":
        fields = list(schema.prose)
    base = selection.get("none")
    gains = {k: round(v - base, 4) for k, v in selection.items() if k != "none" and base is not None}
    return {
        "variant": schema.text_variant,
        "reads": _READS[schema.text_variant],
        "fields": fields,
        "gain_over_none_inner_oof_auc": gains,
    }


def render_text_inputs(section: dict[str, Any] | None) -> str:
    if not section:
        return ""
    gains = ", ".join(f"{k} {v:+.4f}" for k, v in section["gain_over_none_inner_oof_auc"].items()) or "n/a"
    fields = ", ".join(section["fields"]) or "none"
    return (
        f"- Text read: {section['reads']} (fields: {fields}); inner out-of-fold AUC gain of each text "
        f"candidate over the text-free model: {gains}. Text is kept only when it gains enough "
        "(`text.auto_min_gain` in config.yaml).\n"
    )
