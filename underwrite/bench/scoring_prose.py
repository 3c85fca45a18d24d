"""The "text that matters" benchmark's data: structured fields moved out of the schema into prose.

The statements themselves come from ``tools/scoring/prose_statements`` (the product's decoded-field
reader is fitted on the same generator); this module takes the told fields out of the inputs.
"""

from __future__ import annotations

from underwrite.tools.scoring.data import TrainingSet, frame_hash
from underwrite.tools.scoring.prose_statements import MOVED_STRONG, MOVED_TO_PROSE, statement, with_statements
from underwrite.tools.scoring.schema import rank_column

__all__ = ["MOVED_STRONG", "MOVED_TO_PROSE", "statement", "with_statements", "without_moved"]


def without_moved(ts: TrainingSet, moved: tuple[str, ...] = MOVED_TO_PROSE) -> TrainingSet:
    """``ts`` with ``moved`` taken out of the structured inputs and told in ``applicant_statement``."""
    schema = ts.schema
    categorical = [c for c in schema.categorical if c not in moved]
    ordinal = {c: v for c, v in schema.ordinal.items() if c not in moved}
    ranks = {rank_column(c) for c in moved}
    moved_schema = schema.model_copy(
        update={
            "categorical": categorical,
            "categories": {c: schema.categories[c] for c in categorical},
            "ordinal": ordinal,
            "monotone": {c: d for c, d in schema.monotone.items() if c not in moved and c not in ranks},
            "prose": ["applicant_statement"],
            "excluded": {**schema.excluded, **dict.fromkeys(moved, "moved into the statement")},
        }
    )
    frame = with_statements(ts.frame, moved)
    return TrainingSet(f"{ts.name}-prose", frame, ts.y, moved_schema, frame_hash(frame), ts.source)
