"""The Flower server process: runs the rounds and writes the aggregated model and run log as JSON.

Run as ``python -m underwrite.tools.scoring.federated.server --port P --silos N --columns D
--rounds R --out result.json [--certs DIR]``. It uses Flower's ``start_server`` (gRPC, still shipped
in flwr 1.42 though deprecated in favour of ``flower-superlink``): one process, no app bundle, which
is what a loopback benchmark needs. The server never opens a data file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import flwr

from underwrite.tools.scoring.federated.strategy import FederatedLogit


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--silos", type=int, required=True)
    parser.add_argument("--columns", type=int, required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--platt-rounds", type=int, default=6)
    parser.add_argument("--mu", type=float, default=0.01)
    parser.add_argument("--local-steps", type=int, default=25)
    parser.add_argument("--dp-clip", type=float, default=0.0)
    parser.add_argument("--dp-noise", type=float, default=0.0)
    parser.add_argument("--spline-columns", type=int, default=0, help="Numeric inputs to spline (0 = off)")
    parser.add_argument("--text-columns", type=int, default=0, help="Embedding columns (0 = no text)")
    parser.add_argument("--round-timeout", type=float, default=600.0)  # loaded shared hosts
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--certs", type=Path, help="Folder with ca.pem, server.pem, server.key (TLS)")
    args = parser.parse_args(argv)
    strategy = FederatedLogit(
        n_silos=args.silos,
        n_columns=args.columns,
        fit_rounds=args.rounds,
        platt_rounds=args.platt_rounds,
        mu=args.mu,
        local_steps=args.local_steps,
        dp_clip=args.dp_clip,
        dp_noise=args.dp_noise,
        spline_columns=args.spline_columns,
        text_columns=args.text_columns,
    )
    certificates = None
    if args.certs:
        certificates = tuple((args.certs / n).read_bytes() for n in ("ca.pem", "server.pem", "server.key"))
    flwr.server.start_server(
        server_address=f"127.0.0.1:{args.port}",
        strategy=strategy,
        config=flwr.server.ServerConfig(num_rounds=strategy.total_rounds, round_timeout=args.round_timeout),
        certificates=certificates,
    )
    summary = strategy.summary()
    summary["tls"] = certificates is not None
    args.out.write_text(json.dumps(summary))


if __name__ == "__main__":
    main()
