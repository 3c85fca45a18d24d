"""restored_env puts set keys back, removes keys that were unset, and re-reads settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from underwrite.core.env_scope import restored_env
from underwrite.core.settings import get_settings, reset_settings_cache


def test_keys_are_put_back_even_when_the_block_fails(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UW_LLM_MODEL", "before")
    monkeypatch.delenv("UW_MEMO_NARRATIVE", raising=False)
    with pytest.raises(RuntimeError), restored_env(["UW_HOME", "UW_LLM_MODEL", "UW_MEMO_NARRATIVE"]):
        os.environ.update(UW_HOME=str(tmp_path / "other"), UW_LLM_MODEL="during", UW_MEMO_NARRATIVE="claims")
        reset_settings_cache()
        assert get_settings().home == tmp_path / "other"
        raise RuntimeError("the block fails")
    assert os.environ["UW_LLM_MODEL"] == "before" and "UW_MEMO_NARRATIVE" not in os.environ
    assert get_settings().home == isolated_home  # the cache was reset, so the old home is read again
