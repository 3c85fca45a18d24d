"""Calendar dates in a credit CSV -> durations measured from the application date.

A date on its own is not an attribute of the applicant (its value is the vintage: a model would
learn when, not who). The time *between* a date and the application is: years at the employer,
age of the oldest account, time since the last bankruptcy. So one column named like the
application date ("application_date", "applied_on", "Antragsdatum", "issue_d", "origination") is
the reference, and every other date becomes "years before it". A column whose dates fall after
the application in most rows (a closing, charge-off or last-payment date) was recorded later and
would hand the model the outcome: it is excluded with that reason. Without a reference column
every date is excluded, and the reason says which name would have been read as one.

The date order is decided once per column from the values ("13/02/2024" can only be day-first);
where every value reads both ways, a decimal-comma file is read day-first, any other month-first,
and the reason says the order was assumed. The format is kept in the schema, so a row scored
later is read exactly as the training file was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd

from underwrite.tools.scoring.schema import DecimalMark

# Names of the date an application was made / booked on, in the languages intake reads.
_REFERENCE_NAME = re.compile(
    r"(^|_)(appl\w*|antrag\w*|issue\w*|orig\w*|submit\w*|booking|booked|demande|solicitud|"
    r"aanvraag\w*|ansokan|zadost\w*|zadosti)($|_|\d)"
)
_FORMATS = ("ISO8601", "%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y")
_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y")
_MONTH_FIRST = ("%m/%d/%Y", "%m/%d/%y")
_DAYS_PER_YEAR = 365.25
REFERENCE_REASON = (
    "calendar date: the application date; durations are measured from it "
    "(its own value is the vintage, not an applicant attribute): excluded"
)


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def is_reference_name(name: str) -> bool:
    return bool(_REFERENCE_NAME.search(_snake(name)))


def _share_parsed(text: pd.Series, fmt: str) -> float:
    return float(pd.to_datetime(text, format=fmt, errors="coerce").notna().mean())


def date_format(present: pd.Series, mark: DecimalMark) -> tuple[str, bool]:
    """(format, order assumed): the format that reads most of the column's values."""
    text = present.astype(str).str.strip()
    candidates = [*_FORMATS, *_DAY_FIRST, *_MONTH_FIRST]
    shares = {fmt: _share_parsed(text, fmt) for fmt in candidates}
    best = max(shares.values())
    winners = [fmt for fmt in candidates if shares[fmt] == best]
    day, month = [f for f in winners if f in _DAY_FIRST], [f for f in winners if f in _MONTH_FIRST]
    if day and month:  # every value reads both ways: the file's convention decides
        return (day[0] if mark == "," else month[0]), True
    return winners[0], False


def parse_dates(values: pd.Series, fmt: str) -> pd.Series:
    """Timestamps (NaT where a value is missing or not a date in ``fmt``); date objects pass through."""

    return pd.Series([parse_date(v, fmt) for v in values], index=values.index, dtype="datetime64[ns]")


def parse_date(value: object, fmt: str) -> object:
    """A Timestamp, or NaT. A scored row may also give an ISO date (unambiguous in any file)."""
    if isinstance(value, datetime | date):
        return pd.Timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return pd.NaT
    read = pd.to_datetime(value.strip(), format=fmt, errors="coerce")
    if pd.isna(read) and fmt != "ISO8601":
        read = pd.to_datetime(value.strip(), format="ISO8601", errors="coerce")
    return read


def readable_date(value: object, fmt: str) -> bool:
    return isinstance(parse_date(value, fmt), pd.Timestamp)  # NaT is no Timestamp


def years_before(dates: pd.Series, reference: pd.Series) -> pd.Series:
    return (reference - dates).dt.days.astype(float) / _DAYS_PER_YEAR


def duration_name(column: str) -> str:
    return f"years_since_{column}"


class DatePlan:
    """What the date columns of one training file become: durations, the reference, exclusions."""

    def __init__(self, frame: pd.DataFrame, dates: Sequence[str], mark: DecimalMark) -> None:
        self.durations: dict[str, list[str]] = {}
        self.formats: dict[str, str] = {}
        self.excluded: dict[str, str] = {}
        self.values: dict[str, pd.Series] = {}
        self.assumed: dict[str, bool] = {}
        references = [c for c in dates if is_reference_name(c)]
        if not references:
            why = (
                "calendar date: excluded (no application-date column to measure a duration from; "
                "a column named like application_date or Antragsdatum would be read as one)"
            )
            self.excluded = {c: why for c in dates}
            return
        reference = references[0]
        assumed: dict[str, bool] = {}
        for col in dates:
            self.formats[col], assumed[col] = date_format(frame[col].dropna(), mark)
        self.excluded[reference] = REFERENCE_REASON
        ref = parse_dates(frame[reference], self.formats[reference])
        for col in dates:
            if col == reference:
                continue
            years = years_before(parse_dates(frame[col], self.formats[col]), ref)
            known = years.dropna()
            if known.empty:
                self.excluded[col] = f"calendar date: never present together with {reference}: excluded"
            elif float((known < 0).mean()) > 0.5:
                self.excluded[col] = (
                    f"calendar date after {reference} in {float((known < 0).mean()):.0%} of rows: "
                    "recorded after the application (would leak the outcome): excluded"
                )
            else:
                name = duration_name(col)
                if name in frame.columns:  # the file already has a column of that name: keep it
                    self.excluded[col] = f"calendar date: {name} exists in the file already: excluded"
                    continue
                self.durations[name] = [col, reference]
                self.values[name] = years
        used = [reference, *self.raw_columns]
        self.formats = {c: self.formats[c] for c in used}
        self.assumed = {c: True for c in used if assumed[c]}

    @property
    def raw_columns(self) -> list[str]:
        return [raw for raw, _ in self.durations.values()]

    def notes(self) -> list[str]:
        """How dates whose day/month order no value settles were read (for the training source)."""
        return [f"{col} read as {self.formats[col]} (day/month order assumed)" for col in self.assumed]


def with_durations(
    frame: pd.DataFrame, durations: Mapping[str, Sequence[str]], formats: Mapping[str, str]
) -> pd.DataFrame:
    """``frame`` plus every duration column it lacks, computed from its raw dates (NaN without them)."""
    missing = [name for name in durations if name not in frame]
    if not missing:
        return frame
    out = frame.copy()
    for name in missing:
        raw, ref = durations[name]
        if raw in out and ref in out:
            years = years_before(parse_dates(out[raw], formats[raw]), parse_dates(out[ref], formats[ref]))
            out[name] = years.to_numpy()
        else:
            out[name] = np.nan
    return out
