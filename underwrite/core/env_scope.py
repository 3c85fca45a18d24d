"""Environment variables changed for a while and put back, with the settings cache re-read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from underwrite.core.settings import reset_settings_cache


@contextmanager
def restored_env(keys: Iterable[str]) -> Iterator[None]:
    """Whatever the block does to ``keys`` is undone afterwards: a key that was unset is removed
    again. Settings are cached per process, so the cache is reset after the restore (the block
    resets it itself when it changes a key it wants read)."""
    saved = {key: os.environ.get(key) for key in keys}
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings_cache()
