"""What a credit file's outcome column says for each row: bad, good, or no outcome yet.

A servicing export lists every loan, also those still running: LendingClub's `loan_status` holds
"Fully Paid", "Charged Off" and "Default" next to "Current", "In Grace Period" and "Late (31-120
days)". A running loan has no outcome yet; counting it as good would teach the model that young
loans are safe. Those rows are left out and the count is said. Late loans are running too (most
are not yet written off); a lender who counts them as bad recodes the column first. Labels are
also read under LendingClub's "Does not meet the credit policy. Status:" prefix, and in the
languages intake reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from underwrite.tools.scoring.training_errors import NonBinaryTargetError, SingleClassTargetError

# "yes" is bad: the target names the event (defaulted: yes). Also the yes/no of the languages
# whose documents intake reads (German, Dutch, Nordic, French, Spanish, Portuguese, Czech/Slovak).
BAD_LABELS = {"1", "1.0", "bad", "default", "defaulted", "yes", "true", "charged off", "denied", "y"}
BAD_LABELS |= {"ja", "j", "oui", "sí", "si", "sim", "ano", "áno", "written off", "abgeschrieben"}
GOOD_LABELS = {"0", "0.0", "good", "paid", "fully paid", "no", "false", "approved", "n", "non-default"}
GOOD_LABELS |= {"nein", "nee", "nej", "nei", "non", "não", "nao", "ne", "nie", "paid off", "getilgt"}
# Loans still running: no outcome yet.
OPEN_LABELS = {"current", "in grace period", "late (16-30 days)", "late (31-120 days)", "issued"}
OPEN_LABELS |= {"open", "active", "running", "outstanding", "laufend", "offen", "en cours", "vigente"}
_POLICY_PREFIX = re.compile(r"^does not meet the credit policy\.?\s*status:\s*")


@dataclass(frozen=True)
class Outcome:
    keep: np.ndarray
    """Rows that have an outcome (bool, one per input row)."""
    y: np.ndarray
    """1 = bad, for the kept rows."""
    note: str
    """Rows left out and why ('' when none were)."""


def _labels(series: pd.Series) -> pd.Series:
    text = series.astype(str).str.strip().str.lower()
    return text.str.replace(_POLICY_PREFIX, "", regex=True).str.strip()


def read_outcome(series: pd.Series, target: str) -> Outcome:
    """Each row's outcome; raises with the reason when the column is not a good/bad outcome."""
    if series.dropna().empty:
        raise SingleClassTargetError(f"target column {target!r} is empty")
    labels = _labels(series.dropna())
    distinct = sorted(labels.unique())
    unknown = [v for v in distinct if v not in BAD_LABELS | GOOD_LABELS | OPEN_LABELS]
    if unknown:
        shown = ", ".join(repr(v) for v in distinct[:8])
        raise NonBinaryTargetError(
            f"target column {target!r} is not a binary outcome: values {shown}"
            f"{' …' if len(distinct) > 8 else ''}; use 1/0 (1 = default/bad) or good/bad"
        )
    closed = [v for v in distinct if v not in OPEN_LABELS]
    if len(closed) == 1:
        raise SingleClassTargetError(
            f"target column {target!r} has a single class ({closed[0]!r}); need both good and bad rows"
        )
    if all(v in BAD_LABELS for v in closed) or all(v in GOOD_LABELS for v in closed):
        raise NonBinaryTargetError(f"target column {target!r}: cannot tell bad from good in {closed}")
    every = _labels(series.fillna(""))
    keep = (series.notna() & ~every.isin(OPEN_LABELS)).to_numpy()
    y = every[keep].isin(BAD_LABELS).to_numpy(dtype=int)
    counts = every[series.notna() & every.isin(OPEN_LABELS)].value_counts()
    note = ""
    if len(counts):
        which = ", ".join(f"{label}: {n}" for label, n in counts.items())
        note = f"{int(counts.sum())} rows with no outcome yet left out ({which})"
    return Outcome(keep=keep, y=y, note=note)
