"""Staging folders of submitted packets, and the start-up sweep of those a crash left behind.

A packet is written into ``.staging-<host>-<pid>-<nonce>-<application id>`` and renamed into place
when complete (``submissions._enqueue``); a process killed mid-write leaves the staging folder. Only
a published folder (the rename) is ever queued, so a staging folder holds nothing the database
points at: a client that got no 202 retries, and its retry writes the packet afresh.

A staging folder is stale, and removed at start-up, when the process that owns it is gone (same
host, no such pid) or when nothing in it changed for ``stale_after_s`` (a folder of another host,
a reused pid, or one named by an older build, which carries no owner). A live writer's folder is
kept: another API process on this host may be mid-write.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import socket
import time
import uuid
from pathlib import Path

from pydantic import BaseModel

log = logging.getLogger("underwrite.api.staging")
PREFIX = ".staging-"
STALE_AFTER_S = 15 * 60.0
"""A staging folder nothing wrote to for this long is abandoned: a packet is written in seconds."""
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
_OWNED = re.compile(r"^\.staging-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{8}-.+$")


class SweepResult(BaseModel):
    removed: list[str]
    kept: list[str]


def staging_dir(root: Path, application_id: str) -> Path:
    """A new staging folder's path for ``application_id``, named after this host and process."""
    return root / f"{PREFIX}{_HOST}-{os.getpid()}-{uuid.uuid4().hex[:8]}-{application_id}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def _last_change(folder: Path) -> float:
    """The newest mtime of the folder and what is in it (a slow upload keeps touching its file)."""
    times = [folder.stat().st_mtime]
    for child in folder.rglob("*"):
        try:
            times.append(child.lstat().st_mtime)
        except FileNotFoundError:
            continue
    return max(times)


def _why_stale(folder: Path, now: float, stale_after_s: float) -> str | None:
    owned = _OWNED.match(folder.name)
    pid = int(owned["pid"]) if owned and owned["host"] == _HOST else None
    if pid is not None and pid != os.getpid() and not _pid_alive(pid):
        return f"its process {pid} is gone"
    idle = now - _last_change(folder)
    if idle > stale_after_s:
        return f"unchanged for {idle / 60:.0f} min"
    return None


def sweep_staging(root: Path, stale_after_s: float = STALE_AFTER_S, now: float | None = None) -> SweepResult:
    """Remove the stale staging folders under ``root``; published packet folders are never touched."""
    now = time.time() if now is None else now
    removed: list[str] = []
    kept: list[str] = []
    if not root.is_dir():
        return SweepResult(removed=removed, kept=kept)
    for folder in sorted(root.iterdir()):
        if not folder.name.startswith(PREFIX) or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            why = _why_stale(folder, now, stale_after_s)
        except FileNotFoundError:  # its writer published or removed it meanwhile
            continue
        if why is None:
            kept.append(folder.name)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        log.warning("removed the staging folder %s left by an interrupted submit (%s)", folder.name, why)
        removed.append(folder.name)
    return SweepResult(removed=removed, kept=kept)
