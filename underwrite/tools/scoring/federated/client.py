"""One silo's Flower client process: reads only its own file and answers with aggregates.

Run as ``python -m underwrite.tools.scoring.federated.client --data silo_0.csv --schema schema.json
--server 127.0.0.1:PORT [--root-cert ca.pem] [--personal-out silo_0.personal.json]``. What it sends
per phase, each with its row count n: numeric-input histograms / n (numerics, splines.BINS), column
stats of the scaled design / n (3, d), weights (d + 1,), Platt gradient / n (2,) and Hessian / n
(2, 2), and scalar metrics. Never a row, label or score. Per-row means, because the server needs
only the size-weighted average, which is what SecAgg+ computes (``strategy.py``). Its personalised
model (``personal.py``) is written to ``--personal-out``, never sent.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
from flwr.client import NumPyClient, start_client
from flwr.common import NDArrays, Scalar

from underwrite.tools.scoring.federated import linear, splines
from underwrite.tools.scoring.federated.personal import personalise
from underwrite.tools.scoring.federated.silos import local_split, read_silo
from underwrite.tools.scoring.federated.text import embeddings_for
from underwrite.tools.scoring.schema import FeatureSchema


class SiloClient(NumPyClient):
    def __init__(
        self,
        name: str,
        data: Path,
        schema: FeatureSchema,
        die_at_round: int = 0,
        personal_out: Path | None = None,
    ) -> None:
        frame = read_silo(data, schema.categorical)
        self.name = name
        self.schema = schema
        self.y = frame[schema.target].to_numpy(dtype=int)
        # With text on, the silo embeds its own rows here; the vectors never leave the process.
        self.base = linear.base_design(frame, schema, embeddings_for(frame, schema, label=name))
        self.n_numeric = len(schema.numeric)
        self.x = self.base
        self.fit_idx, self.cal_idx = local_split(self.y)
        self.die_at_round = die_at_round
        self.personal_out = personal_out
        self.round = 0

    def _use_knots(self, parameters: NDArrays) -> None:
        """The global state holds (knot_col, knot_val) at 4, 5; the design grows by their hinges."""
        self.x = splines.expand(self.base, parameters[4], parameters[5])

    def _z(self, mean: np.ndarray, sd: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return linear.standardize(self.x[idx], mean, sd)

    def fit(self, parameters: NDArrays, config: dict[str, Scalar]) -> tuple[NDArrays, int, dict[str, Scalar]]:
        self.round += 1
        if self.die_at_round and self.round >= self.die_at_round:
            # Fault-injection hook for the dropout test: the process vanishes mid-round, like a crash.
            os._exit(3)
        phase = str(config["phase"])
        meta: dict[str, Scalar] = {"silo": self.name}
        n_fit = len(self.fit_idx)
        if phase == "sketch":
            return [splines.sketch(self.base[self.fit_idx, : self.n_numeric]) / n_fit], n_fit, meta
        self._use_knots(parameters)
        if phase == "stats":
            return [linear.column_stats(self.x[self.fit_idx] / parameters[6]) / n_fit], n_fit, meta
        w, mean, sd = parameters[0], parameters[1], parameters[2]
        if phase == "fit":
            z = self._z(mean, sd, self.fit_idx)
            new = linear.local_fit(
                z,
                self.y[self.fit_idx],
                w,
                lam=float(config["lam"]),
                mu=float(config["mu"]),
                steps=int(config["steps"]),
            )
            return [_privatize(new, w, float(config["dp_clip"]), float(config["dp_noise"]))], n_fit, meta
        raw = linear.raw_scores(self._z(mean, sd, self.cal_idx), w)
        grad, hess = linear.platt_terms(raw, self.y[self.cal_idx], parameters[3])
        n_cal = len(self.cal_idx)
        return [grad / n_cal, hess / n_cal], n_cal, meta

    def evaluate(
        self, parameters: NDArrays, config: dict[str, Scalar]
    ) -> tuple[float, int, dict[str, Scalar]]:
        self._use_knots(parameters)
        w, mean, sd, ab = parameters[:4]
        y = self.y[self.cal_idx]
        z_cal = self._z(mean, sd, self.cal_idx)
        pd_values = linear.calibrated(linear.raw_scores(z_cal, w), ab)
        scores: dict[str, Scalar] = {"silo": self.name, **linear.metrics(y, pd_values)}
        eps = 1e-12
        loss = -float(np.mean(y * np.log(pd_values + eps) + (1 - y) * np.log(1 - pd_values + eps)))
        if self.personal_out is not None:
            scores.update(self._personalise(parameters, z_cal, config))
        return loss, len(y), scores

    def _personalise(
        self, parameters: NDArrays, z_cal: np.ndarray, config: dict[str, Scalar]
    ) -> dict[str, Scalar]:
        """Fit and keep this silo's own model; only its choice and AUC are reported."""
        assert self.personal_out is not None
        w, mean, sd, ab, knot_col, knot_val = parameters[:6]
        summary = {
            "weights": w.tolist(),
            "mean": mean.tolist(),
            "sd": sd.tolist(),
            "platt": ab.tolist(),
            "knot_col": knot_col.tolist(),
            "knot_val": knot_val.tolist(),
        }
        lam = float(config.get("lam", 1.0 / max(len(self.fit_idx), 1)))
        local_lam = 1.0 / max(len(self.fit_idx), 1)  # a silo-alone fit's own L2
        y_cal = self.y[self.cal_idx]
        z_fit = self._z(mean, sd, self.fit_idx)
        mine = personalise(z_fit, self.y[self.fit_idx], z_cal, y_cal, summary, lam, local_lam)
        self.personal_out.write_text(json.dumps(mine))
        raw = linear.raw_scores(z_cal, np.asarray(mine["weights"]))
        personal = linear.metrics(y_cal, linear.calibrated(raw, np.asarray(mine["platt"])))
        return {"personal_auc": personal["auc"], "personal_choice": str(mine["personal_choice"])}


def _privatize(new: np.ndarray, start: np.ndarray, clip: float, noise: float) -> np.ndarray:
    """Clip this round's update to L2 norm ``clip`` and add N(0, (noise * clip)^2) (off when clip = 0).

    Update-level clipping + Gaussian noise only: the stats and Platt rounds are not noised, so this
    measures the AUC cost of noisy updates, it is not an end-to-end DP guarantee.
    """
    if clip <= 0:
        return new
    delta = new - start
    norm = float(np.linalg.norm(delta))
    if norm > clip:
        delta *= clip / norm
    rng = np.random.default_rng()
    return start + delta + rng.normal(0.0, noise * clip, size=delta.shape)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--schema", type=Path, required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--root-cert", type=Path)
    parser.add_argument("--die-at-round", type=int, default=0)
    parser.add_argument("--personal-out", type=Path, help="Write this silo's personalised model here")
    args = parser.parse_args(argv)
    schema = FeatureSchema.model_validate_json(args.schema.read_text())
    client = SiloClient(
        args.name, args.data, schema, die_at_round=args.die_at_round, personal_out=args.personal_out
    )
    start_client(
        server_address=args.server,
        client=client.to_client(),
        root_certificates=args.root_cert.read_bytes() if args.root_cert else None,
        insecure=args.root_cert is None,
        max_wait_time=120.0,
    )


if __name__ == "__main__":
    main()
