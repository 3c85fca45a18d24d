"""Shared fixtures. Every test gets its own UW_HOME and no real LLM unless it opts in."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from score_models import small_score_model  # noqa: F401  (a session fixture, registered once)

from underwrite.core.settings import reset_settings_cache

# The suite starts many Python processes (the CLI, the API server, batch workers, federated silos,
# spawned claimers, crash scripts) and each imports some 400 underwrite modules. With
# PYTHONDONTWRITEBYTECODE set (this machine's shell sets it) no .pyc was ever written, so every one
# of them compiled those modules from source again. Bytecode is a cache keyed by each source file's
# mtime and size (never stale) and __pycache__ is git-ignored.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh data directory per test; an LLM URL that refuses connections so no real model is hit."""
    home = tmp_path_factory.mktemp("uw_home")
    monkeypatch.setenv("UW_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # Port 9 (discard) on loopback: a test that forgets to script its LLM fails fast instead of
    # starting the embedded model. Integration tests override this explicitly.
    monkeypatch.setenv("UW_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("UW_LLM_MAX_RETRIES", "0")
    reset_settings_cache()
    yield home
    reset_settings_cache()
