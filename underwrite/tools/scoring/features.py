"""Rows and applications -> the LightGBM matrix (fixed column order, fixed category levels).

Missing values stay NaN: LightGBM routes them down a learned branch, so an application with a
fact the reader could not find is still scored, and the missing names are reported with the score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from underwrite.core.schemas import Application, FactValue, as_number
from underwrite.tools.intake.extraction.derived import employment_band, installment_rate_code
from underwrite.tools.scoring.durations import readable_date, with_durations
from underwrite.tools.scoring.schema import FeatureSchema, rank_column

# Amounts as people type them: "EUR 1,200.50", "$3,000", "12.5%", "1 200", "1.234,56 €", "CHF 1'200".
_CODES = r"eur|usd|gbp|chf|sek|nok|dkk|czk|pln|kr\.?|kč|zł"
_NUMBER_NOISE = re.compile(rf"^\s*(?:[$€£]|{_CODES})?\s*|\s*(?:%|[$€£]|{_CODES})?\s*$", re.IGNORECASE)
# A thousands separator is only ever followed by exactly three digits.
_THOUSANDS = {
    ".": r"(?<=\d)[, \u00a0\u202f'](?=\d{3}(\D|$))",
    ",": r"(?<=\d)[. \u00a0\u202f'](?=\d{3}(\D|$))",
}


def parse_numbers(series: pd.Series, decimal: str = ".") -> pd.Series:
    """Floats, also from text like "EUR 1,200" or "12.5%"; anything else becomes NaN.

    ``decimal=","`` reads the continental convention ("1.234,56", "12,5"); the caller decides
    which one a file uses (csv_columns.py), since "1,234" alone means either.
    """
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series, errors="coerce").astype(float)
    text = series.astype("string").str.replace(_NUMBER_NOISE, "", regex=True)
    text = text.str.replace(_THOUSANDS[decimal], "", regex=True)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(text, errors="coerce")
    return pd.Series(parsed.to_numpy(dtype=float, na_value=np.nan), index=series.index)


def build_matrix(frame: pd.DataFrame, schema: FeatureSchema) -> pd.DataFrame:
    """The tabular block of the model matrix for ``frame`` (text columns are added by fusion)."""
    out = pd.DataFrame(index=range(len(frame)))
    frame = with_durations(frame, schema.durations, schema.date_formats)
    for col in schema.numeric:
        values = frame[col] if col in frame else pd.Series(np.nan, index=frame.index)
        mark = schema.column_marks.get(col, schema.decimal_mark)
        out[col] = parse_numbers(values, decimal=mark).to_numpy()
    for col in schema.categorical:
        values = frame[col] if col in frame else pd.Series(np.nan, index=frame.index)
        text = values.map(lambda v: None if _is_missing(v) else str(v))
        # Fixed levels: an unseen level becomes NaN instead of shifting every other code.
        out[col] = pd.Categorical(text.to_numpy(), categories=schema.categories[col])
    for col, levels in schema.ordinal.items():
        rank = {level: float(i) for i, level in enumerate(levels)}
        out[rank_column(col)] = out[col].astype(object).map(rank).astype(float).to_numpy()
    for name, (numerator, denominator) in schema.ratios.items():
        below = out[denominator].to_numpy(dtype=float)
        # A zero or negative denominator (no income, no term) has no meaningful ratio: missing.
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(below > 0, out[numerator].to_numpy(dtype=float) / below, np.nan)
    return out


def with_ratios(
    schema: FeatureSchema, ratios: Mapping[str, Sequence[str]], monotone: Mapping[str, int]
) -> FeatureSchema:
    """The schema plus every configured ratio whose two inputs are numeric inputs of this schema.

    Ratios are what credit practice reads (amount per month of term, loan to price, amount to
    income); a tree needs many splits to approximate one, a linear model cannot at all.
    """
    if schema.ratios:
        return schema
    chosen = {
        name: [str(a), str(b)]
        for name, (a, b) in ratios.items()
        if a in schema.numeric and b in schema.numeric and name not in schema.inputs
    }
    if not chosen:
        return schema
    directions = {name: int(monotone[name]) for name in chosen if monotone.get(name)}
    return schema.model_copy(update={"ratios": chosen, "monotone": {**schema.monotone, **directions}})


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return bool(isinstance(value, str) and not value.strip())


def rows_frame(rows: Sequence[Mapping[str, Any]], schema: FeatureSchema) -> pd.DataFrame:
    """Dict rows -> a frame with every schema input present (absent ones NaN)."""
    frame = pd.DataFrame(list(rows))
    for col in schema.inputs:
        if col not in frame:
            frame[col] = np.nan
    return with_durations(frame, schema.durations, schema.date_formats)


def missing_inputs(row: Mapping[str, Any], schema: FeatureSchema) -> list[str]:
    """Inputs the row lacks; a date that is not a date in the training file's format counts too."""
    formats = schema.date_formats
    return [
        c
        for c in schema.inputs
        if _is_missing(row.get(c)) or (c in formats and not readable_date(row[c], formats[c]))
    ]


# --- Application -> row -------------------------------------------------------------------------


def application_values(app: Application) -> dict[str, FactValue]:
    """Every fact's most trusted value by canonical name, with the request filling gaps."""
    values: dict[str, FactValue] = {}
    for name in dict.fromkeys(f.name for f in app.facts):
        values[name] = app.value(name)
    fallbacks = {
        "loan_amount": app.request.amount,
        "loan_term_months": app.request.term_months,
        "loan_purpose": app.request.purpose,
        "product": app.request.product,
    }
    for name, value in fallbacks.items():
        if values.get(name) is None and value is not None:
            values[name] = value
    return values


def values_to_row(values: Mapping[str, FactValue], schema: FeatureSchema) -> dict[str, Any]:
    """Canonical values -> the model's input row, deriving the German coded inputs when needed."""
    row: dict[str, Any] = {c: values.get(c) for c in schema.inputs}
    if "installment_rate_code" in schema.inputs:
        # Statlog's code is the new instalment's share of *disposable* income (net income less
        # housing and other debt payments), banded by GERMAN_INSTALLMENT_RATE_BANDS. A stated code
        # only stands when the figures to recompute it are missing: the figures outrank a code.
        derived = installment_rate_code({**values, "product": values.get("product") or "consumer_instalment"})
        row["installment_rate_code"] = derived if derived is not None else values.get("installment_rate_code")
    if "employment_since_band" in schema.inputs and _is_missing(row.get("employment_since_band")):
        years = as_number(values.get("employment_years"))
        status = values.get("employment_status")
        row["employment_since_band"] = employment_band(status if isinstance(status, str) else None, years)
    return {k: (np.nan if _is_missing(v) else v) for k, v in row.items()}


def application_row(app: Application, schema: FeatureSchema) -> dict[str, Any]:
    return values_to_row(application_values(app), schema)
