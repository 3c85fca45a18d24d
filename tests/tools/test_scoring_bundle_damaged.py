"""Drill: the score model's files truncated, missing or its manifest garbled between runs.

Before: a truncated booster stopped `underwrite memo` with a LangGraph traceback at the score step
("BundleError: … booster.txt changed after the bundle was written / During task with name 'score'"),
a garbled manifest.json with a pydantic traceback, and a batch spent every job's attempts on it.
Now the default model is checked at setup, and the error says what to do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from underwrite.core.settings import get_settings
from underwrite.tools.scoring.bundle import READABLE_FORMATS, BundleError, verify_bundle
from underwrite.tools.scoring.service import DEFAULT_MODEL_NAME, ensure_default_model


def _bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    booster = folder / "booster.txt"
    booster.write_text("tree\n" * 1000)
    digest = hashlib.sha256(booster.read_bytes()).hexdigest()
    manifest = {"format": max(READABLE_FORMATS), "model_version": "v1", "files": {"booster.txt": digest}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_an_intact_bundle_verifies(tmp_path: Path) -> None:
    assert verify_bundle(_bundle(tmp_path / "m")).model_version == "v1"


@pytest.mark.parametrize("damage", ["truncate", "delete", "garble manifest"])
def test_a_damaged_bundle_is_refused_with_the_way_out(tmp_path: Path, damage: str) -> None:
    folder = _bundle(tmp_path / "m")
    if damage == "truncate":
        (folder / "booster.txt").write_bytes((folder / "booster.txt").read_bytes()[:100])
    elif damage == "delete":
        (folder / "booster.txt").unlink()
    else:
        (folder / "manifest.json").write_text('{"format": 3, "files": {"boos')
    with pytest.raises(BundleError) as info:
        verify_bundle(folder)
    assert "damaged or was altered" in str(info.value) and "underwrite train" in str(info.value)


def test_setup_refuses_a_damaged_default_model_before_any_application(isolated_home: Path) -> None:
    folder = _bundle(get_settings().models_dir / DEFAULT_MODEL_NAME)
    (folder / "booster.txt").write_text("cut")
    with pytest.raises(BundleError, match=r"booster\.txt changed after the bundle was written"):
        ensure_default_model()
    assert (folder / "booster.txt").read_text() == "cut"  # not retrained behind anyone's back
