"""What each column of a credit CSV nobody here wrote is: a number, a category, prose, or excluded.

Files come from wherever a lender's export came from: an English system writes "1,234.56", a German
or French one "1.234,56" / "1 234,56" (and `;` between fields, in Windows-1252). The decimal mark is
decided once per file from the values that can only be read one way ("12,5", "1.234,56" vs
"12.5", "1,234.56"); a column with its own unambiguous evidence keeps it. Identifiers and row
numbers are excluded with the reason: they are not attributes of the applicant, and an application
number that rises with time lets a model learn the vintage instead of the risk. Calendar dates are
the kind "date": durations.py turns them into years before the application date, or excludes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from underwrite.tools.scoring.features import parse_numbers
from underwrite.tools.scoring.schema import DecimalMark

_MAX_CATEGORY_LEVELS = 50
_NUMERIC_SHARE = 0.95  # share of present values that must read as numbers (or dates)
# Values that can only be read with a decimal comma / a decimal point, after currency marks go.
_ONLY_COMMA = re.compile(r"^[-+]?(\d{1,3}([. \u00a0\u202f']\d{3})+,\d+|\d+,\d{1,2}|\d+,\d{4,})$")
_ONLY_POINT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+\.\d+|\d+\.\d{1,2}|\d+\.\d{4,})$")
_CURRENCY = re.compile(r"^\s*(?:[$€£]|[a-z]{3}\b)?\s*|\s*(?:%|[$€£]|[a-z]{3}|kr\.?|kč|zł)?\s*$", re.I)
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}/\d{1,2}/\d{1,2})$"
)
# Name parts that say "this is a key, not a measurement" (only believed together with one value per row).
_ID_NAME = re.compile(r"(^|_)(id|ids|no|nr|nummer|number|num|key|ref|reference|uuid|guid|code)($|_|\d)")


def _share(series: pd.Series, test: Callable[[str], bool]) -> float:
    text = series.astype(str).str.strip()
    return float(text.map(test).mean()) if len(text) else 0.0


def _evidence(series: pd.Series) -> tuple[int, int]:
    """How many values only a decimal comma, and how many only a decimal point, can read."""
    if pd.api.types.is_numeric_dtype(series):
        return 0, 0
    text = series.dropna().astype(str).str.replace(_CURRENCY, "", regex=True)
    return int(text.str.fullmatch(_ONLY_COMMA).sum()), int(text.str.fullmatch(_ONLY_POINT).sum())


def file_decimal_mark(frame: pd.DataFrame) -> DecimalMark:
    """The decimal mark most of the file's unambiguous values use ("." when nothing tells)."""
    comma = point = 0
    for col in frame.columns:
        c, p = _evidence(frame[col])
        comma, point = comma + c, point + p
    return "," if comma > point else "."


def column_decimal_mark(series: pd.Series, file_mark: DecimalMark) -> DecimalMark:
    comma, point = _evidence(series)
    if comma and not point:
        return ","
    if point and not comma:
        return "."
    return file_mark


def is_date_column(present: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(present):
        return False
    return _share(present, lambda s: bool(_DATE.match(s))) >= _NUMERIC_SHARE


def is_identifier(name: str, numbers: pd.Series) -> bool:
    """One distinct whole number per row, and either named like a key or counting up in even steps."""
    values = numbers.dropna()
    if len(values) < 20 or values.nunique() != len(values) or not (values == values.round()).all():
        return False
    steps = values.sort_values().diff().dropna()
    return bool(_ID_NAME.search(_snake(name))) or steps.nunique() == 1


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def infer_kind(series: pd.Series, name: str, file_mark: DecimalMark) -> tuple[str, pd.Series | None]:
    """(kind, parsed numbers or None): kind is numeric / categorical / text / date, or an exclusion reason."""
    present = series.dropna()
    if present.empty:
        return "empty column: excluded", None
    if is_date_column(present):
        return "date", None
    numbers = parse_numbers(series, decimal=column_decimal_mark(series, file_mark))
    if numbers[present.index].notna().mean() >= _NUMERIC_SHARE:
        if present.nunique() <= 1:
            return "constant column: excluded", None
        if is_identifier(name, numbers):
            return "identifier (one distinct whole number per row): excluded", None
        return "numeric", numbers
    levels = present.astype(str).nunique()
    if levels <= _MAX_CATEGORY_LEVELS:
        return ("categorical" if levels > 1 else "constant column: excluded"), None
    mean_words = float(present.astype(str).map(lambda s: len(s.split())).mean())
    if mean_words >= 4:
        return "text", None
    return "identifier-like (many distinct short values): excluded", None
