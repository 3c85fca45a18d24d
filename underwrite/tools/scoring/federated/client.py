"""One silo's Flower client process: reads only its own file and answers with aggregates.

Run as ``python -m underwrite.tools.scoring.federated.client --data silo_0.csv --schema schema.json
--server 127.0.0.1:PORT [--root-cert ca.pem]``. What it sends per phase: column stats (3, d), weights
(d + 1,), Platt gradient (2,) and Hessian (2, 2), and scalar metrics. Never a row, label or score.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
from flwr.client import NumPyClient, start_client
from flwr.common import NDArrays, Scalar

from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.silos import local_split, read_silo
from underwrite.tools.scoring.schema import FeatureSchema


class SiloClient(NumPyClient):
    def __init__(self, name: str, data: Path, schema: FeatureSchema, die_at_round: int = 0) -> None:
        frame = read_silo(data, schema.categorical)
        self.name = name
        self.y = frame[schema.target].to_numpy(dtype=int)
        self.x = linear.raw_design(frame, schema)
        self.fit_idx, self.cal_idx = local_split(self.y)
        self.die_at_round = die_at_round
        self.round = 0

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
        if phase == "stats":
            return [linear.column_stats(self.x[self.fit_idx])], n_fit, meta
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
        return [grad, hess], len(self.cal_idx), meta

    def evaluate(
        self, parameters: NDArrays, config: dict[str, Scalar]
    ) -> tuple[float, int, dict[str, Scalar]]:
        w, mean, sd, ab = parameters
        y = self.y[self.cal_idx]
        pd_values = linear.calibrated(linear.raw_scores(self._z(mean, sd, self.cal_idx), w), ab)
        scores = linear.metrics(y, pd_values)
        eps = 1e-12
        loss = -float(np.mean(y * np.log(pd_values + eps) + (1 - y) * np.log(1 - pd_values + eps)))
        return loss, len(y), {"silo": self.name, **scores}


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
    args = parser.parse_args(argv)
    schema = FeatureSchema.model_validate_json(args.schema.read_text())
    client = SiloClient(args.name, args.data, schema, die_at_round=args.die_at_round)
    start_client(
        server_address=args.server,
        client=client.to_client(),
        root_certificates=args.root_cert.read_bytes() if args.root_cert else None,
        insecure=args.root_cert is None,
        max_wait_time=120.0,
    )


if __name__ == "__main__":
    main()
