"""A small real score model shared by the tests that need *a* default model but no particular one.

``ensure_default_model`` trains the shipped recipe (text reader, field reader, full German set) on
first use: minutes on two shared cores. Tests whose claim is about the memo, the workbench or the
bench report, not the model, install this bundle into their home instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def small_score_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real LightGBM score model on a 400-row slice with fewer rounds, trained once per
    session; read-only: ``install_score_model`` copies it into each test's home."""
    from underwrite.core.datasets import load_dataset
    from underwrite.tools.scoring import train_bundle
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset

    config = load_config()
    fast = config.model_copy(update={"lightgbm": {**config.lightgbm, "num_iterations": 80}})
    training = from_dataset(load_dataset("german"), config, rows=list(range(400)))
    out = tmp_path_factory.mktemp("small-score-model") / "bundle"
    train_bundle(training, out, text="none", config=fast, cv_folds=2)
    return out


def install_score_model(bundle: Path) -> None:
    """``bundle`` where ``ensure_default_model`` looks for the default model in this home."""
    from underwrite.core.settings import get_settings
    from underwrite.tools.scoring.service import DEFAULT_MODEL_NAME

    shutil.copytree(bundle, get_settings().models_dir / DEFAULT_MODEL_NAME)
