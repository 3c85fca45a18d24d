"""Files that hold secrets (keys, password hashes, demo credentials): private from the first byte.

Writing a file and chmod'ing it afterwards leaves a window in which another local user can open it
(and keep the descriptor). These helpers create the file with mode 0600 in ``os.open`` itself, in a
directory made 0700, and replace the target atomically so a reader never sees half a file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) owner-only; an existing directory is tightened to 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def write_private(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` as an owner-only file (0600 from creation), atomically."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never reuse a file someone else created (and may hold open) under the temp name.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def create_private(path: Path, data: bytes | str) -> bool:
    """Create ``path`` with ``data`` (0600) only if it does not exist; True if this call created it.

    Used for keys: two processes starting at once must end up with one key, not each its own, and
    neither may read a half-written one, so the file is written under a temporary name and then
    hard-linked into place (``link`` fails if the target exists)."""
    tmp = write_private(path.with_name(f".{path.name}.{secrets.token_hex(6)}.new"), data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True


def append_private(path: Path, line: str) -> None:
    """Append one line to an owner-only, append-only-by-convention file (O_APPEND: one write call
    per line, so lines from concurrent processes do not interleave within a line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
    try:
        os.write(fd, (line.rstrip("\n") + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
