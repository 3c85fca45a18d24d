"""The development-fold variants change what they name, on a copy."""

from __future__ import annotations

from underwrite.bench.scoring_dev_variants import VARIANTS, variant_config
from underwrite.tools.scoring.config import load_config


def test_every_variant_but_base_changes_the_config_and_leaves_the_shipped_one_alone() -> None:
    config = load_config()
    before = config.model_dump()
    for name in VARIANTS:
        changed = variant_config(config, name).model_dump()
        assert (changed == before) == (name == "base"), name
    assert config.model_dump() == before
