"""Pickles that are only loaded back when an HMAC beside them (``<file>.hmac``) verifies.

Unpickling runs code, so a file under ``UW_HOME/models`` that someone else replaced would run theirs.
The HMAC key lives in ``UW_HOME/keys`` (0600, see ``core.keys``): a file written by this product
carries a valid sidecar, anything else is refused (the caller refits instead of loading it).
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from pathlib import Path

from underwrite.core.keys import load_keyring

log = logging.getLogger(__name__)
_PURPOSE = "models"


def _message(path: Path, data: bytes) -> bytes:
    # The file name is covered so a signed pickle cannot be passed off as another one.
    return b"uw-model-v1\x00" + path.name.encode("utf-8") + b"\x00" + data


def dump_signed(obj: object, path: Path) -> None:
    data = pickle.dumps(obj)
    ring = load_keyring(_PURPOSE)
    key_id, mac = ring.sign(_message(path, data))
    path.parent.mkdir(parents=True, exist_ok=True)
    # A per-process/thread temp name: concurrent first uses must not rename each other's file away.
    suffix = f".{os.getpid()}.{threading.get_ident()}.tmp"
    tmp, tmp_mac = path.with_name(path.name + suffix), path.with_name(path.name + ".hmac" + suffix)
    tmp.write_bytes(data)
    tmp_mac.write_text(f"{key_id} {mac}\n", encoding="ascii")
    tmp.replace(path)
    tmp_mac.replace(path.with_name(path.name + ".hmac"))


def load_signed(path: Path) -> object | None:
    """The unpickled object, or None (logged) when the file is missing or its HMAC does not verify."""
    if not path.is_file():
        return None
    sidecar = path.with_name(path.name + ".hmac")
    data = path.read_bytes()
    try:
        key_id, mac = sidecar.read_text(encoding="ascii").split()
    except (OSError, ValueError):
        log.warning("refusing to load %s: no readable HMAC sidecar %s", path, sidecar.name)
        return None
    if load_keyring(_PURPOSE).check(key_id, _message(path, data), mac) is not True:
        log.warning("refusing to load %s: its HMAC does not verify (file replaced?)", path)
        return None
    return pickle.loads(data)
