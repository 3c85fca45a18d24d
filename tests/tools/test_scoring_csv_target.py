"""A servicing export's status column: finished loans are outcomes, running loans are left out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.csv_target import read_outcome
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.training_errors import NonBinaryTargetError, SingleClassTargetError

STATUSES = [
    "Fully Paid",
    "Charged Off",
    "Current",
    "Default",
    "Does not meet the credit policy. Status:Fully Paid",
    "Does not meet the credit policy. Status:Charged Off",
    "Late (31-120 days)",
    "In Grace Period",
]


def test_running_loans_have_no_outcome_and_every_finished_label_counts() -> None:
    outcome = read_outcome(pd.Series([*STATUSES, None]), "loan_status")
    assert outcome.keep.tolist() == [True, True, False, True, True, True, False, False, False]
    assert outcome.y.tolist() == [0, 1, 1, 0, 1]
    assert outcome.note.startswith("3 rows with no outcome yet left out (")
    assert all(
        f"{label}: 1" in outcome.note for label in ("current", "late (31-120 days)", "in grace period")
    )


def test_a_column_of_running_loans_and_one_class_is_still_a_single_class() -> None:
    with pytest.raises(SingleClassTargetError, match="single class"):
        read_outcome(pd.Series(["Current", "Fully Paid", "Current"]), "loan_status")


def test_an_unknown_status_is_named_not_guessed() -> None:
    with pytest.raises(NonBinaryTargetError, match="'restructured'"):
        read_outcome(pd.Series(["Fully Paid", "Charged Off", "Restructured"]), "loan_status")


def test_a_loan_book_export_trains_on_its_finished_loans_and_says_how_many_were_left_out(
    tmp_path: Path,
) -> None:
    rows = ["loan_amnt,int_rate,grade,loan_status"]
    for i in range(160):
        status = STATUSES[i % len(STATUSES)]
        rows.append(f"{5000 + 97 * i},{6 + (i * 7) % 19}.5%,{'ABCDE'[i % 5]},{status}")
    path = tmp_path / "loanbook.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    training = load_csv(path, "loan_status", load_config())
    assert len(training.y) == 100 and int(training.y.sum()) == 60  # 5 of 8 statuses finished; 3 of them bad
    assert "60 rows with no outcome yet left out" in training.source
