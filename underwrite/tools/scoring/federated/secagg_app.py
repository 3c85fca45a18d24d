"""The federation as a Flower ServerApp / ClientApp, with SecAgg+ on the FedProx weight rounds.

This is the SuperLink path of Flower 1.42 (``flower-superlink`` + one ``flower-supernode`` per silo,
``flwr run``; see ``secagg_runner.py``). The strategy is the same ``FederatedLogit`` as on the
legacy path. The fit rounds go through ``SecAggPlusWorkflow``: each SuperNode's ``secaggplus_mod``
masks its weighted update with pairwise and private masks and secret-shares the seeds, so the
server unmasks only the weighted *sum* of the silos' weights and never one silo's update. The
sketch, stats and Platt rounds still send their per-silo aggregates in the clear (SecAgg+
quantizes into [-clipping_range, clipping_range], and counts / sums of squares do not fit
that range without a rescaling this module does not do).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import cast

from flwr.client import ClientApp
from flwr.client.mod import secaggplus_mod
from flwr.common import Context, Message, MessageType
from flwr.common.secure_aggregation.secaggplus_constants import RECORD_KEY_CONFIGS
from flwr.server import Grid, LegacyContext, ServerApp, ServerConfig
from flwr.server.workflow import DefaultWorkflow, SecAggPlusWorkflow
from flwr.server.workflow.constant import MAIN_CONFIGS_RECORD, Key
from flwr.server.workflow.default_workflows import default_fit_workflow

from underwrite.tools.scoring.federated.client import SiloClient
from underwrite.tools.scoring.federated.strategy import FederatedLogit
from underwrite.tools.scoring.schema import FeatureSchema


class PhaseFitWorkflow:
    """SecAgg+ for the ``fit`` rounds, Flower's plain fit workflow for the others."""

    def __init__(self, strategy: FederatedLogit, secure: SecAggPlusWorkflow | None) -> None:
        self.strategy = strategy
        self.secure = secure
        self.secure_rounds: list[int] = []

    def __call__(self, grid: Grid, context: Context) -> None:
        legacy = cast(LegacyContext, context)
        current = cast(int, legacy.state.config_records[MAIN_CONFIGS_RECORD][Key.CURRENT_ROUND])
        if self.secure is not None and self.strategy.phase(current) == "fit":
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
    )
    secure = None
    if bool(cfg["secagg"]):
        # Every silo holds a share of every other's seeds; any silos-1 of them can unmask a dropout.
        secure = SecAggPlusWorkflow(
            num_shares=1.0, reconstruction_threshold=max(2, silos - 1), max_weight=float(cfg["max-weight"])
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


def secagg_when_asked(
    msg: Message, ctxt: Context, call_next: Callable[[Message, Context], Message]
) -> Message:
    """``secaggplus_mod`` for the fit messages that carry SecAgg+ stages; the plain ones pass through.

    Flower's mod expects every train message to be a SecAgg+ stage; the sketch, stats and Platt
    rounds here are plain train messages.
    """
    plain = RECORD_KEY_CONFIGS not in msg.content.config_records
    if msg.metadata.message_type == MessageType.TRAIN and plain:
        return call_next(msg, ctxt)
    return secaggplus_mod(msg, ctxt, call_next)


def _client_fn(context: Context) -> object:
    node = context.node_config
    schema = FeatureSchema.model_validate_json(Path(str(node["schema"])).read_text())
    personal = str(node.get("personal-out", ""))
    client = SiloClient(
        str(node["name"]), Path(str(node["data"])), schema, personal_out=Path(personal) if personal else None
    )
    return client.to_client()


client_app = ClientApp(client_fn=_client_fn, mods=[secagg_when_asked])  # type: ignore[arg-type]
