"""TLS and SuperNode authentication for the SuperLink path (``secagg_runner.py``).

TLS: the SuperLink serves with a throwaway CA's loopback certificate (``tls.py``); SuperNodes and
the ``flwr`` CLI pin that CA. Authentication: each silo has its own P-384 key pair (OpenSSH
format, what Flower 1.42 reads); the operator registers each public key with the SuperLink
(``flwr supernode register``) and the SuperLink, started with ``--enable-supernode-auth``,
refuses a SuperNode whose key is not registered. In production each institution makes its own
key and sends only the public half to the consortium operator.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from underwrite.tools.scoring.federated.tls import make_certificates


class Security:
    """Certificates (or none: insecure loopback) and where each silo's key pair lives."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.enabled = enabled
        self.root = root
        self.ca: Path | None = None
        self.cert: Path | None = None
        self.key: Path | None = None
        if enabled:
            self.ca, self.cert, self.key = make_certificates(root / "certs")

    def superlink_args(self) -> list[str]:
        if not self.enabled:
            return ["--insecure"]
        return [
            "--ssl-ca-certfile", str(self.ca), "--ssl-certfile", str(self.cert),
            "--ssl-keyfile", str(self.key), "--enable-supernode-auth",
        ]  # fmt: skip

    def supernode_args(self, silo: str) -> list[str]:
        if not self.enabled:
            return ["--insecure"]
        private, _ = self.node_key(silo)
        return ["--root-certificates", str(self.ca), "--auth-supernode-private-key", str(private)]

    def connection_toml(self, port: int) -> str:
        lines = ["[superlink]", 'default = "local"', "", "[superlink.local]", f'address = "127.0.0.1:{port}"']
        lines.append(f'root-certificates = "{self.ca}"' if self.enabled else "insecure = true")
        return "\n".join(lines) + "\n"

    def node_key(self, silo: str) -> tuple[Path, Path]:
        """(private, public) OpenSSH key files of ``silo``, made on first use."""
        keys = self.root / "keys"
        private, public = keys / f"{silo}.key", keys / f"{silo}.pub"
        if not private.is_file():
            keys.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP384R1())
            private.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.OpenSSH,
                    serialization.NoEncryption(),
                )
            )
            private.chmod(0o600)
            public.write_bytes(
                key.public_key().public_bytes(
                    serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
                )
            )
        return private, public
