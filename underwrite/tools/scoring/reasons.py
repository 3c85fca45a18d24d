"""Adverse-action reasons from LightGBM's own contributions (``pred_contrib=True``).

Contributions are summed per input (a category and its rank column are one input; every text
column is the one "application narrative" factor), the positive ones are ranked, and each is
worded through the reason table. A protected attribute can never come out: it is not an input,
and :func:`top_reasons` raises if one ever appears.
"""

from __future__ import annotations

import importlib.resources
import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel

from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import Reason
from underwrite.tools.scoring.schema import NARRATIVE_GROUP, FeatureSchema


class ReasonEntry(BaseModel):
    code: str
    text: str


class ReasonTable(BaseModel):
    fallback: ReasonEntry
    reasons: dict[str, ReasonEntry]

    def entry(self, feature: str) -> ReasonEntry:
        return self.reasons.get(feature, self.fallback)


@lru_cache(maxsize=1)
def default_reason_table() -> ReasonTable:
    raw = importlib.resources.files("underwrite.tools.scoring").joinpath("reasons.yaml").read_text("utf-8")
    return ReasonTable.model_validate(yaml.safe_load(raw))


def explain_reason(code: str) -> str:
    """What an adverse-action reason code means, in plain words, from the reason table."""
    table = default_reason_table()
    for feature, entry in table.reasons.items():
        if entry.code == code:
            return f"{code}: {entry.text.replace('{value}', '…')} (model input: {feature})"
    if code == table.fallback.code:
        return f"{code}: other application factors not covered by a specific reason"
    raise KeyError(f"unknown reason code {code!r}")


def grouped_contributions(contrib: np.ndarray, schema: FeatureSchema) -> dict[str, float]:
    """One row of ``pred_contrib`` (without the bias column) summed per input."""
    totals: dict[str, float] = {}
    for column, value in zip(schema.model_columns, contrib, strict=True):
        group = schema.group_of(column)
        totals[group] = totals.get(group, 0.0) + float(value)
    return totals


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not provided"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def _value(group: str, row: Mapping[str, Any], schema: FeatureSchema) -> Any:
    """The applicant's own value for an input, or for a derived ratio the ratio of its two inputs."""
    if group not in schema.ratios:
        return row.get(group)
    numerator, denominator = schema.ratios[group]
    try:
        top, bottom = float(row.get(numerator)), float(row.get(denominator))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(top / bottom, 2) if bottom > 0 and not math.isnan(top) else None


def top_reasons(
    grouped: Mapping[str, float],
    row: Mapping[str, Any],
    schema: FeatureSchema,
    table: ReasonTable,
    limit: int,
    narrative_hint: str = "",
) -> list[Reason]:
    """The ``limit`` inputs that pushed this applicant's risk up most, most adverse first."""
    adverse = sorted(((g, v) for g, v in grouped.items() if v > 1e-9), key=lambda item: -item[1])
    reasons: list[Reason] = []
    for group, value in adverse[:limit]:
        if group in PROTECTED_FIELDS or group in schema.excluded:
            raise RuntimeError(f"refusing to state a reason on excluded/protected input {group!r}")
        entry = table.entry(group)
        shown = (
            (narrative_hint or "as stated") if group == NARRATIVE_GROUP else _show(_value(group, row, schema))
        )
        text = entry.text.replace("{value}", shown).replace("{feature}", group.replace("_", " "))
        reasons.append(Reason(code=entry.code, feature=group, text=text, contribution=round(value, 6)))
    return reasons
