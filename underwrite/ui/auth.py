"""Workbench users: a YAML file under ``UW_HOME`` with scrypt password hashes and one role each.

File shape (``UW_HOME/users.yaml``)::

    users:
      alice: {role: underwriter, password: "scrypt$16384$8$1$<salt b64>$<hash b64>"}

Passwords are never stored or logged in clear; verification runs in constant time and does the
same work for an unknown user as for a known one, so login timing does not reveal who exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from underwrite.core.private_files import write_private
from underwrite.core.settings import get_settings
from underwrite.ui.models import Role, User

USERS_FILENAME = "users.yaml"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _DKLEN = 2**14, 8, 1, 32
_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,39}$")
MIN_PASSWORD_CHARS = 8


class UserConfigError(ValueError):
    """The users file is unreadable, malformed, or a requested change is invalid."""


class _StoredUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    password: str


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """An scrypt hash string carrying its own parameters and random salt."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=_DKLEN)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Verified against when the username is unknown, so both paths cost one scrypt.
_DUMMY_HASH = hash_password("not-a-real-password", salt=b"\0" * 16)


def users_path() -> Path:
    return get_settings().home / USERS_FILENAME


class UserStore:
    """Reads the users file on every lookup, so a user added by the CLI works without a restart."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or users_path()

    def _load(self) -> dict[str, _StoredUser]:
        if not self.path.exists():
            return {}
        try:
            raw = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
            users = raw.get("users") or {}
            return {str(name): _StoredUser.model_validate(entry) for name, entry in users.items()}
        except (yaml.YAMLError, AttributeError, ValueError) as exc:
            raise UserConfigError(f"{self.path}: not a valid users file: {exc}") from exc

    def _save(self, users: dict[str, _StoredUser]) -> None:
        body = {"users": {name: u.model_dump(mode="json") for name, u in sorted(users.items())}}
        # 0600 from the first byte (os.open with the mode), then an atomic rename into place.
        write_private(self.path, yaml.safe_dump(body, sort_keys=True))

    def add_user(self, username: str, password: str, role: Role, *, replace: bool = False) -> User:
        if not _USERNAME.match(username):
            raise UserConfigError(
                f"username {username!r}: use 2-40 lowercase letters, digits, '.', '_' or '-', "
                "starting with a letter."
            )
        if len(password) < MIN_PASSWORD_CHARS:
            raise UserConfigError(f"password must have at least {MIN_PASSWORD_CHARS} characters.")
        users = self._load()
        if username in users and not replace:
            raise UserConfigError(f"user {username!r} already exists (use replace to change it).")
        users[username] = _StoredUser(role=role, password=hash_password(password))
        self._save(users)
        return User(username=username, role=role)

    def authenticate(self, username: str, password: str) -> bool:
        """Gradio's ``auth=`` callback: True when the password matches the stored hash."""
        stored = self._load().get(username)
        ok = verify_password(password, stored.password if stored else _DUMMY_HASH)
        return ok and stored is not None

    def get(self, username: str | None) -> User | None:
        if not username:
            return None
        stored = self._load().get(username)
        return User(username=username, role=stored.role) if stored else None

    def list_users(self) -> list[User]:
        return [User(username=name, role=u.role) for name, u in sorted(self._load().items())]
