"""Secret keys kept outside the database: HMAC keys for audit records and checkpoints, the
pseudonym key for masked identifiers, and the key that encrypts agent checkpoints.

A key is 32 random bytes, stored hex-encoded in ``UW_HOME/keys/<purpose>-<key id>.key`` (0600 from
creation, directory 0700) or given by setting (``UW_AUDIT_KEY`` / ``UW_PSEUDONYM_KEY`` /
``UW_CHECKPOINT_KEY``, hex). Keys rotate: every record stores the id of the key that authenticated
(or sealed) it, ``<purpose>.current`` names the key new records use, and old key files stay so old
records still verify.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from underwrite.core.private_files import create_private, private_dir, write_private
from underwrite.core.settings import get_settings

_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class KeyMissingError(RuntimeError):
    """A key that is needed is missing or unreadable (said in words, never a traceback)."""


@dataclass
class KeyRing:
    """The keys of one purpose: ``current`` signs, every key in ``keys`` verifies."""

    purpose: str
    current: str
    keys: dict[str, bytes] = field(default_factory=dict)

    def sign(self, message: bytes, key_id: str | None = None) -> tuple[str, str]:
        kid = key_id or self.current
        return kid, hmac.new(self.keys[kid], message, hashlib.sha256).hexdigest()

    def check(self, key_id: str, message: bytes, mac: str) -> bool | None:
        """True/False for a known key; None when the key id is not in the ring (cannot check)."""
        key = self.keys.get(key_id)
        if key is None:
            return None
        return hmac.compare_digest(hmac.new(key, message, hashlib.sha256).hexdigest(), mac)


def keys_dir() -> Path:
    return get_settings().home / "keys"


def _decode(hex_text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(hex_text.strip())
    except ValueError as exc:
        raise KeyMissingError(f"{where} is not a hex-encoded key") from exc
    if len(key) < 16:
        raise KeyMissingError(f"{where} is shorter than 16 bytes")
    return key


def _env_key(secret: SecretStr | None, key_id: str, purpose: str) -> tuple[str, bytes] | None:
    if secret is None or not secret.get_secret_value():
        return None
    key = _decode(secret.get_secret_value(), f"the {purpose} key setting")
    # Without an explicit id, a fingerprint (not the key) names it, so rotating the setting is seen.
    kid = key_id or "env-" + hashlib.sha256(b"uw-key-id\x00" + key).hexdigest()[:10]
    return kid, key


def _file_keys(directory: Path, purpose: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    if directory.is_dir():
        for path in sorted(directory.glob(f"{purpose}-*.key")):
            kid = path.stem[len(purpose) + 1 :]
            if _KEY_ID.match(kid):
                found[kid] = _decode(path.read_text(encoding="ascii"), f"key file {path}")
    return found


def new_key(purpose: str, directory: Path | None = None) -> str:
    """Create a fresh key file and make it current; returns its id."""
    directory = private_dir(directory or keys_dir())
    while True:
        kid = "k" + secrets.token_hex(5)
        if create_private(directory / f"{purpose}-{kid}.key", secrets.token_bytes(32).hex()):
            break
    write_private(directory / f"{purpose}.current", kid)
    return kid


def load_keyring(purpose: str = "audit", *, create: bool = True) -> KeyRing:
    """The ring for ``purpose``: file keys plus the setting's key (which then signs)."""
    settings = get_settings()
    directory = keys_dir()
    secret = {
        "audit": settings.audit_key,
        "pseudonym": settings.pseudonym_key,
        "checkpoint": settings.checkpoint_key,
    }.get(purpose)
    env = _env_key(secret, settings.audit_key_id if purpose == "audit" else "", purpose)
    keys = _file_keys(directory, purpose)
    if env is not None:
        keys[env[0]] = env[1]
        return KeyRing(purpose, env[0], keys)
    pointer = directory / f"{purpose}.current"
    if not pointer.is_file():
        if not create:
            return KeyRing(purpose, "", keys)
        new_key(purpose, directory)
        return load_keyring(purpose, create=False)
    current = pointer.read_text(encoding="ascii").strip()
    keys = _file_keys(directory, purpose)
    if current not in keys:
        raise KeyMissingError(f"{pointer} names key {current!r}, but {purpose}-{current}.key is missing")
    return KeyRing(purpose, current, keys)
