"""Packet folders as the queue sees them: what counts as one, and the hash that identifies it."""

from __future__ import annotations

from pathlib import Path

from underwrite.queue.errors import PacketRejected
from underwrite.tools.intake.packet import packet_content_hash, packet_files

__all__ = ["is_os_junk", "packet_content_hash", "packet_files", "validate_packet_dir"]

# Files an operating system drops into folders by itself; they are not part of an application.
_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "Icon\r", ".directory"})
_JUNK_DIRS = frozenset({"__MACOSX", ".Spotlight-V100", ".Trashes", ".fseventsd"})
# The answer key of generated packets; a folder holding only this is not an application.
_ANSWER_KEY = "truth.json"


def is_os_junk(relative: Path) -> bool:
    if any(part in _JUNK_DIRS for part in relative.parts[:-1]):
        return True
    name = relative.name
    return name in _JUNK_NAMES or name.startswith("._")


def _nested_files(packet_dir: Path) -> list[Path]:
    """Every file under the folder (recursively), OS junk excluded: only to explain a rejection."""
    files = [
        path
        for path in packet_dir.rglob("*")
        if path.is_file() and not is_os_junk(path.relative_to(packet_dir))
    ]
    return sorted(files, key=lambda p: p.relative_to(packet_dir).as_posix())


def validate_packet_dir(path: Path) -> Path:
    """The resolved packet folder, or :class:`PacketRejected` saying why it is not one."""
    if not path.exists():
        raise PacketRejected(f"{path}: no such folder")
    if not path.is_dir():
        raise PacketRejected(f"{path}: not a folder (queue one folder per application packet)")
    resolved = path.resolve()
    if packet_files(resolved):
        return resolved
    documents = [f for f in _nested_files(resolved) if f.relative_to(resolved).as_posix() != _ANSWER_KEY]
    subfolders = sorted({f.relative_to(resolved).parts[0] for f in documents})
    if subfolders:
        shown = ", ".join(subfolders[:3]) + (" …" if len(subfolders) > 3 else "")
        raise PacketRejected(
            f"{path}: holds folders ({shown}) but no documents of its own; "
            f"queue each packet folder instead, e.g. `underwrite queue add {path}/*`"
        )
    raise PacketRejected(f"{path}: no application documents in this folder")
