"""The Ed25519 key that signs exported audit trails, and the public half a receiver checks with.

The audit chain's HMAC keys (``core.keys``) are secret, so nobody outside the server can check a
MAC. An export is signed with a key pair instead: the private key stays in
``UW_HOME/keys/audit-export-ed25519.key`` (0600 from the first byte, created once even when two
processes start together, as the HMAC keys are), the public key travels with every export and is
what the receiver pins (``underwrite audit public-key`` prints it and its fingerprint).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from underwrite.core.keys import KeyMissingError, keys_dir
from underwrite.core.private_files import create_private, private_dir

KEY_FILE = "audit-export-ed25519.key"
ALGORITHM: Final = "Ed25519"


def fingerprint(public_key: bytes) -> str:
    """``sha256:<hex>`` of the raw 32-byte public key: short enough to read out over the phone."""
    return "sha256:" + hashlib.sha256(public_key).hexdigest()


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: str) -> bytes:
    """A public key as base64 (as exports carry it) or hex; ValueError in words otherwise."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise ValueError("not an Ed25519 public key (base64 or hex of 32 bytes)") from exc
    if len(raw) != 32:
        raise ValueError(f"an Ed25519 public key is 32 bytes, this one is {len(raw)}")
    return raw


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes_raw()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def load_signing_key() -> SigningKey:
    """This server's export key, created on first use."""
    path = private_dir(keys_dir()) / KEY_FILE
    if not path.is_file():
        # Only one of two racing creators wins; both then read the winner's key.
        create_private(path, Ed25519PrivateKey.generate().private_bytes_raw().hex())
    try:
        raw = bytes.fromhex(path.read_text(encoding="ascii").strip())
        return SigningKey(Ed25519PrivateKey.from_private_bytes(raw))
    except ValueError as exc:
        raise KeyMissingError(f"{path} is not a hex-encoded Ed25519 private key") from exc
