"""`train --csv` on a German servicing export nobody here wrote, checked against its answer key.

tests/data/unseen_credit_de.csv is Windows-1252 with `;`, CRLF and decimal commas; its key
(unseen_credit_de.key.json) says what each column is, including an application number, a date,
the applicant's sex and two columns that are only known after the outcome.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.service import Scorer, load_bundle

DATA = Path(__file__).parents[1] / "data"
CSV = DATA / "unseen_credit_de.csv"
KEY = json.loads((DATA / "unseen_credit_de.key.json").read_text(encoding="utf-8"))
runner = CliRunner()


def test_every_column_is_what_the_answer_key_says() -> None:
    training = load_csv(CSV, KEY["target"], load_config())
    schema = training.schema
    assert (len(training.y), int(training.y.sum())) == (KEY["rows"], KEY["bad"])
    assert schema.numeric == KEY["numeric"] and schema.categorical == KEY["categorical"]
    assert set(schema.excluded) == set(KEY["excluded"])
    for column, reason in KEY["excluded"].items():
        assert reason in schema.excluded[column], (column, schema.excluded[column])
    assert schema.decimal_mark == KEY["decimal_mark"] and f"encoding {KEY['encoding']}" in training.source
    for cell in KEY["values"]:
        got = training.frame.loc[cell["row"], cell["column"]]
        assert math.isnan(got) if cell["value"] is None else math.isclose(got, cell["value"]), cell
    assert schema.categories == KEY["levels"]


def test_train_says_what_it_left_out_and_the_bundle_reads_german_amounts(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    args = ["train", "--csv", str(CSV), "--target", KEY["target"], "--out", str(out), "--text", "none"]
    result = runner.invoke(app, [*args, "--cv-folds", "2", "--no-compare", "--json"])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # rich wraps at the terminal width: compare unwrapped
    for column in KEY["excluded"]:
        assert f"not an input: {column}:" in said
    card = json.loads(result.stdout)["card"]
    # Without the two post-outcome columns the file is a modest credit problem, not a 1.000 AUC.
    assert 0.6 < card["training_diagnostics"]["oof_auc"] < 0.95, card["training_diagnostics"]
    scorer = Scorer(load_bundle(out))
    row = {
        "Nettoeinkommen": "3.105,82 €",
        "Kreditbetrag": "15.375,00",
        "Laufzeit_Monate": "36",
        "Beschäftigt_seit_Jahren": "4,2",
        "Wohnsituation": "Miete",
        "Zinssatz": "5,96 %",
    }
    typed = {
        **row,
        "Nettoeinkommen": 3105.82,
        "Kreditbetrag": 15375.0,
        "Laufzeit_Monate": 36,
        "Beschäftigt_seit_Jahren": 4.2,
        "Zinssatz": 5.96,
    }
    (as_text,), (as_numbers,) = scorer.score_rows([row]), scorer.score_rows([typed])
    assert as_text.pd == as_numbers.pd and not as_text.missing_inputs
