"""An exclusive advisory lock on a file, shared by processes that use one data directory.

One home for it: the embedded LLM server (one llama.cpp process per ``UW_HOME``) and the ONNX
encoder export (one export per ``UW_HOME``) both need "the others wait, then reuse the result".
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold ``flock(LOCK_EX)`` on ``path`` (created, with its folder, if missing) for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
