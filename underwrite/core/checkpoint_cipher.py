"""Encryption at rest for agent checkpoints (LangGraph's ``CipherProtocol``, AES-256-GCM).

A checkpoint holds the whole workflow state: the applicant's name, IBAN, income, the documents'
text. Whoever can read the checkpoint database (a backup, a copied file, a DBA) would read all of it
in clear, although the audit trail masks the same facts. Each blob is sealed with AES-GCM under the
current ``checkpoint`` key (``core.keys``: a key file under ``UW_HOME/keys`` or
``UW_CHECKPOINT_KEY``); the key id travels in the cipher name, so rotated keys still open old
checkpoints, and GCM's tag makes a flipped byte fail loudly instead of reviving altered state.
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from underwrite.core.keys import KeyMissingError, KeyRing, load_keyring

PURPOSE = "checkpoint"
_NAME = "aesgcm"
_NONCE_BYTES = 12
# Bound into every tag: a blob sealed for another use of the same key does not open here.
_AAD = b"underwrite-checkpoint-v1"


class CheckpointDecryptError(RuntimeError):
    """A checkpoint that cannot be opened: unknown key, or altered bytes (said in words)."""


def _aes_key(material: bytes) -> bytes:
    # Key material of any accepted length (>= 16 bytes) becomes exactly one AES-256 key.
    return hashlib.sha256(b"uw-checkpoint-aes\x00" + material).digest()


class CheckpointCipher:
    """Seals and opens checkpoint blobs with the ring's keys (``current`` seals)."""

    def __init__(self, ring: KeyRing) -> None:
        if not ring.current:
            raise KeyMissingError("no checkpoint key is configured")
        self._ring = ring

    def encrypt(self, plaintext: bytes) -> tuple[str, bytes]:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = AESGCM(_aes_key(self._ring.keys[self._ring.current])).encrypt(nonce, plaintext, _AAD)
        return f"{_NAME}:{self._ring.current}", nonce + sealed

    def decrypt(self, ciphername: str, ciphertext: bytes) -> bytes:
        name, _, key_id = ciphername.partition(":")
        if name != _NAME:
            raise CheckpointDecryptError(f"checkpoint sealed with an unknown cipher {name!r}")
        key = self._ring.keys.get(key_id)
        if key is None:
            raise CheckpointDecryptError(
                f"checkpoint sealed with key {key_id!r}, which is not among this home's checkpoint keys"
            )
        try:
            return AESGCM(_aes_key(key)).decrypt(ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:], _AAD)
        except InvalidTag as exc:
            raise CheckpointDecryptError(
                f"checkpoint sealed with key {key_id!r} fails its integrity check (altered or truncated)"
            ) from exc


def checkpoint_cipher() -> CheckpointCipher:
    """The cipher for this home, creating its first key file on first use."""
    return CheckpointCipher(load_keyring(PURPOSE))
