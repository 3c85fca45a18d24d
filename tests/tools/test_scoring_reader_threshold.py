"""The decoded-field reader's threshold is chosen on inner folds of the training rows (reader_threshold)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from underwrite.core.datasets import load_dataset
from underwrite.tools.scoring.config import ScoringConfig, load_config
from underwrite.tools.scoring.data import TrainingSet, from_dataset
from underwrite.tools.scoring.reader_fit import SOURCE, training_statements
from underwrite.tools.scoring.reader_threshold import Statements, choose_threshold

FIELDS = ["checking_account_status", "credit_history"]  # most of German's signal: reading them matters


def _hashed(texts: list[str]) -> np.ndarray:
    """Word n-gram vectors: a reader on them reads the generator's phrases (no encoder in unit tests)."""
    hashing = HashingVectorizer(n_features=512, ngram_range=(1, 2), alternate_sign=False)
    dense = hashing.transform(texts).toarray()
    return dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)


@pytest.fixture(scope="module")
def setup() -> tuple[TrainingSet, ScoringConfig]:
    config = load_config()
    config = config.model_copy(update={"lightgbm": {**config.lightgbm, "num_iterations": 120}})
    return from_dataset(load_dataset("german"), config, rows=list(range(450))), config


def _statements(ts: TrainingSet, shuffle: bool = False) -> Statements:
    texts, labels = training_statements(ts.frame, FIELDS)
    if shuffle:  # every row carries another row's statements: a reader that reads nonsense for it
        order = np.random.default_rng(4).permutation(len(ts.frame))
        texts = [texts[2 * int(j) + k] for j in order for k in (0, 1)]
        labels = labels.iloc[[2 * int(j) + k for j in order for k in (0, 1)]].reset_index(drop=True)
    return Statements(texts, labels, _hashed(texts))


def test_a_reader_that_reads_the_fields_is_trusted_where_it_ranks_better(
    setup: tuple[TrainingSet, ScoringConfig],
) -> None:
    ts, config = setup
    choice = choose_threshold(
        ts.frame, ts.y, ts.schema, config, FIELDS, _statements(ts), [0.5, 0.8, 1.01], SOURCE
    )
    rows = {r.threshold: r for r in choice.rows}
    assert rows[1.01].filled_share == 0 and rows[1.01].wrong_share is None  # nothing above p = 1
    assert rows[0.5].filled_share > rows[0.8].filled_share > 0
    assert rows[0.5].wrong_share is not None and rows[0.5].wrong_share < 0.2
    assert choice.chosen < 1.01 and rows[choice.chosen].inner_auc > rows[1.01].inner_auc
    assert choice.folds == 3 and "inner" in choice.rule


def test_a_reader_of_other_rows_statements_is_not_trusted(setup: tuple[TrainingSet, ScoringConfig]) -> None:
    """Held-out rows read another row's statement: its fills are wrong for them, so filling nothing wins.

    The reader is still fitted on (statement, its own labels) pairs, so it reads confidently; only the
    inner AUC can tell that what it reads is not this applicant's.
    """
    ts, config = setup
    statements = _statements(ts, shuffle=True)
    # The labels follow the statements, so the reader learns to read them; the frame's true values do not.
    choice = choose_threshold(ts.frame, ts.y, ts.schema, config, FIELDS, statements, [0.5, 0.8, 1.01], SOURCE)
    rows = {r.threshold: r for r in choice.rows}
    assert rows[0.5].wrong_share is not None and rows[0.5].wrong_share > 0.4
    assert choice.chosen == 1.01


def test_ties_go_to_the_higher_threshold(setup: tuple[TrainingSet, ScoringConfig]) -> None:
    config = setup[1]
    small = from_dataset(load_dataset("german"), config, rows=list(range(150)))
    statements = _statements(small)
    choice = choose_threshold(
        small.frame, small.y, small.schema, config, FIELDS, statements, [1.01, 1.02], SOURCE
    )
    assert choice.rows[0].inner_auc == choice.rows[1].inner_auc  # neither fills anything
    assert choice.chosen == 1.02


def test_a_threshold_grid_outside_probabilities_is_refused_with_its_position() -> None:
    from pydantic import ValidationError

    from underwrite.tools.scoring.config import TextConfig

    text = load_config().text.model_dump()
    with pytest.raises(ValidationError, match=r"reader_threshold_grid\.1"):
        TextConfig.model_validate({**text, "reader_threshold_grid": [0.5, 80]})  # a percent typed as such
    assert TextConfig.model_validate({**text, "reader_threshold_grid": [0.5, 1.0]}).reader_threshold_grid == [
        0.5,
        1.0,
    ]
