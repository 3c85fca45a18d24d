"""`underwrite train --csv` on a credit file no generator of ours wrote: mixed types, gaps, yes/no target.

tests/data/unseen_credit.csv has amounts typed as people type them ("EUR 34,053", "$8,300"),
missing values as "", "?" and "n/a", a Y/N flag, a free-text-like notes column, an id, a date and a
protected column; the outcome column says yes/no.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from underwrite.bench.scoring import OURS, PEERS
from underwrite.cli.main import app
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.service import Scorer, load_bundle

CSV = Path(__file__).parents[1] / "data" / "unseen_credit.csv"
runner = CliRunner()


def test_unseen_csv_columns_are_read_as_a_credit_analyst_would() -> None:
    training = load_csv(CSV, "defaulted", load_config())
    schema = training.schema
    assert {"annual_income", "loan_amt", "years_at_job", "bureau_score"} <= set(schema.numeric)
    assert training.frame["annual_income"].notna().all()  # "EUR 34,053" and "€31,267.13" are numbers
    assert training.frame["bureau_score"].isna().sum() > 0  # "n/a" is missing, not a category
    assert training.frame["years_at_job"].isna().sum() > 0  # so is "?"
    assert {"purpose", "employment", "prior_default"} <= set(schema.categorical)
    assert "protected" in schema.excluded["gender"]
    assert "identifier" in schema.excluded["applicant_id"] and "applied_on" in schema.excluded
    assert schema.monotone.get("annual_income") == -1  # a known direction, by canonical name
    raw = CSV.read_text().splitlines()[1:]
    assert training.y.tolist() == [int(line.rsplit(",", 1)[1] == "yes") for line in raw]


def test_train_csv_prints_the_peer_comparison_and_the_bundle_scores_gaps(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    args = ["train", "--csv", str(CSV), "--target", "defaulted", "--out", str(out), "--text", "none"]
    result = runner.invoke(app, [*args, "--cv-folds", "2", "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    comparison = payload["comparison"]
    models = [r["model"] for r in comparison["results"]]
    assert models == [*PEERS, OURS]
    assert all(len(r["metrics"]["fold_aucs"]) == 4 for r in comparison["results"])  # 2 folds x 2
    assert [d["model"] for d in comparison["paired"]] == list(PEERS)
    ours = next(r for r in comparison["results"] if r["model"] == OURS)["metrics"]
    assert ours["auc_mean"] > 0.65  # the file's outcome does depend on its bureau score and burden
    card = payload["card"]
    weights = card["blend"]["stack_weights"]  # the default model is the stack
    assert all(w >= 0.0 for w in weights.values()) and abs(sum(weights.values()) - 1.0) < 1e-9, weights
    assert "adds up to the raw score exactly" in card["blend"]["reasons_add_up"]
    assert card["training_diagnostics"]["oof_auc"] <= card["training_diagnostics"]["in_sample_auc"]
    scorer = Scorer(load_bundle(out))
    gaps = {"annual_income": "EUR 40,000", "loan_amt": 5000, "purpose": "car", "bureau_score": np.nan}
    (score,) = scorer.score_rows([gaps])
    assert 0.0 < score.pd < 1.0 and "bureau_score" in score.missing_inputs
    assert all(r.contribution > 0 and r.feature != "gender" for r in score.reasons)
    typed = scorer.score_rows([{**gaps, "annual_income": 40000.0}])[0]
    assert typed.pd == score.pd  # "EUR 40,000" read as the number it is, at scoring time too
