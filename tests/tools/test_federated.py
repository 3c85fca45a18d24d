"""Federated training (issue 21): real Flower server + client processes over TLS loopback."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from agent_fakes import fake_application
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.datasets import load_dataset
from underwrite.core.settings import reset_settings_cache
from underwrite.tools.scoring import score_application
from underwrite.tools.scoring.bundle import BundleError, load_bundle
from underwrite.tools.scoring.federated.bundle import train_federated
from underwrite.tools.scoring.federated.linear import design_columns
from underwrite.tools.scoring.federated.personal import NAMES
from underwrite.tools.scoring.federated.runner import RunOptions, personal_path, run_federated
from underwrite.tools.scoring.federated.silos import assign_silos, natural_key
from underwrite.tools.scoring.federated.splines import BINS
from underwrite.tools.scoring.service import Scorer

pytest.importorskip("flwr")


def test_natural_silos_do_not_share_a_key() -> None:
    ds = load_dataset("credit_data")
    rows = list(range(len(ds.frame)))
    silo = assign_silos(ds, rows, 3, "natural")
    keys = natural_key(ds).to_numpy()
    owners = {k: set(silo[keys == k]) for k in set(keys)}
    assert all(len(s) == 1 for s in owners.values())
    assert sorted(set(silo)) == [0, 1, 2]


def test_update_clipping_bounds_the_update_and_off_means_untouched() -> None:
    from underwrite.tools.scoring.federated.client import _privatize  # imports flwr

    start, new = np.zeros(5), np.full(5, 3.0)
    assert np.array_equal(_privatize(new, start, clip=0.0, noise=1.0), new)
    clipped = _privatize(new, start, clip=0.5, noise=0.0)
    assert np.linalg.norm(clipped - start) == pytest.approx(0.5)
    assert np.allclose(clipped / np.linalg.norm(clipped), new / np.linalg.norm(new))


def test_federated_cli_needs_a_built_in_dataset_and_a_known_split() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["train", "--federated"]).exit_code != 0
    assert (
        runner.invoke(app, ["train", "--federated", "--dataset", "german", "--split", "odd"]).exit_code != 0
    )


def test_two_silo_run_sends_no_rows_and_gives_a_scoring_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = RunOptions(silos=2, split="natural", rounds=3, platt_rounds=2)
    run, card = train_federated("german", tmp_path / "bundle", tmp_path / "run", options)
    summary = run.summary
    assert summary["tls"] is True
    phases = ["sketch", "stats", "fit", "fit", "fit", "platt", "platt"]
    assert [r["phase"] for r in summary["rounds"]] == phases
    assert all(r["silos"] == ["silo_0", "silo_1"] and not r["failures"] for r in summary["rounds"])
    assert summary["dropped"] == {}
    # What crossed from the silos: exactly the model's shapes, and nothing row-shaped.
    knots = (np.array(summary["knot_col"]), np.array(summary["knot_val"]))
    assert len(knots[0]) > 0  # german's duration / amount / age get hinge columns
    d = len(design_columns(run.schema_, knots))
    n_num = len(run.schema_.numeric)
    allowed = {
        "sketch": [[n_num, BINS]],
        "stats": [[3, d]],
        "fit": [[d + 1]],
        "platt": [[2], [2, 2]],
        "evaluate": [],
    }
    row_counts = {s.rows for s in run.silos} | {int(m["n"]) for m in summary["silo_metrics"].values()}
    assert len(summary["wire"]) == 2 * (len(summary["rounds"]) + 1)
    for message in summary["wire"]:
        assert message["shapes"] == allowed[message["kind"]]
        assert not any(dim in row_counts for shape in message["shapes"] for dim in shape)
        assert all(isinstance(v, (int, float, str)) for v in message["metrics"].values())
    # The bundle is a normal one: the product's scorer loads it and gives a PD with reasons.
    bundle = load_bundle(tmp_path / "bundle")
    frame = load_dataset("german").frame
    scores = Scorer(bundle).score_rows(frame.head(20).to_dict(orient="records"))
    assert all(0 < s.pd < 1 for s in scores)
    raw = np.array([s.raw_score for s in scores])
    contrib = bundle.model.contributions(bundle.model.matrix(frame.head(20)))
    assert np.allclose(contrib.sum(axis=1), raw, atol=1e-5)  # reasons add up to the score
    assert card["holdout"]["auc"] > 0.6
    assert not any(p.suffix == ".csv" for p in (tmp_path / "bundle").iterdir())
    # Each silo kept its personalised model beside its own data; only its mu and AUC were reported.
    for silo in run.silos:
        mine = json.loads(personal_path(silo).read_text())
        assert len(mine["weights"]) == d + 1
        assert summary["silo_metrics"][silo.name]["personal_auc"] > 0.5
    assert not any(p.name.endswith(".personal.json") for p in (tmp_path / "bundle").iterdir())
    # UW_SCORE_BUNDLE points the product path (the workflow's score_application) at this bundle.
    monkeypatch.setenv("UW_SCORE_BUNDLE", str(tmp_path / "bundle"))
    reset_settings_cache()
    score = score_application(fake_application(tmp_path))
    assert score.model_version == card["model_version"] and 0 < score.pd < 1
    monkeypatch.setenv("UW_SCORE_BUNDLE", str(tmp_path / "run"))  # a folder that is not a bundle
    reset_settings_cache()
    with pytest.raises(BundleError, match=r"UW_SCORE_BUNDLE=.*not a model bundle"):
        score_application(fake_application(tmp_path))
    fed = card["federation"]
    assert len(fed["hinge_columns"]) == len(knots[0])
    choices = {info["personalised_choice"] for info in fed["silos"].values()}
    assert choices and choices <= set(NAMES)


def test_a_client_dying_mid_round_is_reported_and_the_run_finishes(tmp_path: Path) -> None:
    options = RunOptions(silos=2, split="iid", rounds=3, platt_rounds=2, die={1: 3})
    run = run_federated("german", tmp_path, options)
    summary = run.summary
    assert run.client_exit_codes["silo_1"] == 3
    assert summary["dropped"] == {"silo_1": 3}  # its 3rd fit call: sketch, stats, then the 1st fit
    assert [r["silos"] for r in summary["rounds"]][2:] == [["silo_0"]] * 5
    assert len(summary["rounds"]) == 7 and list(summary["silo_metrics"]) == ["silo_0"]


def test_sketch_knots_are_close_to_the_pooled_quartiles_and_hinges_add_up() -> None:
    from underwrite.tools.scoring.federated import splines

    rng = np.random.default_rng(0)
    income = rng.lognormal(8, 1, size=3000)
    flag = rng.integers(0, 2, size=3000).astype(float)  # two values: no interior knot
    x = np.column_stack([income, flag])
    halves = splines.sketch(x[:1000]) + splines.sketch(x[1000:])  # two silos' sketches, summed
    knot_col, knot_val = splines.knots_from_sketch(halves)
    assert list(knot_col) == [0, 0, 0]
    assert np.allclose(knot_val, np.quantile(income, [0.25, 0.5, 0.75]), rtol=0.07)
    wide = splines.expand(x, knot_col, knot_val)
    assert wide.shape == (3000, 5) and np.all(wide[:, 2:] >= 0)


def test_score_names_a_uw_score_bundle_that_is_not_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UW_SCORE_BUNDLE", str(tmp_path / "nowhere"))
    reset_settings_cache()
    (tmp_path / "packet").mkdir()
    result = CliRunner().invoke(app, ["score", str(tmp_path / "packet"), "--json"])
    assert result.exit_code == 1, result.output
    assert "is not a model bundle" in result.stderr and result.stdout == ""
