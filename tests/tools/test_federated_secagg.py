"""SecAgg+ on Flower's SuperLink path: real flower-superlink, flower-supernode and flwr run processes.

Slow (each SuperNode starts a ClientApp process per message and SecAgg+ has four stages per round),
so it is marked ``slow`` and made as small as it can be while every kind of round still runs under
SecAgg+: one run (module fixture) of two German silos, one FedProx round and one Platt round, over
TLS with registered SuperNode keys; the tests below read that one run. The ClientApp module is light
(``fab_client_app.py``), so the three key-exchange stages of a round skip the scoring imports.
"""

from __future__ import annotations

import numpy as np
import pytest

from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.runner import RunOptions, RunResult
from underwrite.tools.scoring.federated.secagg_runner import run_superlink
from underwrite.tools.scoring.federated.silos import local_split, read_silo

pytest.importorskip("flwr")
# One run of real processes: 4 SecAgg+ rounds x 4 stages, one ClientApp process per stage. On a
# loaded shared 2-core host that can pass the suite's 600 s default; it is a deadline, not a check.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

OPTIONS = RunOptions(silos=2, split="natural", rounds=1, platt_rounds=1, splines=False, personalise=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return run_superlink("german", tmp_path_factory.mktemp("secagg"), OPTIONS, secagg=True)


def _silo_rows(run: RunResult) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(design, labels, fit positions, calibration positions) per silo, read from its own file."""
    out = []
    for silo in run.silos:
        frame = read_silo(silo.path, run.schema_.categorical)
        y = frame["target"].to_numpy(dtype=int)
        out.append((linear.raw_design(frame, run.schema_), y, *local_split(y)))
    return out


def test_every_round_shows_the_server_only_the_weighted_average(run: RunResult) -> None:
    summary = run.summary
    assert [r["phase"] for r in summary["rounds"]] == ["sketch", "stats", "fit", "platt"]
    assert summary["secagg_rounds"] == [1, 2, 3, 4]
    assert all(r["silos"] == ["silo_0", "silo_1"] and not r["failures"] for r in summary["rounds"])
    # Each round, both silos' slots at the server held one identical array: the unmasked average.
    for kind in ("sketch", "stats", "fit", "platt"):
        assert len({m["digest"] for m in summary["wire"] if m["kind"] == kind}) == 1, kind
    # ... and nothing row-shaped crossed.
    rows = {s.rows for s in run.silos}
    assert not any(dim in rows for m in summary["wire"] for shape in m["shapes"] for dim in shape)


def test_the_unmasked_averages_equal_the_plain_pooled_computation(run: RunResult) -> None:
    summary = run.summary
    silos = _silo_rows(run)
    # Stats round: pooled standardizer from all silos' fit rows.
    pooled = np.vstack([x[f] for x, _, f, _ in silos])
    mean, sd = linear.standardizer(linear.column_stats(pooled))
    assert np.allclose(summary["mean"], mean, rtol=1e-3, atol=1e-3)
    assert np.allclose(summary["sd"], sd, rtol=1e-3, atol=1e-3)
    # Fit round: the size-weighted average of the silos' local FedProx updates.
    mean, sd = np.array(summary["mean"]), np.array(summary["sd"])
    updates, weights = [], []
    for x, y, fit_idx, _ in silos:
        z = linear.standardize(x[fit_idx], mean, sd)
        start = np.zeros(z.shape[1] + 1)
        lam = 1.0 / summary["total_rows"]
        updates.append(
            linear.local_fit(z, y[fit_idx], start, lam=lam, mu=OPTIONS.mu, steps=OPTIONS.local_steps)
        )
        weights.append(len(fit_idx))
    w = np.average(np.stack(updates), axis=0, weights=weights)
    assert np.allclose(summary["weights"], w, atol=1e-3)
    assert not np.allclose(summary["weights"], updates[0], atol=1e-3)
    # Platt round: one Newton step on the summed terms of both silos' calibration rows.
    w = np.asarray(summary["weights"])
    raw = np.concatenate([linear.raw_scores(linear.standardize(x[c], mean, sd), w) for x, _, _, c in silos])
    y_cal = np.concatenate([y[c] for _, y, _, c in silos])
    ab = linear.newton_step(np.array([1.0, 0.0]), *linear.platt_terms(raw, y_cal, np.array([1.0, 0.0])))
    assert np.allclose(summary["platt"], ab, atol=1e-3)


def test_it_ran_over_tls_with_registered_supernode_keys(run: RunResult) -> None:
    assert run.summary["tls"] is True
    # Only the silos whose public keys the operator registered took part.
    root = run.run_dir
    assert sorted(p.name for p in (root / "keys").glob("*.pub")) == ["silo_0.pub", "silo_1.pub"]
    assert "authentication is disabled" not in (root / "logs" / "superlink.log").read_text()
    assert set(run.summary["silo_metrics"]) == {"silo_0", "silo_1"}
