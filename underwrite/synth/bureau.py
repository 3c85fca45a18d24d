"""What a credit bureau report says about an applicant, from a dataset row (deterministic mapping).

A lender pulls a bureau report for every applicant (policy CP-3.1); the policy's credit-history
rules (CP-3.2 delinquencies, CP-3.3 public records) read it. The datasets carry this information
in different shapes, so each has a documented mapping:

* **German credit** has no count of delinquencies and no public-record column, only the applicant's
  ``credit_history`` category. It maps as follows (public records: the German coding has no
  category for insolvency or judgments, and the dataset records none, so the report shows none):

  ======================================================== ================= ==============
  ``credit_history``                                        delinquencies_2y  public_records
  ======================================================== ================= ==============
  no credits taken/ all credits paid back duly              0                 no
  all credits at this bank paid back duly                   0                 no
  existing credits paid back duly till now                  0                 no
  delay in paying off in the past                           1                 no
  critical account/ other credits existing (not at this bank) 2               no
  ======================================================== ================= ==============

  "Critical account" maps to two delinquencies — the soft band of CP-3.2 (explanation and a
  condition) — rather than a hard failure: the category flags a file to look at, not proven
  arrears, and in the German data it is not associated with more defaults.
* **credit_data** (modeldata): ``public_records`` is taken as it is ("yes"/"no"); the dataset has no
  delinquency count, which the report then leaves out.
* **lending_club** (modeldata): ``delinquencies_2y`` is taken as it is; the dataset has no public
  record flag, which the report then leaves out.

A field the row cannot supply is left out of the report, never filled with a clean value: the rule
that needs it then reports ``cannot_evaluate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BUREAU_FIELDS = ("delinquencies_2y", "public_records")

GERMAN_HISTORY_TO_BUREAU: dict[str, tuple[int, str]] = {
    "no credits taken/ all credits paid back duly": (0, "no"),
    "all credits at this bank paid back duly": (0, "no"),
    "existing credits paid back duly till now": (0, "no"),
    "delay in paying off in the past": (1, "no"),
    "critical account/ other credits existing (not at this bank)": (2, "no"),
}


def bureau_record(dataset: str, row: Mapping[str, Any]) -> dict[str, int | str]:
    """The bureau facts for one decoded dataset row (see the module docstring for the mapping).

    Raises ValueError for an unknown dataset or a German credit-history category not in the table.
    """
    if dataset == "german":
        history = str(row["credit_history"])
        if history not in GERMAN_HISTORY_TO_BUREAU:
            raise ValueError(f"no bureau mapping for German credit_history {history!r}")
        delinquencies, public = GERMAN_HISTORY_TO_BUREAU[history]
        return {"delinquencies_2y": delinquencies, "public_records": public}
    if dataset == "credit_data":
        flag = str(row.get("public_records", "")).strip().lower()
        return {"public_records": flag} if flag in ("yes", "no") else {}
    if dataset == "lending_club":
        count = row.get("delinquencies_2y")
        return {} if count is None or count != count else {"delinquencies_2y": int(count)}
    raise ValueError(f"no bureau mapping for dataset {dataset!r}")
