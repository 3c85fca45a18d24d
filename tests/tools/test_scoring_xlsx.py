"""A loan book kept in Excel trains as its CSV export would: same columns, same durations."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.training_errors import UnreadableCSVError

DATA = Path(__file__).parents[1] / "data"
KEY = json.loads((DATA / "unseen_credit_uk_dates.key.json").read_text(encoding="utf-8"))


def _typed(cell: str) -> object:
    """The cell as Excel would hold it: dates as dates, plain figures as numbers, the rest as text."""
    if not cell:
        return None
    try:
        return datetime.strptime(cell, "%d/%m/%Y")
    except ValueError:
        pass
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        return cell


def test_the_uk_loan_book_as_a_workbook_reads_as_its_answer_key_says(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Loans Q4"
    sheet.append(["Personal loans, applications 2025"])  # a title row above the table
    sheet.append([])
    with (DATA / "unseen_credit_uk_dates.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            sheet.append(row if i == 0 else [_typed(c) for c in row])
    path = tmp_path / "loanbook.xlsx"
    book.save(path)
    training = load_csv(path, KEY["target"], load_config())
    schema = training.schema
    assert (len(training.y), int(training.y.sum())) == (KEY["rows"], KEY["bad"])
    assert schema.numeric == KEY["numeric"] and schema.durations == KEY["durations"]
    assert set(schema.excluded) == set(KEY["excluded"])
    assert (
        "xlsx, sheet 'Loans Q4'" in training.source
        and "2 line(s) above the header skipped" in training.source
    )
    for cell in KEY["values"]:
        got = training.frame.loc[cell["row"], cell["column"]]
        assert (got != got) if cell["value"] is None else abs(got - cell["value"]) < 5e-5, cell


def test_a_damaged_workbook_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    with pytest.raises(UnreadableCSVError, match="not a readable workbook"):
        load_csv(path, "y", load_config())
