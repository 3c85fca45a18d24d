"""What the encoder reads: a faithful serialisation of the application, or its prose fields only."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from underwrite.core.fields import FIELDS
from underwrite.tools.scoring.schema import FeatureSchema, TextVariant


def _label(name: str) -> str:
    return FIELDS[name].label if name in FIELDS else name.replace("_", " ").capitalize()


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str) and not value.strip())


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def serialise(row: Mapping[str, Any], schema: FeatureSchema) -> str:
    """``Label: value.`` for every structured input that is present, then the prose fields verbatim."""
    parts = [
        f"{_label(c)}: {_fmt(row[c])}."
        for c in [*schema.numeric, *schema.categorical]
        if _present(row.get(c))
    ]
    parts += [str(row[c]).strip() for c in schema.prose if _present(row.get(c))]
    return " ".join(parts)


def prose(row: Mapping[str, Any], schema: FeatureSchema) -> str:
    return " ".join(str(row[c]).strip() for c in schema.prose if _present(row.get(c)))


def texts_for(frame: pd.DataFrame, schema: FeatureSchema, variant: TextVariant | None = None) -> list[str]:
    chosen = variant or schema.text_variant
    if chosen == "none":
        return []
    render = serialise if chosen == "serialised" else prose
    records: list[dict[str, Any]] = frame.to_dict(orient="records")  # type: ignore[assignment]
    return [render(row, schema) for row in records]
