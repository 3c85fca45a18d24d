"""Text fusion path: embedding -> out-of-fold text sub-model -> LightGBM, saved and reloaded exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_scoring_model import fast_config

from underwrite.bench.scoring_prose import MOVED_TO_PROSE, with_statements
from underwrite.core.datasets import load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.tools.scoring.bundle import load_bundle
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.fusion import fit_text_block
from underwrite.tools.scoring.schema import NARRATIVE_GROUP
from underwrite.tools.scoring.service import Scorer
from underwrite.tools.scoring.text import serialise
from underwrite.tools.scoring.train import train_bundle


def test_text_block_stacks_out_of_fold_scores() -> None:
    rng = np.random.default_rng(0)
    y = np.array([0, 1] * 60)
    emb = rng.normal(size=(120, 16)) + y[:, None] * 0.4
    block, features = fit_text_block(emb, y, c=1.0, pca_dims=2, folds=3, seed=1)
    in_sample = block.transform(emb)
    assert features.shape == (120, 3)
    assert not np.allclose(features[:, 0], in_sample[:, 0])  # stacked column is out-of-fold
    assert np.allclose(features[:, 1:], in_sample[:, 1:])  # unsupervised projection needs no folds


def test_prose_model_round_trips_and_reasons_group_the_narrative(tmp_path: Path) -> None:
    german = load_dataset("german")
    rows = list(range(0, 1000, 4))  # 250 short statements keep embedding quick
    training = from_dataset(german, fast_config(), rows=rows)
    frame = with_statements(training.frame)
    schema = training.schema.model_copy(
        update={
            "categorical": [c for c in training.schema.categorical if c not in MOVED_TO_PROSE],
            "prose": ["applicant_statement"],
        }
    )
    schema = schema.model_copy(update={"categories": {c: schema.categories[c] for c in schema.categorical}})
    training = type(training)(training.name, frame, training.y, schema, training.data_hash, training.source)
    out = tmp_path / "prose-bundle"
    result = train_bundle(training, out, text="prose", config=fast_config(), cv_folds=2)
    assert result.text_variant == "prose" and (out / "text_block.npz").is_file()
    statement_rows = frame.iloc[:40].to_dict(orient="records")
    first = Scorer(load_bundle(out)).score_rows(statement_rows)
    second = Scorer(load_bundle(out)).score_rows(statement_rows)
    assert [s.model_dump() for s in first] == [s.model_dump() for s in second]
    features = {r.feature for s in first for r in s.reasons}
    assert NARRATIVE_GROUP in features  # the statement carries purpose / job / housing
    narrative = next(r for s in first for r in s.reasons if r.feature == NARRATIVE_GROUP)
    assert narrative.code == "R40" and "statement" in narrative.text
    assert not features & (PROTECTED_FIELDS | set(german.protected))
    assert "Applicant statement" not in serialise(statement_rows[0], schema)  # prose is appended verbatim
