"""The federation as a Flower ServerApp (and the silo client its ClientApp builds), every training
round under SecAgg+.

This is the SuperLink path of Flower 1.42 (``flower-superlink`` + one ``flower-supernode`` per silo,
``flwr run``; see ``secagg_runner.py``). The strategy is the same ``FederatedLogit`` as on the
legacy path. Every fit round (sketch, stats, FedProx weights, Platt) goes through
``SecAggPlusWorkflow``: each SuperNode's ``secaggplus_mod`` masks its size-weighted per-row means
with pairwise and private masks and secret-shares the seeds, so the server unmasks only the
size-weighted average over the silos and never one silo's array (the round's row counts and the
silo name travel in the clear, as Flower's protocol sends them). Values are quantized into
``[-CLIPPING_RANGE, CLIPPING_RANGE]``: histograms / n are fractions, the stats round divides
each column by the sketch's value scale first, weights and Platt terms / n are small. What the
server still sees per silo: its fit and calibration row counts, and in the final evaluate message
its metrics on its own calibration rows (AUC, KS, Brier, personalised choice), which the model
card reports by design.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from flwr.client import Client
from flwr.common import Context
from flwr.server import Grid, LegacyContext, ServerApp, ServerConfig
from flwr.server.workflow import DefaultWorkflow, SecAggPlusWorkflow
from flwr.server.workflow.constant import MAIN_CONFIGS_RECORD, Key
from flwr.server.workflow.default_workflows import default_fit_workflow

from underwrite.tools.scoring.federated.client import SiloClient
from underwrite.tools.scoring.federated.strategy import FederatedLogit
from underwrite.tools.scoring.schema import FeatureSchema

CLIPPING_RANGE = 64.0
"""Wider than Flower's default 8 (Platt terms, ordinal ranks); with 2^24 quantization steps the
resolution is 128 / 2^24 ≈ 8e-6 per value, and 8 silos' sums stay below the 2^32 modulus."""
QUANTIZATION_RANGE = 2**24


class PhaseFitWorkflow:
    """SecAgg+ for every fit round when ``secure`` is given, Flower's plain fit workflow otherwise."""

    def __init__(self, strategy: FederatedLogit, secure: SecAggPlusWorkflow | None) -> None:
        self.strategy = strategy
        self.secure = secure
        self.secure_rounds: list[int] = []

    def __call__(self, grid: Grid, context: Context) -> None:
        legacy = cast(LegacyContext, context)
        current = cast(int, legacy.state.config_records[MAIN_CONFIGS_RECORD][Key.CURRENT_ROUND])
        if self.secure is not None:
            self.secure_rounds.append(current)
            self.secure(grid, legacy)
        else:
            default_fit_workflow(grid, legacy)


server_app = ServerApp()


@server_app.main()
def _server_main(grid: Grid, context: Context) -> None:
    cfg = context.run_config
    silos = int(cfg["silos"])
    strategy = FederatedLogit(
        n_silos=silos,
        n_columns=int(cfg["columns"]),
        fit_rounds=int(cfg["rounds"]),
        platt_rounds=int(cfg["platt-rounds"]),
        mu=float(cfg["mu"]),
        local_steps=int(cfg["local-steps"]),
        spline_columns=int(cfg["spline-columns"]),
        sketch=bool(cfg["secagg"]),  # the stats round needs the sketch's value scale under SecAgg+
        text_columns=int(cfg["text-columns"]),
    )
    secure = None
    if bool(cfg["secagg"]):
        # Every silo holds a share of every other's seeds; any silos-1 of them can unmask a dropout.
        secure = SecAggPlusWorkflow(
            num_shares=1.0,
            reconstruction_threshold=max(2, silos - 1),
            max_weight=float(cfg["max-weight"]),
            clipping_range=CLIPPING_RANGE,
            quantization_range=QUANTIZATION_RANGE,
        )
    fit_workflow = PhaseFitWorkflow(strategy, secure)
    legacy = LegacyContext(
        context=context,
        config=ServerConfig(num_rounds=strategy.total_rounds, round_timeout=float(cfg["round-timeout"])),
        strategy=strategy,
    )
    DefaultWorkflow(fit_workflow=fit_workflow)(grid, legacy)
    summary = strategy.summary()
    summary["tls"] = bool(cfg["tls"])
    summary["secagg_rounds"] = fit_workflow.secure_rounds
    Path(str(cfg["out"])).write_text(json.dumps(summary))


def silo_client(context: Context) -> Client:
    """This SuperNode's silo client, from its ``--node-config`` (the ClientApp: ``fab_client_app.py``)."""
    node = context.node_config
    schema = FeatureSchema.model_validate_json(Path(str(node["schema"])).read_text())
    personal = str(node.get("personal-out", ""))
    client = SiloClient(
        str(node["name"]), Path(str(node["data"])), schema, personal_out=Path(personal) if personal else None
    )
    return client.to_client()
