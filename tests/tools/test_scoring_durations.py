"""Dates in a CSV nobody here wrote become years before the application date, or are excluded.

tests/data/unseen_credit_uk_dates.csv is a UK export (day-first dates, decimal point); its key
(unseen_credit_uk_dates.key.json) gives the durations worked out by hand.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.durations import DatePlan, date_format, is_reference_name
from underwrite.tools.scoring.service import Scorer, load_bundle

DATA = Path(__file__).parents[1] / "data"
CSV = DATA / "unseen_credit_uk_dates.csv"
KEY = json.loads((DATA / "unseen_credit_uk_dates.key.json").read_text(encoding="utf-8"))
runner = CliRunner()


def _plan(columns: dict[str, list[str | None]], mark: str = ".") -> DatePlan:
    frame = pd.DataFrame(columns)
    return DatePlan(frame, list(frame.columns), mark)  # type: ignore[arg-type]


def test_the_values_settle_the_day_month_order_whatever_the_files_decimal_mark() -> None:
    assert date_format(pd.Series(["01/02/2024", "13/02/2024"]), ".") == ("%d/%m/%Y", False)
    assert date_format(pd.Series(["01/02/2024", "02/13/2024"]), ",") == ("%m/%d/%Y", False)
    assert date_format(pd.Series(["2024-02-13", "2024-03-01"]), ",") == ("ISO8601", False)
    assert date_format(pd.Series(["13.02.2024", "01.03.2024"]), ".") == ("%d.%m.%Y", False)


def test_an_order_no_value_settles_follows_the_file_and_is_said() -> None:
    assert date_format(pd.Series(["01/02/2024", "03/04/2024"]), ",") == ("%d/%m/%Y", True)
    assert date_format(pd.Series(["01/02/2024", "03/04/2024"]), ".") == ("%m/%d/%Y", True)
    plan = _plan({"application_date": ["01/02/2024", "03/04/2024"], "opened": ["01/02/2020", "03/04/2021"]})
    assert plan.notes() == [
        "application_date read as %m/%d/%Y (day/month order assumed)",
        "opened read as %m/%d/%Y (day/month order assumed)",
    ]


def test_application_dates_are_recognised_by_name_in_the_languages_intake_reads() -> None:
    for name in ("Application Date", "applied_on", "Antragsdatum", "issue_d", "origination_date"):
        assert is_reference_name(name), name
    for name in ("account_opened", "employment_start", "last_payment_date", "Geburtsdatum"):
        assert not is_reference_name(name), name


def test_without_an_application_date_every_date_is_excluded_and_the_reason_says_what_would_do() -> None:
    plan = _plan({"opened": ["2020-01-05", "2021-03-01"], "closed": ["2024-01-05", "2024-03-01"]})
    assert not plan.durations and set(plan.excluded) == {"opened", "closed"}
    assert "no application-date column" in plan.excluded["opened"]


def test_a_date_after_the_application_in_most_rows_is_excluded_as_recorded_later() -> None:
    plan = _plan(
        {
            "applied_on": ["2024-01-10", "2024-02-10", "2024-03-10"],
            "charged_off_on": ["2025-01-01", "2025-02-01", "2023-12-01"],
            "employer_since": ["2020-01-10", None, "2024-03-20"],
        }
    )
    assert "recorded after the application" in plan.excluded["charged_off_on"]
    assert "67% of rows" in plan.excluded["charged_off_on"]
    assert plan.durations == {"years_since_employer_since": ["employer_since", "applied_on"]}
    years = plan.values["years_since_employer_since"].tolist()
    # A single later date in a column that is mostly earlier stays, as a negative duration.
    assert math.isclose(years[0], 1461 / 365.25) and math.isnan(years[1]) and years[2] < 0


def test_the_uk_export_reads_as_its_answer_key_says() -> None:
    training = load_csv(CSV, KEY["target"], load_config())
    schema = training.schema
    assert (len(training.y), int(training.y.sum())) == (KEY["rows"], KEY["bad"])
    assert schema.numeric == KEY["numeric"] and schema.categorical == KEY["categorical"]
    assert schema.durations == KEY["durations"]
    assert set(schema.date_formats.values()) == {KEY["date_format"]}
    assert set(schema.excluded) == set(KEY["excluded"])
    for column, reason in KEY["excluded"].items():
        assert reason in schema.excluded[column], (column, schema.excluded[column])
    for cell in KEY["values"]:
        got = training.frame.loc[cell["row"], cell["column"]]
        expected = cell["value"]
        assert math.isnan(got) if expected is None else math.isclose(got, expected, abs_tol=5e-5), cell


def test_a_bundle_trained_on_dates_scores_rows_that_give_the_dates(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    args = ["train", "--csv", str(CSV), "--target", KEY["target"], "--out", str(out), "--text", "none"]
    result = runner.invoke(app, [*args, "--cv-folds", "2", "--no-compare", "--json"])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # rich wraps at the terminal width: compare unwrapped
    for name, (raw, ref) in KEY["durations"].items():
        assert f"derived input: {name} = years from {raw} to {ref}" in said
    card = json.loads(result.stdout)["card"]
    assert set(card["features"]["durations"]) == set(KEY["durations"])
    markdown = (out / "model_card.md").read_text(encoding="utf-8")
    assert (
        "- Duration `years_since_Employment Start`: years from Employment Start to Application Date"
        in markdown
    )
    scorer = Scorer(load_bundle(out))
    assert {"Application Date", "Employment Start"} <= set(scorer.schema.inputs)
    assert "years_since_Employment Start" not in scorer.schema.inputs
    row = {
        "Application Date": "02/11/2025",
        "Employment Start": "04/04/2024",
        "Oldest Account Opened": "26/09/2007",
        "Gross Annual Income": "£45,700",
        "Loan Amount": "18,800.00",
        "Term (years)": "1",
        "Tenure": "Private tenant",
    }
    typed = {**row, "Application Date": date(2025, 11, 2), "Employment Start": date(2024, 4, 4)}
    recent = {**row, "Employment Start": "01/10/2025", "Oldest Account Opened": "01/06/2025"}
    undated = {**row, "Application Date": None}
    (as_text,), (as_dates,), (no_dates,) = (scorer.score_rows([r]) for r in (row, typed, undated))
    assert as_text.pd == as_dates.pd
    assert as_text.missing_inputs == ["Last CCJ Date"]
    assert "Application Date" in no_dates.missing_inputs
    # An ISO date reads in any file; a date that is no date in the file's order is reported missing.
    (iso,) = scorer.score_rows([{**row, "Application Date": "2025-11-02"}])
    (garbled,) = scorer.score_rows([{**row, "Employment Start": "2024-13-45"}])
    assert iso.pd == as_text.pd and garbled.missing_inputs == ["Employment Start", "Last CCJ Date"]
    # The durations carry the file's signal: a new job and a new credit file score as riskier.
    (fresh,) = scorer.score_rows([recent])
    assert fresh.pd > as_text.pd
