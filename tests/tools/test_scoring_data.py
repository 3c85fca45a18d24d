"""Training data validation: every bad CSV gets its own clear error; protected columns never train."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from underwrite.cli.common import err_console
from underwrite.cli.main import app
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_csv
from underwrite.tools.scoring.training_errors import (
    MissingTargetError,
    NonBinaryTargetError,
    SingleClassTargetError,
    TooFewRowsError,
    UnreadableCSVError,
)

runner = CliRunner()


def _frame(n: int = 200, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    income = rng.normal(3000, 800, n).round()
    amount = rng.normal(8000, 3000, n).round()
    risk = 1 / (1 + np.exp(-(amount / income - 2.7)))
    return pd.DataFrame(
        {
            "income": income,
            "amount": amount,
            "region": rng.choice(["north", "south", "east"], n),
            "applicant_age": rng.integers(18, 80, n),
            "Gender": rng.choice(["f", "m"], n),
            "customer_id": [f"C{i:06d}" for i in range(n)],
            "defaulted": (rng.random(n) < risk).astype(int),
        }
    )


def _write(tmp_path: Path, frame: pd.DataFrame, name: str = "loans.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_csv_types_inferred_and_protected_and_id_columns_excluded(tmp_path: Path) -> None:
    training = load_csv(_write(tmp_path, _frame()), "defaulted", load_config())
    schema = training.schema
    assert schema.numeric == ["income", "amount"] and schema.categorical == ["region"]
    assert "protected" in schema.excluded["applicant_age"] and "protected" in schema.excluded["Gender"]
    assert "identifier" in schema.excluded["customer_id"]
    assert set(np.unique(training.y)) == {0, 1}


@pytest.mark.parametrize(
    ("content", "target", "error", "message"),
    [
        (b"\x00\x01\xff\xfe binary \x00 junk", "y", UnreadableCSVError, "not a readable CSV"),
        (b"", "y", UnreadableCSVError, "not a readable CSV"),
        (b"a,b\n1,2\n3,4\n", "y", MissingTargetError, "target column 'y' not in"),
        (("a,y\n" + "".join(f"{i},0\n" for i in range(80))).encode(), "y", SingleClassTargetError, "single"),
        (
            ("a,y\n" + "".join(f"{i},{['x', 'maybe', '??'][i % 3]}\n" for i in range(80))).encode(),
            "y",
            NonBinaryTargetError,
            "not a binary outcome",
        ),
        (
            ("a,y\n" + "".join(f"{i},{i % 5}\n" for i in range(80))).encode(),
            "y",
            NonBinaryTargetError,
            "not a binary outcome",
        ),
        (("a,y\n" + "".join(f"{i},{i % 2}\n" for i in range(20))).encode(), "y", TooFewRowsError, "at least"),
    ],
    ids=["binary-garbage", "empty", "missing-target", "single-class", "garbage-target", "multi-class", "few"],
)
def test_bad_training_data_gets_a_specific_error(
    tmp_path: Path,
    content: bytes,
    target: str,
    error: type[Exception],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(err_console, "_width", 20)  # a narrow terminal must not break the message
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        load_csv(path, target, load_config())
    result = runner.invoke(app, ["train", "--csv", str(path), "--target", target])
    assert result.exit_code == 1
    # rich wraps stderr at the terminal width (the tmp path's length varies): compare unwrapped text
    assert message.split("'")[0].strip() in " ".join(result.stderr.split())
    assert not list(tmp_path.glob("**/manifest.json"))  # nothing half-written


def test_a_target_typed_in_another_case_is_the_column_and_the_source_line_says_so(tmp_path: Path) -> None:
    frame = _frame().rename(columns={"defaulted": "Defaulted "})
    training = load_csv(_write(tmp_path, frame), "DEFAULTED", load_config())
    assert training.y.tolist() == frame["Defaulted "].tolist()
    assert training.schema.target == "Defaulted "
    assert "target 'DEFAULTED' is column 'Defaulted '" in training.source


def test_a_target_two_columns_match_ignoring_case_is_refused_not_guessed(tmp_path: Path) -> None:
    frame = _frame()
    frame["Defaulted"] = 1 - frame["defaulted"]
    with pytest.raises(
        MissingTargetError, match=r"matches several columns of loans\.csv: defaulted, Defaulted"
    ):
        load_csv(_write(tmp_path, frame), "DEFAULTED", load_config())


def test_good_labels_are_parsed_as_bad_equals_one(tmp_path: Path) -> None:
    frame = _frame()
    frame["defaulted"] = np.where(frame["defaulted"] == 1, "bad", "good")
    training = load_csv(_write(tmp_path, frame), "defaulted", load_config())
    assert training.y.tolist() == (frame["defaulted"] == "bad").astype(int).tolist()


def test_train_cli_on_any_csv_writes_bundle_and_card(tmp_path: Path) -> None:
    path = _write(tmp_path, _frame(300))
    out = tmp_path / "bundle"
    result = runner.invoke(
        app,
        [
            "train",
            "--csv",
            str(path),
            "--target",
            "defaulted",
            "--out",
            str(out),
            "--text",
            "none",
            "--cv-folds",
            "3",
            "--no-compare",  # the peer comparison has its own test (test_scoring_unseen_csv.py)
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert "comparison" not in payload
    card = payload["card"]
    assert payload["path"] == str(out) and card["rows"] == 300 and card["dataset"] == "loans"
    assert card["cv"]["auc_mean"] > 0.6  # amount / income drives the synthetic outcome
    assert "applicant_age" in card["excluded"] and (out / "model_card.md").is_file()
    again = runner.invoke(app, ["train", "--csv", str(path), "--target", "defaulted", "--out", str(out)])
    assert again.exit_code == 1 and "already holds a bundle" in again.stderr
