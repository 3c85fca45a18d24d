"""The Flower strategy: sketch and stats rounds, FedProx rounds of the logistic regression, Platt rounds.

Round 1 (``sketch``, with splines on or under SecAgg+) pools each silo's log-grid histograms of
its numeric inputs into the quartile knots (``splines.py``) and a per-column value scale. The
``stats`` round pools column counts / sums / squares (of values divided by that scale) into the
standardizer. The R ``fit`` rounds send the global weights; each silo runs a few L-BFGS steps of
its FedProx objective and the server averages the weights by silo size (FedAvg when mu = 0). The
last K rounds (``platt``) fit the calibrator federatedly: the server takes a Newton step on the
pooled gradient and Hessian of the Platt log-loss over the silos' own calibration rows. The final
model is then evaluated on every silo's calibration rows (metrics only), and each silo fits its
personalised model there (``personal.py``), which stays with the silo.

Every round is a size-weighted average: a silo sends its per-row mean (histogram / n, stats / n,
gradient / n, or its weights) with its row count n, and the server needs only
``sum(n_i · mean_i) / sum(n_i)``. That is exactly what SecAgg+ unmasks, so on the SuperLink path
every round runs under it and the server never sees one silo's array (``secagg_app.py``); here the
server computes the same average from the plain arrays.

Everything that arrives from a silo is logged (array shapes, a digest, metric names) so a test can
prove that no row-shaped array ever crossed. A silo that fails or disappears is reported and the
rounds go on with the others.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from flwr.common import (
    EvaluateIns,
    EvaluateRes,
    FitIns,
    FitRes,
    Parameters,
    Scalar,
    ndarrays_to_parameters,
    parameters_to_ndarrays,
)
from flwr.server.client_manager import ClientManager
from flwr.server.client_proxy import ClientProxy
from flwr.server.strategy import Strategy

from underwrite.tools.scoring.federated import splines
from underwrite.tools.scoring.federated.linear import newton_step, standardizer
from underwrite.tools.scoring.federated.text import text_divisor


def _bytes(parameters: Parameters) -> int:
    return sum(len(t) for t in parameters.tensors)


class FederatedLogit(Strategy):
    def __init__(
        self,
        n_silos: int,
        n_columns: int,
        fit_rounds: int,
        platt_rounds: int = 6,
        mu: float = 0.01,
        local_steps: int = 25,
        dp_clip: float = 0.0,
        dp_noise: float = 0.0,
        spline_columns: int = 0,
        sketch: bool = False,
        text_columns: int = 0,
    ) -> None:
        self.text_columns = text_columns
        """How many base columns (the last ones before the hinges) are the text embedding."""
        self.spline_columns = spline_columns
        """How many leading design columns are numeric and get hinge columns (0 = splines off)."""
        self.sketch = sketch or spline_columns > 0
        """Run the sketch round (for the knots, and for the value scale SecAgg+ needs)."""
        self.knot_col, self.knot_val = np.zeros(0), np.zeros(0)
        self.n_base = n_columns
        self.dp_clip = dp_clip
        self.dp_noise = dp_noise
        self.n_silos = n_silos
        self.fit_rounds = fit_rounds
        self.platt_rounds = platt_rounds
        self.mu = mu
        self.local_steps = local_steps
        self.w = np.zeros(n_columns + 1)
        self.mean = np.zeros(n_columns)
        self.sd = np.ones(n_columns)
        self.ab = np.array([1.0, 0.0])
        self.scale = np.ones(n_columns)
        self.total_rows = 0
        self.silo_of_cid: dict[str, str] = {}
        self.rounds: list[dict[str, Any]] = []
        self.wire: list[dict[str, Any]] = []
        self.silo_metrics: dict[str, dict[str, float]] = {}
        self.dropped: dict[str, int] = {}
        self.bytes_to_silos = 0
        self.bytes_from_silos = 0

    @property
    def prep_rounds(self) -> int:
        return 2 if self.sketch else 1

    @property
    def total_rounds(self) -> int:
        return self.prep_rounds + self.fit_rounds + self.platt_rounds

    def phase(self, server_round: int) -> str:
        if server_round <= self.prep_rounds:
            return "sketch" if server_round < self.prep_rounds else "stats"
        return "fit" if server_round <= self.prep_rounds + self.fit_rounds else "platt"

    def _payload(self) -> Parameters:
        """Every instruction carries the whole global state; a silo uses what its phase needs."""
        return ndarrays_to_parameters(
            [self.w, self.mean, self.sd, self.ab, self.knot_col, self.knot_val, self.scale]
        )

    def initialize_parameters(self, client_manager: ClientManager) -> Parameters | None:
        return ndarrays_to_parameters([self.w])

    def _sample(self, client_manager: ClientManager, server_round: int) -> list[ClientProxy]:
        # Round 1 waits for every silo; later rounds go on with whoever is still connected.
        wanted = self.n_silos if server_round == 1 else max(1, client_manager.num_available())
        return client_manager.sample(num_clients=wanted, min_num_clients=wanted if server_round == 1 else 1)

    def configure_fit(
        self, server_round: int, parameters: Parameters, client_manager: ClientManager
    ) -> list[tuple[ClientProxy, FitIns]]:
        phase = self.phase(server_round)
        config: dict[str, Scalar] = {
            "phase": phase,
            "lam": 1.0 / max(self.total_rows, 1),
            "mu": self.mu,
            "steps": self.local_steps,
            "dp_clip": self.dp_clip,
            "dp_noise": self.dp_noise,
        }
        payload = self._payload()
        clients = self._sample(client_manager, server_round)
        self.bytes_to_silos += _bytes(payload) * len(clients)
        self._expected = [c.cid for c in clients]
        return [(c, FitIns(payload, config)) for c in clients]

    def _log_wire(
        self, server_round: int, kind: str, silo: str, arrays: list[np.ndarray], res_metrics: dict
    ) -> None:
        self.wire.append(
            {
                "round": server_round,
                "kind": kind,
                "silo": silo,
                "shapes": [list(a.shape) for a in arrays],
                # A digest, not the values: lets a test see that under SecAgg+ every silo's slot
                # held the same (unmasked sum) array, i.e. the server never saw one silo's update.
                "digest": hashlib.sha256(b"".join(a.tobytes() for a in arrays)).hexdigest()[:16],
                "metrics": {k: v for k, v in res_metrics.items() if not isinstance(v, bytes)},
            }
        )

    def aggregate_fit(
        self,
        server_round: int,
        results: list[tuple[ClientProxy, FitRes]],
        failures: list[tuple[ClientProxy, FitRes] | BaseException],
    ) -> tuple[Parameters | None, dict[str, Scalar]]:
        phase = self.phase(server_round)
        got: list[tuple[str, list[np.ndarray], int]] = []
        for proxy, res in results:
            silo = str(res.metrics.get("silo", proxy.cid))
            self.silo_of_cid[proxy.cid] = silo
            arrays = parameters_to_ndarrays(res.parameters)
            self.bytes_from_silos += _bytes(res.parameters)
            self._log_wire(server_round, phase, silo, arrays, dict(res.metrics))
            got.append((silo, arrays, int(res.num_examples)))
        answered = {s for s, _, _ in got}
        known = set(self.silo_of_cid.values())
        for silo in sorted(known - answered):
            self.dropped.setdefault(silo, server_round)
        entry: dict[str, Any] = {"round": server_round, "phase": phase, "silos": sorted(answered)}
        entry["failures"] = [repr(f) if isinstance(f, BaseException) else "error status" for f in failures]
        self.rounds.append(entry)
        if not got:
            return None, {}
        rows = sum(n for _, _, n in got)
        # sum(n_i * mean_i): the pooled total (under SecAgg+ every slot already holds the average).
        pooled = [
            np.average(np.stack([a[k] for _, a, _ in got]), axis=0, weights=[n for _, _, n in got]) * rows
            for k in range(len(got[0][1]))
        ]
        if phase == "sketch":
            hist = np.rint(np.maximum(pooled[0], 0.0))  # counts are integers: drop quantization noise
            if self.spline_columns:
                self.knot_col, self.knot_val = splines.knots_from_sketch(hist)
            width = self.n_base + len(self.knot_col)
            self.w, self.mean, self.sd = np.zeros(width + 1), np.zeros(width), np.ones(width)
            self.scale = splines.column_scale(hist, width, self.knot_col)
        elif phase == "stats":
            mean, sd = standardizer(pooled[0])
            self.mean, self.sd = mean * self.scale, sd * self.scale
            if self.text_columns:  # the product's text L2 through the divisor (text.py)
                self.sd[self.n_base - self.text_columns : self.n_base] = text_divisor()
            self.total_rows = rows
        elif phase == "fit":
            self.w = pooled[0] / rows
        else:
            self.ab = newton_step(self.ab, pooled[0], pooled[1])
        return ndarrays_to_parameters([self.w]), {"silos": len(got)}

    def configure_evaluate(
        self, server_round: int, parameters: Parameters, client_manager: ClientManager
    ) -> list[tuple[ClientProxy, EvaluateIns]]:
        if server_round != self.total_rounds:
            return []
        payload = self._payload()
        clients = self._sample(client_manager, server_round)
        self.bytes_to_silos += _bytes(payload) * len(clients)
        config: dict[str, Scalar] = {"phase": "evaluate", "lam": 1.0 / max(self.total_rows, 1)}
        return [(c, EvaluateIns(payload, config)) for c in clients]

    def aggregate_evaluate(
        self,
        server_round: int,
        results: list[tuple[ClientProxy, EvaluateRes]],
        failures: list[tuple[ClientProxy, EvaluateRes] | BaseException],
    ) -> tuple[float | None, dict[str, Scalar]]:
        for proxy, res in results:
            silo = str(res.metrics.get("silo", proxy.cid))
            self._log_wire(server_round, "evaluate", silo, [], dict(res.metrics))
            self.silo_metrics[silo] = {
                k: float(v) for k, v in res.metrics.items() if isinstance(v, (int, float))
            }
        if not results:
            return None, {}
        losses = [res.loss * res.num_examples for _, res in results]
        return float(sum(losses) / sum(res.num_examples for _, res in results)), {}

    def evaluate(self, server_round: int, parameters: Parameters) -> tuple[float, dict[str, Scalar]] | None:
        return None  # the server holds no data: all evaluation happens on the silos

    def summary(self) -> dict[str, Any]:
        return {
            "weights": self.w.tolist(),
            "mean": self.mean.tolist(),
            "sd": self.sd.tolist(),
            "platt": self.ab.tolist(),
            "knot_col": self.knot_col.tolist(),
            "knot_val": self.knot_val.tolist(),
            "scale": self.scale.tolist(),
            "total_rows": self.total_rows,
            "rounds": self.rounds,
            "wire": self.wire,
            "silo_metrics": self.silo_metrics,
            "dropped": self.dropped,
            "bytes_to_silos": self.bytes_to_silos,
            "bytes_from_silos": self.bytes_from_silos,
            "strategy": {
                "name": "FedProx" if self.mu > 0 else "FedAvg",
                "mu": self.mu,
                "local_steps": self.local_steps,
                "dp_clip": self.dp_clip,
                "dp_noise": self.dp_noise,
                "splines": bool(self.spline_columns),
                "sketch_round": self.sketch,
            },
            "fit_rounds": self.fit_rounds,
            "platt_rounds": self.platt_rounds,
        }
