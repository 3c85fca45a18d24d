"""Sweep the encoder threshold of the label matcher on the hand-written label list.

    python -m underwrite.bench.label_threshold [--json]

Each example is (label, field or null). At threshold t a label maps to the encoder's best field when its
similarity ≥ t, unless ``label_match.rules_out`` refuses that field for the label (a limit is no loan
amount, a label without a time word no duration), as reading does. Correct = right field, or no field for a
null label. The lexicon is bypassed so the sweep measures the encoder alone; the chosen value lives in
``label_match.ENCODER_THRESHOLD``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from underwrite.core.console import print_json
from underwrite.tools.intake.extraction.label_match import Match, encoder_match, prefetch, rules_out
from underwrite.tools.intake.extraction.lexicon import expand_codes

EXAMPLES = Path(__file__).parents[1] / "tools" / "intake" / "extraction" / "label_examples.json"


def _guarded(label: str) -> Match | None:
    hit = encoder_match(label)
    return None if hit is None or rules_out(label, hit.name) else hit


def sweep(thresholds: list[float]) -> list[dict[str, float]]:
    examples = json.loads(EXAMPLES.read_text())["examples"]
    prefetch([expand_codes(label) for label, _ in examples])
    hits = [(_guarded(expand_codes(label)), field) for label, field in examples]
    rows = []
    for t in thresholds:
        correct = wrong_field = false_map = missed = 0
        for hit, field in hits:
            got = hit.name if hit is not None and hit.score >= t else None
            correct += got == field
            wrong_field += got is not None and field is not None and got != field
            false_map += got is not None and field is None
            missed += got is None and field is not None
        rows.append(
            {
                "threshold": t,
                "accuracy": correct / len(hits),
                "wrong_field": wrong_field,
                "mapped_a_non_field": false_map,
                "missed": missed,
            }
        )
    return rows


def main(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    rows = sweep([round(0.40 + 0.02 * i, 2) for i in range(21)])
    if json_out:
        print_json(rows)
        return
    for r in rows:
        print(
            f"t={r['threshold']:.2f} accuracy={r['accuracy']:.1%} wrong_field={r['wrong_field']} "
            f"non_field_mapped={r['mapped_a_non_field']} missed={r['missed']}"
        )


if __name__ == "__main__":
    typer.run(main)
