"""Generated packets -> reader -> score: the facts the model sees are the dataset row's own values."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from test_scoring_model import GERMAN, small_bundle  # noqa: F401  (fixture)
from typer.testing import CliRunner

from underwrite.cli.common import err_console
from underwrite.cli.main import app
from underwrite.synth import load_application
from underwrite.synth.generate import generate_packets
from underwrite.tools.scoring import score_application
from underwrite.tools.scoring.bundle import load_bundle
from underwrite.tools.scoring.features import application_row

runner = CliRunner()


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return b is None or (isinstance(b, float) and math.isnan(b))
    try:
        return math.isclose(float(a), float(b))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a) == str(b)


def test_generated_packets_score_from_the_rows_own_values(small_bundle: Path, tmp_path: Path) -> None:  # noqa: F811
    schema = load_bundle(small_bundle).model.schema
    for folder in generate_packets("german", 3, tmp_path / "packets", seed=5):
        truth = json.loads((folder / "truth.json").read_text())
        application, failures = load_application(folder)
        assert not failures
        row = application_row(application, schema)
        dataset_row = GERMAN.frame.iloc[truth["row_index"]]
        differing = {c for c in schema.inputs if not _same(row[c], dataset_row[c])}
        # Only facts the packet states in prose alone (left to the LLM extraction layer) may be missing.
        assert differing <= set(truth["prose_only"]), differing
        score = score_application(application, bundle=small_bundle)
        assert set(score.missing_inputs) == {c for c in differing if c in schema.inputs}
        assert 0 < score.pd < 1


def test_score_cli_prints_one_json_document(
    small_bundle: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder,) = generate_packets("german", 1, tmp_path / "packets", seed=9)
    result = runner.invoke(app, ["score", str(folder), "--bundle", str(small_bundle), "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["application_id"] == folder.name
    assert 0 < payload["score"]["pd"] < 1 and payload["score"]["grade"]
    monkeypatch.setattr(err_console, "_width", 20)  # a narrow terminal must not break the message
    missing = runner.invoke(app, ["score", str(tmp_path / "nope"), "--json"])
    assert missing.exit_code == 1 and f"{tmp_path / 'nope'} is not a packet folder" in missing.stderr


def test_score_with_key_inputs_missing_is_marked_unreliable(small_bundle: Path, tmp_path: Path) -> None:  # noqa: F811
    """Issue 16 part 7: a score resting on missing inputs says so (how many, which)."""
    from underwrite.tools.scoring import score_features

    (folder,) = generate_packets("german", 1, tmp_path / "packets", seed=8)
    application, _ = load_application(folder)
    schema = load_bundle(small_bundle).model.schema
    row = application_row(application, schema)
    full = score_features(row, bundle=small_bundle)
    assert full.reliable and full.input_count == len(schema.inputs) and not full.missing_inputs
    thin = score_features({"loan_amount": row["loan_amount"]}, bundle=small_bundle)
    assert not thin.reliable and thin.unreliable_reason is not None
    assert f"{len(schema.inputs) - 1} of {len(schema.inputs)} model inputs missing" in thin.unreliable_reason
    one_key = {k: v for k, v in row.items() if k != "loan_term_months"}
    reason = score_features(one_key, bundle=small_bundle).unreliable_reason
    assert reason is not None and "key input(s) missing: loan_term_months" in reason
