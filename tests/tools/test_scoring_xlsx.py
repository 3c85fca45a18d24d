"""A loan book kept in Excel trains as its CSV export would: same columns, same durations."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.training_errors import MissingTargetError, UnreadableCSVError

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


def _loan_book(sheet: Worksheet) -> None:
    sheet.append(["Personal loans, applications 2025"])  # a title row above the table
    sheet.append([])
    with (DATA / "unseen_credit_uk_dates.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            sheet.append(row if i == 0 else [_typed(c) for c in row])


def test_the_uk_loan_book_as_a_workbook_reads_as_its_answer_key_says(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Loans Q4"
    _loan_book(sheet)
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


def test_the_sheet_holding_the_target_is_read_behind_a_cover_and_a_dictionary(tmp_path: Path) -> None:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Loan book export", "prepared by credit operations"])
    cover.append(["Do not forward"])
    dictionary = book.create_sheet("Dictionary")  # names the target column too, in a few rows
    dictionary.append(["column", "meaning"])
    dictionary.append([KEY["target"], "1 = defaulted within 12 months"])
    _loan_book(book.create_sheet("Loans"))
    path = tmp_path / "loanbook.xlsx"
    book.save(path)
    training = load_csv(path, KEY["target"], load_config())
    assert (len(training.y), int(training.y.sum())) == (KEY["rows"], KEY["bad"])
    assert f"sheet 'Loans' of 3, the one with column {KEY['target']!r}" in training.source
    typed = load_csv(path, KEY["target"].lower(), load_config())  # the sheet and the column alike
    assert typed.y.tolist() == training.y.tolist()


def test_without_a_sheet_naming_the_target_the_first_with_cells_is_read_and_the_error_says_so(
    tmp_path: Path,
) -> None:
    book = Workbook()
    book.active.title = "Empty"
    book.create_sheet("Notes").append(["nothing tabular here", "at all"])
    path = tmp_path / "notes.xlsx"
    book.save(path)
    with pytest.raises(MissingTargetError, match=r"'Defaulted' not in notes\.xlsx"):
        load_csv(path, "Defaulted", load_config())
