"""SecAgg+ on Flower's SuperLink path: real flower-superlink, flower-supernode and flwr run processes.

Slow (each SuperNode starts a ClientApp process per message; SecAgg+ adds four stages per fit round),
so it is marked ``slow`` and runs with few rounds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.runner import RunOptions
from underwrite.tools.scoring.federated.secagg_runner import run_superlink
from underwrite.tools.scoring.federated.silos import local_split, read_silo

pytest.importorskip("flwr")
pytestmark = pytest.mark.slow


def test_secagg_fit_round_shows_the_server_only_the_weighted_sum(tmp_path: Path) -> None:
    options = RunOptions(silos=3, split="natural", rounds=1, platt_rounds=1, splines=False, personalise=False)
    run = run_superlink("german", tmp_path, options, secagg=True)
    summary = run.summary
    assert [r["phase"] for r in summary["rounds"]] == ["stats", "fit", "platt"]
    assert summary["secagg_rounds"] == [2]
    assert all(r["silos"] == ["silo_0", "silo_1", "silo_2"] and not r["failures"] for r in summary["rounds"])
    by_kind: dict[str, set[str]] = {}
    for message in summary["wire"]:
        by_kind.setdefault(message["kind"], set()).add(message["digest"])
    # Plain rounds: three different per-silo arrays. The SecAgg+ round: one array, the unmasked sum.
    assert len(by_kind["stats"]) == 3 and len(by_kind["platt"]) == 3
    assert len(by_kind["fit"]) == 1
    # ... and that sum is the size-weighted average of what each silo computed locally.
    mean, sd = np.array(summary["mean"]), np.array(summary["sd"])
    updates, weights = [], []
    for silo in run.silos:
        frame = read_silo(silo.path, run.schema_.categorical)
        y = frame["target"].to_numpy(dtype=int)
        fit_idx, _ = local_split(y)
        z = linear.standardize(linear.raw_design(frame, run.schema_)[fit_idx], mean, sd)
        start = np.zeros(z.shape[1] + 1)
        lam = 1.0 / summary["total_rows"]
        updates.append(
            linear.local_fit(z, y[fit_idx], start, lam=lam, mu=options.mu, steps=options.local_steps)
        )
        weights.append(len(fit_idx))
    expected = np.average(np.stack(updates), axis=0, weights=weights)
    assert np.allclose(summary["weights"], expected, atol=1e-3)
    assert not np.allclose(summary["weights"], updates[0], atol=1e-3)


def test_secagg_runs_over_tls_with_registered_supernode_keys(tmp_path: Path) -> None:
    options = RunOptions(silos=2, split="natural", rounds=1, platt_rounds=1, splines=False, tls=True)
    run = run_superlink("german", tmp_path, options, secagg=True)
    assert run.summary["tls"] is True and run.summary["secagg_rounds"] == [2]
    assert [r["silos"] for r in run.summary["rounds"]] == [["silo_0", "silo_1"]] * 3
    # Only the silos whose public keys the operator registered took part.
    assert sorted(p.name for p in (tmp_path / "keys").glob("*.pub")) == ["silo_0.pub", "silo_1.pub"]
    assert "authentication is disabled" not in (tmp_path / "logs" / "superlink.log").read_text()
